// How the supervision views write numbers, shares, labels and year runs.
import { describe, expect, it } from "vitest";
import { actionKey, agreement, amount, count, outcomeKey, share, statusKey, yearRanges } from "./format";

describe("format", () => {
  it("writes numbers and shares the Chinese way, a dash without a whole", () => {
    expect(count(1234567)).toBe("1,234,567");
    expect(share(1, 3)).toBe("33.3%");
    expect(share(1, 0)).toBe("—");
    expect(agreement({ checked: 4, agreed: 3 })).toBe("75%");
  });

  it("writes years as runs", () => {
    expect(yearRanges([2027, 2004, 2005, 2006])).toBe("2004–2006, 2027");
    expect(yearRanges([2026])).toBe("2026");
    expect(yearRanges([])).toBe("");
  });

  it("names every audit action's label key", () => {
    expect(actionKey("calendar_imported")).toBe("audit.calendar_imported");
  });

  it("writes amounts with one decimal at most", () => {
    expect(amount(2.25)).toMatch(/^2\.[23]$/);
    expect(amount(1234.5)).toBe("1,234.5");
    expect(amount(3)).toBe("3");
  });

  it("names the label keys of outcomes and statuses", () => {
    expect(outcomeKey("approve")).toBe("outcome.approve");
    expect(outcomeKey("reject")).toBe("outcome.reject");
    expect(statusKey("pending_second_review")).toBe("status.pending_second_review");
  });
});
