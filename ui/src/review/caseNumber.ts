// A case number as a reviewer types it (查找我审过的案件): full-width digits and dashes from a
// Chinese input method read as ASCII, spaces ignored; `11-20261206-0042` is the shape (province,
// Beijing date, sequence). The server checks it again; this only lets the field say at once
// what is wrong.

/** The number written the canonical way, or null when it is not one. */
export function caseNumberOf(typed: string): string | null {
  const ascii = typed
    .replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xff10 + 0x30))
    .replace(/[－—–‐]/g, "-")
    .replace(/\s+/g, "");
  return /^\d{2}-\d{8}-\d{4,}$/.test(ascii) ? ascii : null;
}
