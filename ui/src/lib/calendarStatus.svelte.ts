// The working-day calendar the desktop counts with (`calendar_status`), shared by the footer, the
// supervisors' banner and coverage panel: read when one of them comes on screen and again whenever
// the desktop reports a change of work status (a sync round that reached the server, which is how
// a new calendar arrives), so a calendar the sync loop brings shows without a restart. No timer.
import { commands, events, type CalendarStatus } from "./bindings";
import { showError } from "./errorText";

let current = $state<CalendarStatus | null>(null);
let problem = $state<string | null>(null);
let watchers = 0;
let unlisten: Promise<() => void> | undefined;

async function load() {
  const answer = await commands.calendarStatus();
  if (answer.status === "ok") {
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
