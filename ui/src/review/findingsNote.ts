// What the findings list says about the automatic photo checks, from the sheet alone: a note while
// they are pending, "not completed" with the reason when they failed for good or the check service
// is unavailable (the reviewer checks the photos by eye), and "no problems" only once they are done
// and found nothing, in the declaration or beside any photo.
import type { PhotoChecks, ReviewSheet } from "../lib/bindings";
import type { MessageKey } from "../lib/i18n/zh-CN";

/** The note above the findings; `null` once the checks are done. */
export type ChecksNote = { state: Exclude<PhotoChecks, "done">; title: MessageKey; detail: MessageKey | null };

export function checksNote(checks: PhotoChecks): ChecksNote | null {
  switch (checks) {
    case "done":
      return null;
    case "pending":
      return { state: checks, title: "sheet.photoChecksPending", detail: null };
    case "failed":
      return { state: checks, title: "sheet.photoChecksIncomplete", detail: "sheet.photoChecksFailed" };
    case "unavailable":
      return { state: checks, title: "sheet.photoChecksIncomplete", detail: "sheet.photoChecksUnavailable" };
  }
}

/**
 * The line shown when no finding is listed (`null` when some are): "no problems" only after the
 * photos were checked and nothing was found beside them either; otherwise it speaks of the
 * declaration alone.
 */
export function emptyFindingsText(sheet: Pick<ReviewSheet, "findings" | "photos" | "photo_checks">): MessageKey | null {
  if (sheet.findings.length > 0) return null;
  const photosClean = sheet.photos.every((notes) => notes.findings.length === 0);
  return sheet.photo_checks === "done" && photosClean ? "sheet.noFindings" : "sheet.noDeclarationFindings";
}
