// The reason picker's texts follow the submitted document.
import { describe, expect, it } from "vitest";
import type { IdTypeInfo, RejectReason } from "../lib/bindings";
import { reasonsFor } from "./reasonTexts";

const reason = (code: string, zh: string): RejectReason => ({
  code, category: "photo_quality", zh, en: zh, field: null, retry_allowed: true, needs_text: false,
});

describe("reasonsFor", () => {
  const catalogue = [reason("portrait_photo_unclear", "身份证人像面照片不清晰"), reason("sex_incorrect", "性别填写错误")];
  const passport: IdTypeInfo = {
    id: "passport", name_zh: "护照", name_en: "Passport",
    document: { noun_zh: "护照", noun_en: "passport", portrait_zh: "资料页", emblem_zh: "封面", portrait_en: "data page", emblem_en: "cover" },
    reason_texts: [{ code: "portrait_photo_unclear", zh: "护照资料页照片不清晰", en: "Photo of the passport data page is not clear" }],
  };

  it("takes the document's texts and keeps every other field and the order", () => {
    const shown = reasonsFor(catalogue, passport);
    expect(shown.map((r) => r.zh)).toEqual(["护照资料页照片不清晰", "性别填写错误"]);
    expect(shown[0]).toMatchObject({ code: "portrait_photo_unclear", category: "photo_quality", en: "Photo of the passport data page is not clear" });
  });

  it("leaves the catalogue as it is without a known document", () => {
    expect(reasonsFor(catalogue, undefined)).toBe(catalogue);
  });
});
