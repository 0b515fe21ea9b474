// The reviewer's work as the desktop pushes it: the status line, the queue of submissions ready
// here, the conflict records and the last sync round's outcome. One fetch at start, then the
// desktop's events (`workChanged`, `queueChanged`, `conflictsChanged`, `syncFinished`); nothing
// polls. The actions (decide, offline checkout, dismiss a conflict) call their command and apply
// its answer at once; the events that follow confirm it. Releasing the offline batch too.
import {
  commands,
  events,
  type AppError,
  type Checkout,
  type ConflictView,
  type DecisionInput,
  type QueueEntry,
  type Released,
  type Result,
  type Status,
  type SyncFinished,
} from "./bindings";
import { asAppError } from "./ipc";

type Unlisten = () => void;

class Work {
  status = $state<Status | null>(null);
  queue = $state<QueueEntry[]>([]);
  conflicts = $state<ConflictView[]>([]);
  /** The latest sync round's outcome that differed from the one before; `null` before any. */
  lastSync = $state<SyncFinished | null>(null);
  /** Why the first fetch failed; `null` when it did not. */
  problem = $state<AppError | null>(null);
}

/** The one shared instance; components read its fields. */
export const work = new Work();

let watchers = 0;
let unlisteners: Promise<Unlisten>[] = [];

/** Replaces the queue, keeping the same array when nothing changed (no needless re-render). */
function setQueue(next: QueueEntry[]) {
  const same =
    next.length === work.queue.length &&
    next.every((entry, index) => entry.submission_id === work.queue[index]?.submission_id);
  if (!same) work.queue = next;
}

async function fetchAll() {
  const [status, queue, conflicts] = await Promise.all([
    commands.workStatus(),
    commands.queue(),
    commands.conflicts(),
  ]).catch((thrown: unknown) => {
    const error = { status: "error", error: asAppError(thrown) } as const;
    return [error, error, error] as const;
  });
  work.problem = null;
  if (status.status === "ok") work.status = status.data;
  else work.problem = status.error;
  if (queue.status === "ok") setQueue(queue.data);
  else work.problem = queue.error;
  if (conflicts.status === "ok") work.conflicts = conflicts.data;
  else work.problem = conflicts.error;
}

/**
 * Follows the desktop's events and fetches the current state once; returns the function that
 * stops following. Several callers may watch at once.
 */
export function watchWork(): () => void {
  watchers += 1;
  if (watchers === 1) {
    unlisteners = [
      events.workChanged.listen((event) => (work.status = event.payload)),
      events.queueChanged.listen((event) => setQueue(event.payload)),
      events.conflictsChanged.listen((event) => (work.conflicts = event.payload)),
      events.syncFinished.listen((event) => (work.lastSync = event.payload)),
    ];
  }
  void fetchAll();
  return () => {
    watchers -= 1;
    if (watchers > 0) return;
    for (const unlisten of unlisteners) void unlisten.then((stop) => stop());
    unlisteners = [];
  };
}

/** Records a decision; on success the status is applied and the submission leaves the queue. */
export async function decide(submissionId: string, decision: DecisionInput): Promise<Result<Status, AppError>> {
  const answer = await commands.decide(submissionId, decision);
  if (answer.status === "ok") {
    work.status = answer.data;
    setQueue(work.queue.filter((entry) => entry.submission_id !== submissionId));
  }
  return answer;
}

/**
 * Recalls a decision inside its undo window: it never reaches the server and its case is back in
 * the queue (fetched again here, so the screen can show it at once). Returns the status.
 */
export async function recall(decisionId: string): Promise<Result<Status, AppError>> {
  const answer = await commands.recallDecision(decisionId);
  if (answer.status === "ok") {
    work.status = answer.data;
    const queue = await commands.queue();
    if (queue.status === "ok") setQueue(queue.data);
  }
  return answer;
}

/** Claims a working day's batch for offline work; the queue follows by event. */
export function checkoutOffline(): Promise<Result<Checkout, AppError>> {
  return commands.checkoutOffline();
}

/** Gives the offline batch's undecided submissions back to the server; the status follows by event. */
export function releaseOffline(): Promise<Result<Released, AppError>> {
  return commands.releaseOffline();
}

/** Removes a conflict record the reviewer has read; it leaves the list at once. */
export async function dismissConflict(decisionId: string): Promise<Result<boolean, AppError>> {
  const answer = await commands.dismissConflict(decisionId);
  if (answer.status === "ok") {
    work.conflicts = work.conflicts.filter((conflict) => conflict.yours.id !== decisionId);
  }
  return answer;
}
