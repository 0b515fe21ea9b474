// Every time the reviewer reads is Beijing time, like the server's rules and the supervision
// views, whatever the computer's own time zone: the watermark, the status line, toasts, lease and
// checkout expiries, the supervision tables. The one place the UI turns an instant into text
// (a tidy test, beijingTime.test.ts, fails on a UI file that formats a Date without it).

const BEIJING = "Asia/Shanghai";

/** An instant as Beijing time, `2026/12/04 23:10:05`. */
export function beijingTime(iso: string): string {
  return new Date(iso).toLocaleString("zh-CN", { timeZone: BEIJING, hour12: false });
}

/** An instant's Beijing clock time, `07:46:50` (the status line). */
export function beijingClock(iso: string): string {
  return new Date(iso).toLocaleTimeString("zh-CN", {
    timeZone: BEIJING,
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hour12: false,
  });
}

/** An instant (ms) as Beijing time to the minute, `2026/12/7 07:46` (the photos' watermark). */
export function beijingMinute(ms: number): string {
  return new Date(ms).toLocaleString("zh-CN", { timeZone: BEIJING, hour12: false }).slice(0, -3);
}

/** Today's Beijing date moved by `days`, as `YYYY-MM-DD`. */
export function beijingDate(days = 0): string {
  const at = new Date(Date.now() + days * 86_400_000);
  // Swedish writes dates as YYYY-MM-DD.
  return at.toLocaleDateString("sv-SE", { timeZone: BEIJING });
}
