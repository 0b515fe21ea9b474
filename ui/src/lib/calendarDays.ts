// Calendar days as `YYYY-MM-DD` text, for the date picker: reading what a person typed, the
// month grid (weeks start on Monday, as in China), and where each key moves the chosen day.
// Pure arithmetic on the proleptic Gregorian calendar: no Date, so no time zone can shift a day.

/** A calendar day, `2026-12-06`. */
export type Day = string;

/** One cell of the month grid. */
export type Cell = { day: Day; inMonth: boolean };

/** Days since 1970-01-01 of a civil date (Howard Hinnant's `days_from_civil`). */
function toSerial(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** The civil date of a day serial (`civil_from_days`). */
function fromSerial(serial: number): [number, number, number] {
  const z = serial + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (month <= 2 ? 1 : 0), month, day];
}

export function daysInMonth(year: number, month: number): number {
  return toSerial(month === 12 ? year + 1 : year, month === 12 ? 1 : month + 1, 1) - toSerial(year, month, 1);
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** `2026-12-06` from its parts. */
export function dayOf(year: number, month: number, day: number): Day {
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
}

/** The parts of a well-formed day; `null` for anything else (including 2026-02-30). */
export function partsOf(day: Day): [number, number, number] | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return null;
  const [year, month, date] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12 || date < 1 || date > daysInMonth(year, month)) return null;
  return [year, month, date];
}

function serialOf(day: Day): number {
  const parts = partsOf(day);
  if (!parts) throw new Error(`not a day: ${day}`);
  return toSerial(...parts);
}

function daySerial(serial: number): Day {
  return dayOf(...fromSerial(serial));
}

/**
 * What a person typed, as a day: `2026-12-06`, also `2026-12-6`, `2026/12/6`, `2026.12.6`,
 * `20261206` and `2026年12月6日`, with spaces around. `null` when it is not a real date.
 */
export function parseDay(text: string): Day | null {
  const typed = text.trim();
  const m =
    /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(typed) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(typed);
  if (!m) return null;
  const day = dayOf(Number(m[1]), Number(m[2]), Number(m[3]));
  return partsOf(day) ? day : null;
}

/** Monday 0 … Sunday 6. */
export function weekdayOf(day: Day): number {
  // 1970-01-01 was a Thursday (3).
  return (((serialOf(day) + 3) % 7) + 7) % 7;
}

export function addDays(day: Day, n: number): Day {
  return daySerial(serialOf(day) + n);
}

/** The same day `n` months on, or the month's last day when it is shorter (31 Jan + 1 → 28/29 Feb). */
export function addMonths(day: Day, n: number): Day {
  const [year, month, date] = partsOf(day) ?? [1970, 1, 1];
  const index = year * 12 + (month - 1) + n;
  const [y, m] = [Math.floor(index / 12), (index % 12) + 1];
  return dayOf(y, m, Math.min(date, daysInMonth(y, m)));
}

/** `day` within `[min, max]` (either may be absent). Days compare as text. */
export function clampDay(day: Day, min?: Day | null, max?: Day | null): Day {
  if (min && day < min) return min;
  if (max && day > max) return max;
  return day;
}

/** The month's grid: six weeks of seven days from the Monday on or before its first day. */
export function monthGrid(year: number, month: number): Cell[][] {
  const first = dayOf(year, month, 1);
  const start = serialOf(first) - weekdayOf(first);
  return Array.from({ length: 6 }, (_, week) =>
    Array.from({ length: 7 }, (_, weekday) => {
      const day = daySerial(start + week * 7 + weekday);
      return { day, inMonth: day.slice(0, 7) === first.slice(0, 7) };
    }),
  );
}

/**
 * Where a key moves the chosen day in the grid: arrows a day or a week, PageUp/PageDown a month
 * (with Shift a year), Home/End the week's Monday/Sunday; kept within `[min, max]`. `null`: the
 * key does not move it.
 */
export function moveByKey(day: Day, key: string, shift = false, min?: Day | null, max?: Day | null): Day | null {
  const moved = (() => {
    switch (key) {
      case "ArrowLeft": return addDays(day, -1);
      case "ArrowRight": return addDays(day, 1);
      case "ArrowUp": return addDays(day, -7);
      case "ArrowDown": return addDays(day, 7);
      case "PageUp": return addMonths(day, shift ? -12 : -1);
      case "PageDown": return addMonths(day, shift ? 12 : 1);
      case "Home": return addDays(day, -weekdayOf(day));
      case "End": return addDays(day, 6 - weekdayOf(day));
      default: return null;
    }
  })();
  return moved === null ? null : clampDay(moved, min, max);
}

/** Whether `day` is within `[min, max]`. */
export function inRange(day: Day, min?: Day | null, max?: Day | null): boolean {
  return clampDay(day, min, max) === day;
}
