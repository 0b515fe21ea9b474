// The date picker's arithmetic: typed dates, the Monday-first month grid, key moves, limits.
import { describe, expect, it } from "vitest";
import { addDays, addMonths, clampDay, daysInMonth, inRange, monthGrid, moveByKey, parseDay, weekdayOf } from "./calendarDays";

describe("reading a typed date", () => {
  it("takes the usual ways of writing a day and gives 2026-12-06", () => {
    for (const typed of ["2026-12-06", "2026-12-6", " 2026/12/6 ", "2026.12.06", "20261206", "2026年12月6日", "2026 年 12 月 6 日"]) {
      expect(parseDay(typed), typed).toBe("2026-12-06");
    }
  });

  it("refuses what is not a real day", () => {
    for (const typed of ["", "2026-13-01", "2026-02-29", "2026-12-32", "12/06/2026", "06.12.2026", "2026-12", "tomorrow", "2026-12-06 18:00"]) {
      expect(parseDay(typed), typed).toBeNull();
    }
    expect(parseDay("2028-02-29")).toBe("2028-02-29");
  });
});

describe("days and months", () => {
  it("knows month lengths, leap years included", () => {
    expect(daysInMonth(2026, 2)).toBe(28);
    expect(daysInMonth(2028, 2)).toBe(29);
    expect(daysInMonth(2100, 2)).toBe(28);
    expect(daysInMonth(2000, 2)).toBe(29);
    expect(daysInMonth(2026, 12)).toBe(31);
    expect(daysInMonth(2026, 11)).toBe(30);
  });

  it("knows the weekday, Monday first", () => {
    expect(weekdayOf("2026-12-07")).toBe(0); // a Monday
    expect(weekdayOf("2026-12-06")).toBe(6); // a Sunday
    expect(weekdayOf("1970-01-01")).toBe(3); // a Thursday
    expect(weekdayOf("1969-12-29")).toBe(0);
  });

  it("moves across months and years", () => {
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDays("2028-03-01", -1)).toBe("2028-02-29");
    expect(addMonths("2026-01-31", 1)).toBe("2026-02-28");
    expect(addMonths("2026-12-15", 1)).toBe("2027-01-15");
    expect(addMonths("2027-01-15", -13)).toBe("2025-12-15");
  });
});

describe("the month grid", () => {
  it("starts on the Monday on or before the first and runs six weeks", () => {
    const grid = monthGrid(2026, 12);
    expect(grid).toHaveLength(6);
    expect(grid.every((week) => week.length === 7)).toBe(true);
    // 1 December 2026 is a Tuesday: the grid opens on Monday 30 November.
    expect(grid[0]?.[0]).toEqual({ day: "2026-11-30", inMonth: false });
    expect(grid[0]?.[1]).toEqual({ day: "2026-12-01", inMonth: true });
    expect(grid[4]?.[3]).toEqual({ day: "2026-12-31", inMonth: true });
    expect(grid[5]?.[6]).toEqual({ day: "2027-01-10", inMonth: false });
    expect(grid.flat().filter((cell) => cell.inMonth)).toHaveLength(31);
    expect(grid.flat().every((cell) => weekdayOf(cell.day) === grid.flat().indexOf(cell) % 7)).toBe(true);
  });

  it("opens on the first itself when it is a Monday", () => {
    // 1 February 2027 is a Monday.
    expect(monthGrid(2027, 2)[0]?.[0]).toEqual({ day: "2027-02-01", inMonth: true });
  });
});

describe("keys", () => {
  it("move a day, a week, a month, a year, to the week's ends", () => {
    const day = "2026-12-09"; // a Wednesday
    expect(moveByKey(day, "ArrowLeft")).toBe("2026-12-08");
    expect(moveByKey(day, "ArrowRight")).toBe("2026-12-10");
    expect(moveByKey(day, "ArrowUp")).toBe("2026-12-02");
    expect(moveByKey(day, "ArrowDown")).toBe("2026-12-16");
    expect(moveByKey(day, "PageUp")).toBe("2026-11-09");
    expect(moveByKey(day, "PageDown")).toBe("2027-01-09");
    expect(moveByKey(day, "PageDown", true)).toBe("2027-12-09");
    expect(moveByKey(day, "Home")).toBe("2026-12-07");
    expect(moveByKey(day, "End")).toBe("2026-12-13");
    expect(moveByKey(day, "a")).toBeNull();
  });

  it("stay within the limits", () => {
    expect(moveByKey("2026-12-07", "ArrowDown", false, null, "2026-12-10")).toBe("2026-12-10");
    expect(moveByKey("2026-12-07", "PageUp", false, "2026-12-01")).toBe("2026-12-01");
    expect(clampDay("2026-12-07", "2026-12-08", "2026-12-09")).toBe("2026-12-08");
    expect(inRange("2026-12-07", "2026-12-01", "2026-12-31")).toBe(true);
    expect(inRange("2027-01-01", null, "2026-12-31")).toBe(false);
  });
});
