import { describe, expect, it } from "vitest";
import { exifTime } from "./photoHints";

describe("exifTime", () => {
  it("writes an EXIF time's date with dashes and keeps its clock as recorded", () => {
    expect(exifTime("2026:11:30 09:15:00")).toBe("2026-11-30 09:15:00");
  });
  it("leaves anything else as it is", () => {
    expect(exifTime("yesterday")).toBe("yesterday");
    expect(exifTime("")).toBe("");
  });
});
