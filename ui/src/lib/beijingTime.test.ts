// Beijing time whatever the computer's zone: the formatting run with the process in New York, and
// a tidy check that no UI file formats a Date but through lib/beijingTime.ts.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import {
  beijingToday, formatAuditMoment, formatClock, formatDate, formatMoment, formatShort,
} from "./beijingTime";

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

  it("writes one instant in each of the forms, in Beijing time", () => {
    // 18:13:38 UTC on 6 December is 13:13 in New York and 02:13:38 on 7 December in Beijing.
    const at = "2026-12-06T18:13:38Z";
    expect(formatDate(at)).toBe("2026-12-07");
    expect(formatShort(at)).toBe("12-07 02:13");
    expect(formatMoment(at)).toBe("2026-12-07 02:13");
    expect(formatAuditMoment(at)).toBe("2026-12-07 02:13:38");
    expect(formatClock(at)).toBe("02:13:38");
  });

  it("reads milliseconds, Dates and offsets other than Z alike", () => {
    const ms = Date.parse("2026-12-06T23:46:50Z");
    expect(formatMoment(ms)).toBe("2026-12-07 07:46");
    expect(formatMoment(new Date(ms))).toBe("2026-12-07 07:46");
    expect(formatMoment("2026-12-06T18:46:50-05:00")).toBe("2026-12-07 07:46");
  });

  it("writes midnight as 00, not 24, and pads every field", () => {
    expect(formatAuditMoment("2026-01-04T16:00:00Z")).toBe("2026-01-05 00:00:00");
    expect(formatShort("2027-02-28T17:05:09Z")).toBe("03-01 01:05");
  });

  it("shows a dash for what is not a time", () => {
    expect(formatMoment("soon")).toBe("—");
    expect(formatDate(Number.NaN)).toBe("—");
  });

  it("writes today's Beijing date, moved by whole days", () => {
    // 18:00 UTC on 31 December is already 1 January in Beijing (and still 31 December in New York).
    vi.useFakeTimers();
    vi.setSystemTime(new Date("2026-12-31T18:00:00Z"));
    expect(beijingToday()).toBe("2027-01-01");
    expect(beijingToday(-1)).toBe("2026-12-31");
    expect(beijingToday(30)).toBe("2027-01-31");
  });
});

// Every UI source but this module and tests, as text.
const sources = import.meta.glob("../**/*.{ts,svelte}", { query: "?raw", import: "default", eager: true }) as Record<string, string>;

/** What formats a Date in the machine's zone (or a zone of its own choosing). */
const FORMATS_A_DATE = [
  /\.toLocale(Date|Time)?String\s*\(/,
  /\.toDateString\s*\(/,
  /\.toTimeString\s*\(/,
  /\.get(UTC)?(Hours|Minutes|Seconds|Date|Day|Month|FullYear|Year)\s*\(/,
  /\.to(ISO|UTC|GMT)String\s*\(/,
  /\.toJSON\s*\(/,
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

  it("no UI file uses the WebView's native date controls (English in Chinese mode): DatePicker.svelte instead", () => {
    const native = /type\s*=\s*["']?(date|month|week|time|datetime-local)\b/;
    const offenders = Object.entries(sources)
      .filter(([path]) => path.endsWith(".svelte"))
      .flatMap(([path, text]) => text.split("\n").flatMap((line, i) => (native.test(line) ? [`${path}:${i + 1}: ${line.trim()}`] : [])));
    expect(offenders).toEqual([]);
    expect(native.test('<input type="date" bind:value={from} />')).toBe(true);
  });

  it("catches a file that would", () => {
    const line = "const shown = new Date(at).toLocaleTimeString();";
    expect(FORMATS_A_DATE.some((pattern) => pattern.test(line))).toBe(true);
    for (const other of [
      "const hour = now.getHours();",
      "const day = at.getUTCDate();",
      "const shown = when.toISOString().slice(0, 16);",
      "const f = new Intl.DateTimeFormat('zh-CN', { month: 'long' });",
      "label = at.toLocaleDateString('en-US');",
    ]) expect(FORMATS_A_DATE.some((pattern) => pattern.test(other)), other).toBe(true);
  });
});
