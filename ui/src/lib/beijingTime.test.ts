// Beijing time whatever the computer's zone: the formatting run with the process in New York, and
// a tidy check that no UI file formats a Date but through lib/beijingTime.ts.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { beijingClock, beijingDate, beijingMinute, beijingTime } from "./beijingTime";

const env = (globalThis as unknown as { process: { env: Record<string, string | undefined> } }).process.env;
const zone = env.TZ;

beforeAll(() => {
  // Node re-reads the zone when TZ is assigned: from here on, this process's local time is New York's.
  env.TZ = "America/New_York";
});

afterAll(() => {
  if (zone === undefined) delete env.TZ;
  else env.TZ = zone;
});

afterEach(() => {
  vi.useRealTimers();
});

describe("Beijing time on a computer in New York", () => {
  it("runs in New York (the test's premise)", () => {
    // Five hours behind UTC in December: the local date of 03:00 UTC is still the day before.
    const at = new Date("2026-12-07T03:00:00Z");
    expect(at.getTimezoneOffset()).toBe(300);
    expect(at.getDate()).toBe(6);
  });

  it("writes the status line's clock and the watermark in Beijing time", () => {
    // 23:46:50 UTC is 18:46:50 in New York and 07:46:50 the next morning in Beijing.
    expect(beijingClock("2026-12-06T23:46:50Z")).toBe("07:46:50");
    expect(beijingMinute(Date.parse("2026-12-06T23:46:50Z"))).toBe("2026/12/7 07:46");
  });

  it("writes an instant (toasts, expiries, the supervision tables) in Beijing time", () => {
    // 18:13 UTC on 6 December is 02:13 on 7 December in Beijing.
    expect(beijingTime("2026-12-06T18:13:38Z")).toBe("2026/12/7 02:13:38");
  });

  it("writes today's Beijing date, moved by whole days", () => {
    // 18:00 UTC on 31 December is already 1 January in Beijing (and still 31 December in New York).
    vi.useFakeTimers();
    vi.setSystemTime(new Date("2026-12-31T18:00:00Z"));
    expect(beijingDate()).toBe("2027-01-01");
    expect(beijingDate(-1)).toBe("2026-12-31");
    expect(beijingDate(30)).toBe("2027-01-31");
  });
});

// Every UI source but this module and tests, as text.
const sources = import.meta.glob("../**/*.{ts,svelte}", { query: "?raw", import: "default", eager: true }) as Record<string, string>;

/** What formats a Date in the machine's zone (or a zone of its own choosing). */
const FORMATS_A_DATE = [
  /\.toLocale(Date|Time)?String\s*\(/,
  /\.toDateString\s*\(/,
  /\.toTimeString\s*\(/,
  /\.get(Hours|Minutes|Seconds|Date|Day|Month|FullYear)\s*\(/,
  /Intl\s*\.\s*DateTimeFormat/,
];

describe("tidy: times reach the screen only through lib/beijingTime.ts", () => {
  it("finds the UI's sources", () => {
    expect(Object.keys(sources)).toContain("../review/ReviewScreen.svelte");
    expect(Object.keys(sources)).toContain("./beijingTime.ts");
  });

  it("no other UI file formats a Date", () => {
    const offenders = Object.entries(sources)
      .filter(([path]) => path !== "./beijingTime.ts" && !/\.test\.ts$/.test(path) && path !== "./bindings.ts")
      .flatMap(([path, text]) =>
        text.split("\n").flatMap((line, i) => (FORMATS_A_DATE.some((pattern) => pattern.test(line)) ? [`${path}:${i + 1}: ${line.trim()}`] : [])),
      );
    expect(offenders).toEqual([]);
  });

  it("catches a file that would", () => {
    const line = "const shown = new Date(at).toLocaleTimeString();";
    expect(FORMATS_A_DATE.some((pattern) => pattern.test(line))).toBe(true);
    expect(FORMATS_A_DATE.some((pattern) => pattern.test("const hour = now.getHours();"))).toBe(true);
  });
});
