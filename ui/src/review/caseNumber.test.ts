import { describe, expect, it } from "vitest";
import { caseNumberOf } from "./caseNumber";

describe("caseNumberOf", () => {
  it("reads a case number as typed, full-width included", () => {
    expect(caseNumberOf("11-20261206-0042")).toBe("11-20261206-0042");
    expect(caseNumberOf(" １１－２０２６１２０６－００４２ ")).toBe("11-20261206-0042");
    expect(caseNumberOf("11 - 20261206 - 10042")).toBe("11-20261206-10042");
  });

  it("refuses what is not one", () => {
    for (const typed of ["", "贾秀英", "11-2026126-0042", "1-20261206-0042", "11-20261206-42", "11010519491231002X"]) {
      expect(caseNumberOf(typed)).toBeNull();
    }
  });
});
