// Moving through a list by keyboard, one way for every list of the supervisor's workspace (the
// decision log, the second-review list, the queue's at-risk rows, the search hits): J or ↓ to
// the next row, K or ↑ to the previous one, Home/End to the ends, Enter opens the selected row.
// The selection survives opening a row, so Esc back to the list finds the same row, kept in view.
import { isShortcut } from "../lib/keys";

/** What a key does to a list of `count` rows whose row `index` is selected. */
export type NavStep = { move: number } | { open: number } | null;

/** The pure rule: which row a key selects or opens; `null` for a key lists leave alone. */
export function navStep(key: string, index: number, count: number): NavStep {
  if (count <= 0) return null;
  const at = Math.min(Math.max(index, 0), count - 1);
  switch (key) {
    case "j": case "J": case "ArrowDown": return { move: Math.min(at + 1, count - 1) };
    case "k": case "K": case "ArrowUp": return { move: Math.max(at - 1, 0) };
    case "Home": return { move: 0 };
    case "End": return { move: count - 1 };
    case "Enter": return { open: at };
    default: return null;
  }
}

/** A list's selection and its keys. `count` reads the list's length now; `open` opens a row. */
export class ListNav {
  selected = $state(0);

  constructor(
    private readonly count: () => number,
    private readonly open: (index: number) => void,
  ) {}

  /** Handles a key if it is a list key and nobody is typing; true when it did (the default
   *  action is then prevented). */
  keydown(event: KeyboardEvent): boolean {
    if (!isShortcut(event)) return false;
    // Enter on a focused button is the button's.
    if (event.key === "Enter" && (event.target as { tagName?: string } | null)?.tagName === "BUTTON") return false;
    const step = navStep(event.key, this.selected, this.count());
    if (!step) return false;
    event.preventDefault();
    if ("move" in step) this.selected = step.move;
    else {
      this.selected = step.open;
      this.open(step.open);
    }
    return true;
  }

  /** After the list was reloaded: the selection stays inside it. */
  clamp(): void {
    this.selected = Math.min(Math.max(this.selected, 0), Math.max(this.count() - 1, 0));
  }
}

/** Svelte action for a row: while it is the selected one it is scrolled into view (nearest edge,
 *  so a visible row does not jump). */
export function keepInView(node: HTMLElement, selected: boolean) {
  const show = (on: boolean) => {
    if (on) node.scrollIntoView({ block: "nearest" });
  };
  show(selected);
  return { update: show };
}

/** Brings the selected row under `container` (marked `data-selected="true"`) back into view, after
 *  its list was hidden behind an opened row and shown again. */
export function revealSelected(container: ParentNode | null | undefined): void {
  container?.querySelector<HTMLElement>("[data-selected='true']")?.scrollIntoView({ block: "nearest" });
}
