// Saved views of the decision log, the parts without IPC: which key reopens which slot (Alt+1 …
// Alt+9, also while typing in a field, since Alt+digit types nothing), a stored filter read back
// whole (fields a view saved before a filter existed read as "any"), and whether the filters on
// screen are a saved view's.
import type { DecisionLogFilter, SavedView } from "../lib/bindings";

export const EMPTY_FILTER: DecisionLogFilter = {
  reviewer: null, from: null, to: null, outcome: null, reason: null, id_type: null,
  sla_breached: null, overturned: null, over_findings: null, has_findings: null,
};

/** The slot (1–9) an Alt+digit key names, or null for any other key. */
export function slotOfKey(event: Pick<KeyboardEvent, "key" | "code" | "altKey" | "ctrlKey" | "metaKey" | "shiftKey">): number | null {
  if (!event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return null;
  // `code` first: with Alt held some keyboard layouts report another character as `key`.
  const match = /^Digit([1-9])$/.exec(event.code) ?? /^([1-9])$/.exec(event.key);
  return match ? Number(match[1]) : null;
}

/** A stored filter with every field present (null = any). */
export function wholeFilter(filter: Partial<DecisionLogFilter>): DecisionLogFilter {
  return { ...EMPTY_FILTER, ...filter };
}

/** The view whose filters are exactly these, if any. */
export function viewShowing(views: SavedView[], filter: DecisionLogFilter): SavedView | null {
  const same = (a: DecisionLogFilter, b: DecisionLogFilter) =>
    (Object.keys(EMPTY_FILTER) as (keyof DecisionLogFilter)[]).every((key) => (a[key] ?? null) === (b[key] ?? null));
  return views.find((view) => same(wholeFilter(view.filter), filter)) ?? null;
}

/** The view in a slot, if one is saved there. */
export function viewInSlot(views: SavedView[], slot: number): SavedView | null {
  return views.find((view) => view.slot === slot) ?? null;
}
