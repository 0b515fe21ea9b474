// How the supervision views write numbers, shares and labels the Chinese way (times and dates:
// lib/beijingTime.ts).
import type { Agreement, AuditAction, Outcome, SubmissionStatus } from "../lib/bindings";
import type { MessageKey } from "../lib/i18n/zh-CN";

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
