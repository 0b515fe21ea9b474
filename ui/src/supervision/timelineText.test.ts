// A timeline event reads as a sentence: reasons by name, times in Beijing time, never JSON.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { AuditAction, TimelineEvent } from "../lib/bindings";
import { setLocale } from "../lib/i18n/index.svelte";
import { describeEvent, notePreview } from "./timelineText";

function event(action: AuditAction, detail: object | string): TimelineEvent {
  return { seq: 1, at: "2026-12-06T18:13:38Z", actor: "wang", action, detail: typeof detail === "string" ? detail : JSON.stringify(detail), note: null };
}

const names: Record<string, string> = { photo_rotated: "照片存在旋转", other: "其他原因" };
const reasonName = (code: string) => names[code] ?? code;

describe("describeEvent", () => {
  // setLocale marks the page's language: a stand-in page outside the window.
  beforeEach(() => vi.stubGlobal("document", { documentElement: { lang: "" } }));
  afterEach(() => {
    setLocale("zh-CN");
    vi.unstubAllGlobals();
  });

  it("says what a decision did, the reasons by name", () => {
    const said = describeEvent(
      event("decision", { decision_id: "d", stage: "first", outcome: "reject", reasons: ["photo_rotated", "other"], status: "rejected", qa_sample: true }),
      reasonName,
    );
    expect(said).toBe("初审；不通过；原因：照片存在旋转、其他原因；状态变为未通过；抽入质检");
    expect(said).not.toMatch(/[{}"\[\]]|photo_rotated/);
  });

  it("writes lease times in Beijing time", () => {
    // 18:28 UTC is 02:28 the next day in Beijing.
    expect(describeEvent(event("claim", { stage: "first", expires_at: "2026-12-06T18:28:38.000Z" }), reasonName)).toBe(
      "领取（初审），租约至 12-07 02:28",
    );
  });

  it("names the photo, the verdict's kind and a golden copy", () => {
    expect(describeEvent(event("image_view", { side: "handheld", cached: true }), reasonName)).toBe("查看照片（手持照，本机缓存）");
    // By the submitted document's own names: a passport's portrait side is its data page.
    const passport = { noun_zh: "护照", noun_en: "passport", portrait_zh: "资料页", emblem_zh: "封面", portrait_en: "data page", emblem_en: "cover" };
    expect(describeEvent(event("image_view", { side: "portrait" }), reasonName, passport)).toBe("查看照片（资料页）");
    expect(describeEvent(event("image_view", { side: "portrait" }), reasonName)).toBe("查看照片（人像面）");
    expect(
      describeEvent(event("second_review_changed", { kind: "four_eyes", verdict: "overturned", outcome: "approve", reasons: [], status: "approved" }), reasonName),
    ).toMatch(/^双人复核；通过；状态变为/);
    expect(describeEvent(event("golden_planted", { expected_outcome: "reject" }), reasonName)).toBe("复制为金标案件，预期结果：不通过");
  });

  it("says how a search found the case, never what was typed", () => {
    expect(describeEvent(event("case_search", { query: "applicant_id, id_number or name", hits: 2, matched_by: "name" }), reasonName)).toBe(
      "按姓名查找到本案件",
    );
    expect(describeEvent(event("case_search", { query: { case_number: "11-20261206-0042" }, hits: 1, matched_by: "case_number" }), reasonName)).toBe(
      "按案件编号 11-20261206-0042 查找到本案件",
    );
  });

  it("speaks English in English mode", () => {
    setLocale("en");
    expect(describeEvent(event("intake", { province: "11", attempt: 2, case_number: "11-20261206-0042" }), reasonName)).toBe(
      "Request no. 2, case 11-20261206-0042",
    );
  });

  it("shows nothing rather than JSON for what it does not know or cannot read", () => {
    expect(describeEvent(event("lease_released", {}), reasonName)).toBe("");
    expect(describeEvent(event("decision", "not json"), reasonName)).toBe("—；—");
    expect(describeEvent(event("claim", []), reasonName)).toBe("领取（—），租约至 —");
  });
});

describe("notePreview", () => {
  it("shows a short note whole and a long one cut at a character, saying there is more", () => {
    expect(notePreview("  照片清晰 ")).toEqual({ shown: "照片清晰", more: false });
    const long = "复核理由很长。".repeat(20);
    const preview = notePreview(long);
    expect(preview.more).toBe(true);
    expect(Array.from(preview.shown).length).toBe(81);
    expect(preview.shown.endsWith("…")).toBe(true);
    expect(long.startsWith(preview.shown.slice(0, -1))).toBe(true);
    // A character outside the BMP is never split in half.
    expect(notePreview("𠀀".repeat(5), 3)).toEqual({ shown: "𠀀𠀀𠀀…", more: true });
  });
});
