// The working-day calendar the desktop counts with (`calendar_status`), shared by the footer, the
// supervisors' banner and coverage panel: read when one of them comes on screen and again whenever
// the desktop reports a change of work status (a sync round that reached the server, which is how
// a new calendar arrives), so a calendar the sync loop brings shows without a restart. No timer.
// Also the months the date picker marks days off in, read once per calendar version.
import { commands, events, type CalendarStatus, type MarkedDay } from "./bindings";
import { showError } from "./errorText";

let current = $state<CalendarStatus | null>(null);
let problem = $state<string | null>(null);
let months = $state<Record<string, MarkedDay[]>>({});
let asked = new Set<string>();
let watchers = 0;
let unlisten: Promise<() => void> | undefined;

async function load() {
  const answer = await commands.calendarStatus();
  if (answer.status === "ok") {
    // Another calendar: the months read from the last one are read again when shown.
    if (current && current.version !== answer.data.version) {
      months = {};
      asked = new Set();
    }
    current = answer.data;
    problem = null;
  } else problem = showError(answer.error);
}

/** The latest status; `null` until first read. */
export function calendarStatus(): CalendarStatus | null {
  return current;
}

/** Why the latest read failed, in Chinese; `null` when it did not. */
export function calendarProblem(): string | null {
  return problem;
}

/** Keeps the status fresh while the caller is on screen; returns the function that stops it. */
export function watchCalendar(): () => void {
  watchers += 1;
  if (watchers === 1) unlisten = events.workChanged.listen(() => void load());
  void load();
  return () => {
    watchers -= 1;
    if (watchers === 0) {
      void unlisten?.then((stop) => stop());
      unlisten = undefined;
    }
  };
}

/** The days of `month` (`YYYY-MM`) as the calendar counts them; `undefined` until read. */
export function monthDays(month: string): MarkedDay[] | undefined {
  return months[month];
}

/** Reads the days of `month` (`YYYY-MM`) once; a failure leaves the month unmarked. */
export async function loadMonth(month: string): Promise<void> {
  if (asked.has(month)) return;
  asked.add(month);
  const answer = await commands.calendarMonth(`${month}-01`);
  if (answer.status === "ok") months = { ...months, [month]: answer.data };
  else asked.delete(month);
}
