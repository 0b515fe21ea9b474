// The working-day calendar the desktop counts with (`calendar_status`), shared by the footer, the
// supervisors' banner and coverage panel: read while any of them is on screen, every 5 s (a local
// read of the synced cache), so a calendar the sync loop brings shows without a restart.
import type { CalendarStatus } from "./bindings";
import { commands } from "./ipc";
import { showError } from "./errorText";

const REFRESH_MS = 5_000;

let current = $state<CalendarStatus | null>(null);
let problem = $state<string | null>(null);
let watchers = 0;
let timer: ReturnType<typeof setInterval> | undefined;

async function load() {
  const answer = await commands.calendarStatus();
  if (answer.status === "ok") {
    current = answer.data;
    problem = null;
  } else problem = showError(answer.error);
}

/** The latest status; `null` until first read. */
export function calendarStatus(): CalendarStatus | null {
  return current;
}

/** Why the latest read failed, in Chinese; `null` when it did not. */
export function calendarProblem(): string | null {
  return problem;
}

/** Keeps the status fresh while the caller is on screen; returns the function that stops it. */
export function watchCalendar(): () => void {
  watchers += 1;
  if (watchers === 1) {
    void load();
    timer = setInterval(load, REFRESH_MS);
  } else void load();
  return () => {
    watchers -= 1;
    if (watchers === 0) clearInterval(timer);
  };
}
