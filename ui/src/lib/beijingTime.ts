// The one way the UI writes a time: Beijing time (Asia/Shanghai) whatever the computer's own
// zone, in numeric forms that read the same in Chinese and English:
//
//   date           2026-12-06           (a day: due dates, ranges, "today")
//   short moment   12-06 18:00          (a near moment: lease and checkout expiries, toasts)
//   moment         2026-12-06 18:00     (a recorded moment: decisions, searches, imports, watermark)
//   audit moment   2026-12-06 18:00:05  (the audit trail: timeline events, chain checks)
//   clock          18:00:05             (the status line's last sync, a live figure)
//
// The only UI file that turns an instant into text (a tidy test, beijingTime.test.ts, fails on any
// other file that formats a Date; its tests run with the process in New York).

/** An instant as the server sends it (RFC 3339), milliseconds since the epoch, or a Date. */
export type Instant = string | number | Date;

/** What is shown for an instant that cannot be read. */
const UNREADABLE = "—";

// Parts, not a locale's layout: the layout is ours, the same in every language.
const PARTS = new Intl.DateTimeFormat("en-US", {
  timeZone: "Asia/Shanghai",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  hourCycle: "h23",
});

type Fields = { year: string; month: string; day: string; hour: string; minute: string; second: string };

function fields(at: Instant): Fields | null {
  const date = at instanceof Date ? at : new Date(at);
  if (Number.isNaN(date.getTime())) return null;
  const part: Record<string, string> = {};
  for (const { type, value } of PARTS.formatToParts(date)) part[type] = value;
  const { year, month, day, minute, second } = part;
  // Some engines say 24 for midnight even in the 23-hour cycle.
  const hour = part.hour === "24" ? "00" : part.hour;
  if (!year || !month || !day || !hour || !minute || !second) return null;
  return { year: year.padStart(4, "0"), month, day, hour, minute, second };
}

/** The Beijing day of an instant, `2026-12-06`. */
export function formatDate(at: Instant): string {
  const f = fields(at);
  return f ? `${f.year}-${f.month}-${f.day}` : UNREADABLE;
}

/** A near moment, `12-06 18:00` (no year). */
export function formatShort(at: Instant): string {
  const f = fields(at);
  return f ? `${f.month}-${f.day} ${f.hour}:${f.minute}` : UNREADABLE;
}

/** A recorded moment, `2026-12-06 18:00`. */
export function formatMoment(at: Instant): string {
  const f = fields(at);
  return f ? `${f.year}-${f.month}-${f.day} ${f.hour}:${f.minute}` : UNREADABLE;
}

/** A moment of the audit trail, to the second, `2026-12-06 18:00:05`. */
export function formatAuditMoment(at: Instant): string {
  const f = fields(at);
  return f ? `${f.year}-${f.month}-${f.day} ${f.hour}:${f.minute}:${f.second}` : UNREADABLE;
}

/** A clock time, `18:00:05` (the status line's last sync). */
export function formatClock(at: Instant): string {
  const f = fields(at);
  return f ? `${f.hour}:${f.minute}:${f.second}` : UNREADABLE;
}

/** Today's Beijing date moved by `days`, `2026-12-06`. */
export function beijingToday(days = 0): string {
  return formatDate(Date.now() + days * 86_400_000);
}
