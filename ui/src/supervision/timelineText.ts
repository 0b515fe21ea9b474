// A timeline event's detail as a sentence in the reader's language: who did what to the case,
// which photo, which reasons (their names, not codes), until when — in Beijing time. Never the
// raw JSON: a detail this code does not know says nothing rather than showing braces.
import type { AuditAction, DocumentNames, TimelineEvent } from "../lib/bindings";
import { photoName } from "../lib/photoNames";
import { t, tf } from "../lib/i18n/index.svelte";
import type { MessageKey } from "../lib/i18n/zh-CN";
import { formatShort } from "../lib/beijingTime";
import { outcomeKey, statusKey } from "./format";

type Detail = Record<string, unknown>;

function text(value: unknown): string | null {
  return typeof value === "string" && value !== "" ? value : null;
}

function list(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

/** Joins names the way the reader's language does. */
function joined(names: string[]): string {
  return names.join(t("timeline.listSeparator"));
}

const STAGES: Record<string, MessageKey> = { first: "log.stage.first", second: "log.stage.second" };
const KINDS: Record<string, MessageKey> = { four_eyes: "timeline.kind.four_eyes", qa_sample: "timeline.kind.qa_sample" };
const MATCHES: Record<string, MessageKey> = {
  case_number: "case.match.case_number",
  applicant_id: "case.match.applicant_id",
  id_number: "case.match.id_number",
  name: "case.match.name",
};

function named(table: Record<string, MessageKey>, value: unknown): string {
  const key = typeof value === "string" ? table[value] : undefined;
  return key ? t(key) : "—";
}

function decided(detail: Detail, reasonName: (code: string) => string): string {
  const outcome = text(detail.outcome);
  const parts = [outcome === "approve" || outcome === "reject" ? t(outcomeKey(outcome)) : "—"];
  const reasons = list(detail.reasons).map(reasonName);
  if (reasons.length > 0) parts.push(tf("timeline.reasons", { reasons: joined(reasons) }));
  const status = text(detail.status);
  if (status) parts.push(tf("timeline.statusNow", { status: t(statusKey(status as never)) }));
  if (detail.qa_sample === true) parts.push(t("timeline.qaSample"));
  return parts.join(t("timeline.clauseSeparator"));
}

/** The sentence for `event`; "" when its detail carries nothing worth saying. */
export function describeEvent(
  event: TimelineEvent,
  reasonName: (code: string) => string,
  document: DocumentNames | null = null,
): string {
  let detail: Detail;
  try {
    const parsed: unknown = JSON.parse(event.detail);
    detail = parsed && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as Detail) : {};
  } catch {
    detail = {};
  }
  const until = (value: unknown) => (text(value) ? formatShort(text(value) as string) : "—");
  const action: AuditAction = event.action;
  switch (action) {
    case "intake":
      return tf("timeline.say.intake", { attempt: String(detail.attempt ?? "—"), number: text(detail.case_number) ?? "—" });
    case "claim":
      return tf("timeline.say.claim", { stage: named(STAGES, detail.stage), until: until(detail.expires_at) });
    case "lease_renewed":
      return tf("timeline.say.renewed", { until: until(detail.expires_at) });
    case "image_view":
      return tf(detail.cached === true ? "timeline.say.imageCached" : "timeline.say.image", { side: photoName(detail.side, document) });
    case "decision":
      return `${named(STAGES, detail.stage)}${t("timeline.clauseSeparator")}${decided(detail, reasonName)}`;
    case "second_review_confirmed":
    case "second_review_changed":
      return `${named(KINDS, detail.kind)}${t("timeline.clauseSeparator")}${decided(detail, reasonName)}`;
    case "golden_planted":
      return tf("timeline.say.golden", {
        outcome: text(detail.expected_outcome) === "approve" ? t("outcome.approve") : t("outcome.reject"),
      });
    case "case_search": {
      const query = detail.query as Detail | string | undefined;
      const number = query && typeof query === "object" ? text(query.case_number) : null;
      return number
        ? tf("timeline.say.searchNumber", { number })
        : tf("timeline.say.search", { by: named(MATCHES, detail.matched_by) });
    }
    default:
      // Actions whose detail adds nothing to their name (a release, a sheet read, a reveal of the
      // number), or that never concern a case.
      return "";
  }
}

/** Characters of a note shown before 展开全文. */
export const NOTE_PREVIEW_CHARS = 80;

/** A decision's note as the timeline first shows it: whole when short, else its beginning and
 * whether there is more (counted in characters, not UTF-16 units, so no character is split). */
export function notePreview(note: string, limit = NOTE_PREVIEW_CHARS): { shown: string; more: boolean } {
  const chars = Array.from(note.trim());
  if (chars.length <= limit) return { shown: chars.join(""), more: false };
  return { shown: `${chars.slice(0, limit).join("")}…`, more: true };
}
