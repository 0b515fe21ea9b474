import { describe, expect, it } from "vitest";
import type { Finding, PhotoChecks, ReviewSheet } from "../lib/bindings";
import { approveStep, overridesFor, PHOTO_CHECKS_NOT_DONE } from "./approveGuard";

function finding(code: string, severity: "error" | "warning"): Finding {
  return { code, severity, field: null, message_zh: `${code}（中文）`, message_en: code };
}

function sheet(findings: Finding[], photo_checks: PhotoChecks, photo: Finding[] = []): Pick<ReviewSheet, "findings" | "photos" | "photo_checks"> {
  return {
    findings,
    photos: [
      { side: "portrait", findings: photo, correction: null },
      { side: "emblem", findings: [], correction: null },
      { side: "handheld", findings: [], correction: null },
    ],
    photo_checks,
  };
}

describe("overridesFor", () => {
  it("names error findings once, not warnings, and the photo checks when not done", () => {
    const shown = sheet(
      [finding("sex_mismatch", "error"), finding("id_expiring_soon", "warning")],
      "pending",
      [finding("photo_wrong_side", "error"), finding("photo_blurred", "warning"), finding("sex_mismatch", "error")],
    );
    expect(overridesFor(shown).map((o) => o.code)).toEqual(["sex_mismatch", "photo_wrong_side", PHOTO_CHECKS_NOT_DONE]);
    expect(overridesFor(shown)[0]?.zh).toBe("sex_mismatch（中文）");
  });

  it("has nothing to override on a clean, checked case", () => {
    expect(overridesFor(sheet([finding("id_expiring_soon", "warning")], "done"))).toEqual([]);
  });

  it.each(["pending", "failed", "unavailable"] as const)("counts photo checks %s as not done", (state) => {
    expect(overridesFor(sheet([], state)).map((o) => o.code)).toEqual([PHOTO_CHECKS_NOT_DONE]);
  });
});

describe("approveStep", () => {
  const red = overridesFor(sheet([finding("birth_date_mismatch", "error")], "done"));

  it("approves a clean case at once with nothing overridden", () => {
    expect(approveStep(null, "s1", [], false)).toEqual({ kind: "approve", overridden: [], armed: null });
  });

  it("asks first, then a second A on the same case approves over the findings", () => {
    const first = approveStep(null, "s1", red, false);
    expect(first).toEqual({ kind: "ask", armed: "s1" });
    expect(approveStep(first.armed, "s1", red, false)).toEqual({
      kind: "approve", overridden: ["birth_date_mismatch"], armed: null,
    });
  });

  it("asks again on another case: an armed guard does not carry over", () => {
    expect(approveStep("s1", "s2", red, false)).toEqual({ kind: "ask", armed: "s2" });
  });

  it("Shift+A approves at once, still naming what it overrides", () => {
    expect(approveStep(null, "s1", red, true)).toEqual({
      kind: "approve", overridden: ["birth_date_mismatch"], armed: null,
    });
  });
});
