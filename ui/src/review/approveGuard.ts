// The guard over red findings: approving a case with an error-severity finding, or whose automatic
// photo checks are not done (pending, failed, unavailable), asks once more. A second `A` on the
// same case confirms; `Shift+A` approves at once; anything else (another case, Esc, R) disarms.
// The approval then carries the overridden codes (`overridden_findings`), so supervisors can
// find it in the decision log ("approved over findings"). Pure: the screen keeps the state.
import type { Finding, ReviewSheet } from "../lib/bindings";

/** The pseudo-finding code of an approval given while the photo checks were not done. */
export const PHOTO_CHECKS_NOT_DONE = "photo_checks_not_done";

/** One thing the reviewer approves over: its code and the text the prompt names it by. */
export type Override = { code: string; zh: string; en: string };

/** What to name in the prompt for the photo checks not done. */
const CHECKS_NOT_DONE: Override = {
  code: PHOTO_CHECKS_NOT_DONE,
  zh: "照片自动检查未完成，照片未经自动核对",
  en: "The automatic photo checks are not done: the photos were not checked automatically",
};

/** The error findings of a sheet (declaration and photos, each code once), then the checks. */
export function overridesFor(sheet: Pick<ReviewSheet, "findings" | "photos" | "photo_checks">): Override[] {
  const found: Override[] = [];
  const add = (finding: Finding) => {
    if (finding.severity !== "error" || found.some((o) => o.code === finding.code)) return;
    found.push({ code: finding.code, zh: finding.message_zh, en: finding.message_en });
  };
  sheet.findings.forEach(add);
  for (const notes of sheet.photos) notes.findings.forEach(add);
  if (sheet.photo_checks !== "done") found.push(CHECKS_NOT_DONE);
  return found;
}

/** The case the guard has asked about (a second `A` on it confirms), or `null`. */
export type Armed = string | null;

/** What an approve key does: ask first, or approve naming what it overrides. */
export type Step = { kind: "ask"; armed: string } | { kind: "approve"; overridden: string[]; armed: null };

/**
 * One press of the approve key on `submissionId` (`immediate`: Shift+A). A case with nothing to
 * override approves at once; otherwise the first press asks and a second press on the same case
 * (or Shift+A) approves.
 */
export function approveStep(
  armed: Armed,
  submissionId: string,
  overrides: Override[],
  immediate: boolean,
): Step {
  const overridden = overrides.map((o) => o.code);
  if (overrides.length === 0 || immediate || armed === submissionId) {
    return { kind: "approve", overridden, armed: null };
  }
  return { kind: "ask", armed: submissionId };
}
