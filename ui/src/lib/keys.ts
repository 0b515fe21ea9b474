// The one rule for single-key shortcuts: a key typed into a field belongs to the field. Every
// window-level key handler (the workspace's tab keys and `/`, the lists' J/K, the review screen's
// letters) asks `isTyping` before it acts.

/** Whether a key pressed with focus on `target` is being typed: an input, a textarea, a select or
 *  editable content. Duck-typed, so it answers for any event target (and `null`). */
export function isTyping(target: EventTarget | null): boolean {
  if (!target || typeof target !== "object") return false;
  const element = target as { tagName?: unknown; isContentEditable?: unknown };
  if (element.isContentEditable === true) return true;
  const tag = typeof element.tagName === "string" ? element.tagName.toUpperCase() : "";
  return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT";
}

/** Whether a plain single-key shortcut may act on `event`: no Ctrl/Alt/Meta and not typing. */
export function isShortcut(event: KeyboardEvent): boolean {
  return !event.ctrlKey && !event.altKey && !event.metaKey && !isTyping(event.target);
}
