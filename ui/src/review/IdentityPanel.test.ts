// The identity panel's findings list, rendered (server-side, as text) for each state of the
// automatic photo checks: what the reviewer reads, and that "no problems" (未发现问题) is said
// only once the photos were checked and nothing was found anywhere.
import { afterEach, describe, expect, it, vi } from "vitest";
import { render } from "svelte/server";
import type { DocumentNames, Finding, ParsedId, PhotoChecks, PhotoNotes, ReviewSheet } from "../lib/bindings";
import { setLocale } from "../lib/i18n/index.svelte";
import IdentityPanel from "./IdentityPanel.svelte";

const RESIDENT_ID: DocumentNames = {
  noun_zh: "身份证", noun_en: "ID card", portrait_zh: "人像面", emblem_zh: "国徽面", portrait_en: "portrait side", emblem_en: "emblem side",
};

const STATES: PhotoChecks[] = ["pending", "done", "failed", "unavailable"];

function notes(findings: Finding[] = []): PhotoNotes[] {
  return [
    { side: "portrait", findings, correction: null },
    { side: "emblem", findings: [], correction: null },
    { side: "handheld", findings: [], correction: null },
  ];
}

function sheet(photo_checks: PhotoChecks, overrides: Partial<ReviewSheet> = {}): ReviewSheet {
  return {
    submission_id: "s-1",
    case_number: "11-20261207-0001",
    identity: { id_type: "resident", id_number: "11**************2X", name: "王小明", sex: "female", birth_date: "1949-12-31" },
    document: RESIDENT_ID,
    declared_region: null,
    number_says: null,
    findings: [],
    photos: notes(),
    photo_checks,
    suggested_reasons: [],
    attempt: 1,
    attempts_allowed: 3,
    due: { due_date: "2026-03-10", working_days_left: 5, level: "on_track" },
    second_review: false,
    lease_expires_at: "2026-03-02T02:15:00Z",
    submitted_at: "2026-03-02T01:00:00Z",
    ...overrides,
  };
}

const mirrored: Finding = {
  code: "photo_mirrored", severity: "warning", field: null, photo: "portrait",
  message_zh: "人像面照片为镜像（左右反转）", message_en: "The portrait side is mirror-reversed",
};

