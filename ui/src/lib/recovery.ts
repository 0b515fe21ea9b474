// The page's address keeps the case on screen (`#case=<submission id>`, an id, not personal
// data). When the page's web process ends (a renderer crash), the desktop loads that address again
// with `recovered=1` added (src-tauri/src/page_recovery.rs): the review screen comes back on the
// same case and says the page was reloaded. The case's data, the queue and unsent decisions live
// in the desktop's client, so nothing else needs keeping here.

/** What an address's fragment says: the case it showed, and whether it was loaded after a crash. */
export function readFragment(hash: string): { caseId: string | null; recovered: boolean } {
  const params = new URLSearchParams(hash.startsWith("#") ? hash.slice(1) : hash);
  const caseId = params.get("case");
  return { caseId: caseId ? caseId : null, recovered: params.get("recovered") === "1" };
}

/** The fragment that keeps `caseId` (empty for none). */
export function fragmentFor(caseId: string | null): string {
  return caseId ? `#case=${encodeURIComponent(caseId)}` : "";
}

const atLoad = readFragment(globalThis.location?.hash ?? "");
let caseToResume = atLoad.caseId;

/** Whether this page was loaded again after its web process ended. */
export const pageRecovered = atLoad.recovered;

/**
 * The case to show first: the one on screen before the page was reloaded, once, if it is still
 * among `queued`; otherwise `null`.
 */
export function resumeCase(queued: string[]): string | null {
  if (caseToResume === null || queued.length === 0) return null;
  const found = queued.includes(caseToResume) ? caseToResume : null;
  caseToResume = null;
  return found;
}

let firstShown = true;

/**
 * Keeps the case on screen in the address (no navigation, no history entry). `true` the first
 * time a case is shown on a page loaded after a crash: the moment to tell the desktop it is back.
 */
export function rememberShown(caseId: string | null): boolean {
  const fragment = fragmentFor(caseId);
  if (globalThis.location !== undefined && globalThis.location.hash !== fragment) {
    const base = globalThis.location.pathname + globalThis.location.search;
    globalThis.history.replaceState(globalThis.history.state, "", base + fragment);
  }
  const report = pageRecovered && firstShown && caseId !== null;
  if (caseId !== null) firstShown = false;
  return report;
}
