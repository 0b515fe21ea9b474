import { describe, expect, it } from "vitest";
import { fragmentFor, readFragment } from "./recovery";

describe("the page's address after a crash", () => {
  it("names the case on screen and whether the page was reloaded", () => {
    expect(readFragment("#case=abc-1&recovered=1")).toEqual({ caseId: "abc-1", recovered: true });
    expect(readFragment("#case=abc-1")).toEqual({ caseId: "abc-1", recovered: false });
    expect(readFragment("#recovered=1")).toEqual({ caseId: null, recovered: true });
    expect(readFragment("")).toEqual({ caseId: null, recovered: false });
    expect(readFragment("#case=")).toEqual({ caseId: null, recovered: false });
  });

  it("round-trips a case id through the fragment", () => {
    expect(readFragment(fragmentFor("6f1c-00ab"))).toEqual({ caseId: "6f1c-00ab", recovered: false });
    expect(fragmentFor(null)).toBe("");
  });
});
