// Undo (撤回): a decision waits its undo window in the desktop's outbox before it is sent and can be
// recalled until then (`U` or `Ctrl+Z`). After the window the decision is final for the reviewer:
// only a supervisor can change it. Pure helpers for the screen's notice and keys.
import type { Recallable } from "../lib/bindings";

/** `U` (no modifier) or `Ctrl+Z`: recall the last decision. */
export function isRecallKey(event: Pick<KeyboardEvent, "key" | "ctrlKey" | "altKey" | "metaKey" | "shiftKey">): boolean {
  if (event.altKey || event.metaKey) return false;
  if (event.ctrlKey) return !event.shiftKey && (event.key === "z" || event.key === "Z");
  return event.key === "u" || event.key === "U";
}

/** Whole seconds left in the window at `now` (milliseconds), at least 0. */
export function secondsLeft(recallable: Pick<Recallable, "until">, now: number): number {
  return Math.max(0, Math.ceil((Date.parse(recallable.until) - now) / 1000));
}

/** How long the "final" notice stays after a window closed, in milliseconds. */
export const FINAL_NOTICE_MS = 6000;

/** What the notice says at `now`: the recall offer, the decision final, or nothing. */
export type Notice = { kind: "recall"; seconds: number } | { kind: "final" } | null;

export function notice(current: Recallable | null | undefined, last: Recallable | null, now: number): Notice {
  if (current && secondsLeft(current, now) > 0) return { kind: "recall", seconds: secondsLeft(current, now) };
  const closed = current ?? last;
  if (closed && now - Date.parse(closed.until) < FINAL_NOTICE_MS && now >= Date.parse(closed.until) - 1000) {
    return { kind: "final" };
  }
  return null;
}
