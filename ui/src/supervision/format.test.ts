// How the supervision views write times, dates, numbers and year runs.
import { afterEach, describe, expect, it, vi } from "vitest";
import { actionKey, agreement, amount, beijingClock, beijingDate, beijingMinute, beijingTime, count, outcomeKey, share, statusKey, yearRanges } from "./format";

describe("format", () => {
  it("writes the status line's clock and the watermark in Beijing time, whatever the machine's zone", () => {
    // 23:46:50 UTC is 07:46:50 the next morning in Beijing.
    expect(beijingClock("2026-12-06T23:46:50Z")).toBe("07:46:50");
    expect(beijingMinute(Date.parse("2026-12-06T23:46:50Z"))).toBe("2026/12/7 07:46");
  });

  it("writes an instant in Beijing time, whatever the machine's zone", () => {
    // 18:13 UTC on 6 December is 02:13 on 7 December in Beijing.
    expect(beijingTime("2026-12-06T18:13:38Z")).toBe("2026/12/7 02:13:38");
  });

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

  it("writes today's Beijing date, moved by whole days", () => {
    // 18:00 UTC on 31 December is already 1 January in Beijing.
    vi.useFakeTimers();
    vi.setSystemTime(new Date("2026-12-31T18:00:00Z"));
    expect(beijingDate()).toBe("2027-01-01");
    expect(beijingDate(-1)).toBe("2026-12-31");
    expect(beijingDate(30)).toBe("2027-01-31");
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

afterEach(() => {
  vi.useRealTimers();
});
