// The reject reasons as the holder of the submitted document reads them: the catalogue's texts
// name the resident ID's parts; the domain's per-document texts (IdTypeInfo.reason_texts) replace
// them, so the picker and the preview never name a document the applicant did not submit.
import type { IdTypeInfo, RejectReason } from "../lib/bindings";

/** `reasons` with the texts `info` gives its document; unchanged without `info`. */
export function reasonsFor(reasons: RejectReason[], info: IdTypeInfo | undefined): RejectReason[] {
  if (!info) return reasons;
  const texts = new Map(info.reason_texts.map((text) => [text.code, text]));
  return reasons.map((reason) => {
    const text = texts.get(reason.code);
    return text ? { ...reason, zh: text.zh, en: text.en } : reason;
  });
}
