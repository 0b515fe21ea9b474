// The review screen's reads: the sheets of the submissions in the queue (asked for ahead and kept
// until they leave it, or until the desktop says it updated cached submissions), the full ID
// number (an audited reveal), the reject-reason catalogue and the applicant's text for chosen
// reasons; and the page's report that it came back after a crash. All through their commands;
// components call these.
import { commands, type AppError, type IdType, type DecisionLookup, type RejectReason, type Result, type ReviewSheet } from "./bindings";

class Reasons {
  list = $state<RejectReason[]>([]);
}

/** The reject-reason catalogue, in picker order (empty until loaded). */
export const reasons = new Reasons();

let reasonsLoaded: Promise<void> | null = null;

/** Loads the catalogue once. */
export function loadReasons(): Promise<void> {
  reasonsLoaded ??= commands.rejectReasons().then(
    (list) => void (reasons.list = list),
    () => void (reasonsLoaded = null),
  );
  return reasonsLoaded;
}

const sheets = new Map<string, Promise<ReviewSheet | null>>();

/** A cached submission's sheet (`null` when it is not cached); asked once per submission. */
export function sheetOf(submissionId: string): Promise<ReviewSheet | null> {
  let found = sheets.get(submissionId);
  if (!found) {
    found = commands
      .reviewSheet(submissionId)
      .then((answer) => (answer.status === "ok" ? answer.data : null))
      .catch(() => null);
    sheets.set(submissionId, found);
  }
  return found;
}

/** Forgets the sheets of submissions no longer in `keep`. */
export function keepSheets(keep: Set<string>) {
  for (const id of sheets.keys()) if (!keep.has(id)) sheets.delete(id);
}

/** Forgets one sheet (decided). */
export function forgetSheet(submissionId: string) {
  sheets.delete(submissionId);
}

let updatesSeen: number | null = null;

/**
 * Takes the desktop's count of cached submissions it updated (`status.submissions_updated`: the
 * photo checks' findings arrived, a due date moved). When it moved since the last count seen,
 * every sheet read before may be stale: they are forgotten and the answer is `true`, so the
 * screen reads the one it shows again.
 */
export function sheetsStale(updates: number | null | undefined): boolean {
  if (updates === null || updates === undefined) return false;
  const moved = updatesSeen !== null && updates !== updatesSeen;
  updatesSeen = updates;
  if (moved) sheets.clear();
  return moved;
}

/** The full ID number, once the server has recorded the reveal. */
/** A case this reviewer decided within 30 days, by its case number (online only). */
export function ownDecision(caseNumber: string): Promise<Result<DecisionLookup, AppError>> {
  return commands.ownDecision(caseNumber);
}

export function revealIdNumber(submissionId: string): Promise<Result<string, AppError>> {
  return commands.revealIdNumber(submissionId);
}

/** Exactly what the applicant will read for these reasons. */
/** What the applicant who submitted `idType` will read (photo reasons name that document's parts). */
export function applicantPreview(idType: IdType, codes: string[], otherText: string): Promise<Result<string, AppError>> {
  return commands.applicantPreview(idType, codes, otherText.trim() ? otherText : null);
}

/** Tells the desktop the page is back after its web process ended, showing `caseId` (logged). */
export function reportRecovered(caseId: string): void {
  void commands.pageRecovered(caseId).catch(() => undefined);
}
