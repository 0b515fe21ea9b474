// How the supervision views write times, dates and numbers: Beijing time, zh-CN digits.
import type { Agreement, AuditAction, Outcome, SubmissionStatus } from "../lib/bindings";
import type { MessageKey } from "../lib/i18n/zh-CN";

const BEIJING = "Asia/Shanghai";

/** An instant as Beijing time, `2026/12/04 23:10:05`. */
export function beijingTime(iso: string): string {
  return new Date(iso).toLocaleString("zh-CN", { timeZone: BEIJING, hour12: false });
}

/** An instant's Beijing clock time, `07:46:50` (the status line). */
export function beijingClock(iso: string): string {
  return new Date(iso).toLocaleTimeString("zh-CN", {
    timeZone: BEIJING,
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hour12: false,
  });
}

/** An instant (ms) as Beijing time to the minute, `2026/12/7 07:46` (the photos' watermark). */
export function beijingMinute(ms: number): string {
  return new Date(ms).toLocaleString("zh-CN", { timeZone: BEIJING, hour12: false }).slice(0, -3);
}

/** Today's Beijing date moved by `days`, as `YYYY-MM-DD`. */
export function beijingDate(days = 0): string {
  const at = new Date(Date.now() + days * 86_400_000);
  // Swedish writes dates as YYYY-MM-DD.
  return at.toLocaleDateString("sv-SE", { timeZone: BEIJING });
}

/** Years as runs, `2004–2025, 2027`. */
export function yearRanges(years: number[]): string {
  const runs: [number, number][] = [];
  for (const year of [...years].sort((a, b) => a - b)) {
    const last = runs[runs.length - 1];
    if (last && year === last[1] + 1) last[1] = year;
    else runs.push([year, year]);
  }
  return runs.map(([first, last]) => (first === last ? `${first}` : `${first}–${last}`)).join(", ");
}

const integer = new Intl.NumberFormat("zh-CN");
const decimal = new Intl.NumberFormat("zh-CN", { maximumFractionDigits: 1 });
const percent = new Intl.NumberFormat("zh-CN", { style: "percent", maximumFractionDigits: 1 });

export function count(n: number): string {
  return integer.format(n);
}

export function amount(n: number): string {
  return decimal.format(n);
}

/** `part / whole` as a percentage; a dash when there is no whole. */
export function share(part: number, whole: number): string {
  return whole > 0 ? percent.format(part / whole) : "—";
}

export function agreement(a: Agreement): string {
  return share(a.agreed, a.checked);
}

export function outcomeKey(outcome: Outcome): MessageKey {
  return outcome === "approve" ? "outcome.approve" : "outcome.reject";
}

export function statusKey(status: SubmissionStatus): MessageKey {
  return `status.${status}` as MessageKey;
}

export function actionKey(action: AuditAction): MessageKey {
  // Typed, not cast: a new audit action without a label is a type error.
  const key: MessageKey = `audit.${action}`;
  return key;
}