/** The panel as HTML, and its visible text. */
function panel(shown: ReviewSheet) {
  const { body } = render(IdentityPanel, { props: { sheet: shown, revealed: null, idTypeName: "居民身份证", onreveal: () => {} } });
  const text = body.replace(/<!--[\s\S]*?-->/g, "").replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");
  return { body, text };
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("identity panel: the photo checks", () => {
  it("says the checks are running while pending, and speaks of the declaration only", () => {
    const { body, text } = panel(sheet("pending"));
    expect(text).toContain("自动检查进行中");
    expect(text).toContain("申报信息未见异常（照片不在此列）");
    expect(text).toContain("案件编号 11-20261207-0001");
    expect(text).not.toContain("自动检查未完成");
    expect(body).toContain('data-testid="photo-checks-pending"');
  });

  it("says the checks did not complete after repeated failures: check the photos by eye", () => {
    const failed = { ...mirrored, code: "photo_check_failed", severity: "error" as const, message_zh: "照片自动检查 3 次均未完成，请人工核对三张照片" };
    for (const photos of [notes(), notes([failed])]) {
      const { body, text } = panel(sheet("failed", { photos }));
      expect(text).toContain("自动检查未完成");
      expect(text).toContain("照片自动检查多次失败，已停止重试：请人工核对三张照片");
      expect(text).not.toContain("自动检查进行中");
      expect(text).not.toContain("检查服务暂不可用");
      expect(body).toContain('data-state="failed"');
    }
  });

  it("says the check service is unavailable and the photos were not checked", () => {
    const { body, text } = panel(sheet("unavailable"));
    expect(text).toContain("自动检查未完成");
    expect(text).toContain("检查服务暂不可用，照片尚未检查：请人工核对三张照片");
    expect(text).not.toContain("多次失败");
    expect(text).not.toContain("自动检查进行中");
    expect(body).toContain('data-state="unavailable"');
  });

  it("says there are no problems once done with nothing found, and nothing about the checks", () => {
    const { body, text } = panel(sheet("done"));
    expect(text).toContain("未发现问题");
    expect(text).not.toContain("自动检查进行中");
    expect(text).not.toContain("自动检查未完成");
    expect(body).not.toContain("photo-checks-");
  });

  it("never says 未发现问题 unless the checks are done and found nothing beside any photo", () => {
    for (const state of STATES) {
      const { text } = panel(sheet(state));
      expect(text.includes("未发现问题"), state).toBe(state === "done");
    }
    // Done, with a finding beside a photo: the declaration is clean, the photos are not.
    const { text } = panel(sheet("done", { photos: notes([mirrored]) }));
    expect(text).not.toContain("未发现问题");
    expect(text).toContain("申报信息未见异常");
    // Findings in the declaration are listed instead, whatever the state.
    for (const state of STATES) {
      const listed = panel(sheet(state, { findings: [{ ...mirrored, photo: null, code: "sex_mismatch", message_zh: "性别与号码不符" }] }));
      expect(listed.text).toContain("性别与号码不符");
      expect(listed.text).not.toContain("未发现问题");
    }
  });

  it("has the same notes in English", () => {
    vi.stubGlobal("document", { documentElement: { lang: "" } });
    setLocale("en");
    try {
      expect(panel(sheet("failed")).text).toContain("Automatic checks not completed");
      expect(panel(sheet("failed")).text).toContain("failed repeatedly");
      expect(panel(sheet("unavailable")).text).toContain("check service is unavailable");
      expect(panel(sheet("pending")).text).toContain("Photo checks in progress");
      expect(panel(sheet("done")).text).toContain("No findings");
      expect(panel(sheet("pending")).text).not.toContain("No findings");
    } finally {
      setLocale("zh-CN");
    }
  });
});

describe("identity panel: region and nationality", () => {
  const parsed = (overrides: Partial<ParsedId>): ParsedId => ({
    id_type: "resident", normalized: "11**************2X", sex: "female", birth_date: "1949-12-31",
    region: null, nationality: null, upgraded_from_15: false, warnings: [], ...overrides,
  });

  it("shows the declared region by the name the domain resolved, and a dash without one", () => {
    const permit = sheet("done", {
      identity: { id_type: "hk-macau-permit", id_number: "81**************21", name: "陈大文", region: "hk" },
      declared_region: "香港",
      number_says: parsed({ id_type: "hk-macau-permit", region: { code: "810000", province_zh: "香港特别行政区", province_en: "Hong Kong", county_zh: null } }),
    });
    const { body } = panel(permit);
    expect(body).toMatch(/data-testid="declared-region"[^>]*>香港</);
    expect(body).toMatch(/data-testid="number-region"[^>]*>香港特别行政区</);
    expect(panel(sheet("done")).body).toMatch(/data-testid="declared-region"[^>]*>—</);
  });

  it("shows a foreign permanent resident's nationality, and no nationality row for others", () => {
    const foreigner = sheet("done", {
      identity: { id_type: "foreign-permanent", id_number: "93**************15", name: "SMITH JOHN" },
      number_says: parsed({
        id_type: "foreign-permanent",
        region: { code: "310000", province_zh: "上海市", province_en: "Shanghai", county_zh: null },
        nationality: { numeric: "840", alpha3: "USA", name_zh: "美国", name_en: "United States" },
      }),
    });
    const { body, text } = panel(foreigner);
    expect(text).toContain("国籍 美国 (USA)");
    expect(body).toMatch(/data-testid="number-region"[^>]*>上海市</);
    expect(panel(sheet("done")).text).not.toContain("国籍");
  });
});
