// Which item opens after a verdict: the first one after the decided item, in the order the list
// had, that is still in the reloaded list; else (`wrap`, a work list such as the second-review
// list) the first other item still waiting. `null` when nothing is left. The decision log does not
// wrap: its reloaded page starts with the verdict just made, which is no next row.

/** The item to open after `current` was decided, taken from `fresh` (the reloaded list). */
export function nextAfter<T>(before: T[], fresh: T[], current: T, same: (a: T, b: T) => boolean, wrap = true): T | null {
  const at = before.findIndex((item) => same(item, current));
  const waiting = (item: T) => !same(item, current) && fresh.some((f) => same(f, item));
  const following = before.slice(at + 1).find(waiting);
  const chosen = following ?? (wrap ? fresh.find((item) => !same(item, current)) : undefined) ?? null;
  // The fresh copy: its first decision and due date are the ones now stored.
  return chosen === null ? null : (fresh.find((item) => same(item, chosen)) ?? null);
}
