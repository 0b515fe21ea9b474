// The work service: one fetch at start, then the desktop's events; actions call their command and
// apply its answer; failures are kept, never thrown at the screen.
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { ConflictView, DecisionInput, QueueEntry, Status } from "./bindings";

type Handler = (event: { payload: unknown }) => void;
const handlers = new Map<string, Handler>();
const unlistened: string[] = [];

function listener(name: string) {
  return {
    listen: vi.fn(async (handler: Handler) => {
      handlers.set(name, handler);
      return () => {
        unlistened.push(name);
        handlers.delete(name);
      };
    }),
  };
}

vi.mock("./bindings", () => ({
  commands: {
    workStatus: vi.fn(),
    queue: vi.fn(),
    conflicts: vi.fn(),
    decide: vi.fn(),
    checkoutOffline: vi.fn(),
    dismissConflict: vi.fn(),
  },
  events: {
    workChanged: listener("workChanged"),
    queueChanged: listener("queueChanged"),
    conflictsChanged: listener("conflictsChanged"),
    syncFinished: listener("syncFinished"),
  },
}));

const { commands } = await import("./bindings");
const { work, watchWork, decide, dismissConflict, checkoutOffline } = await import("./work.svelte");
const mocked = vi.mocked(commands);

function status(overrides: Partial<Status> = {}): Status {
  return {
    account: null,
    signed_in: true,
    online: true,
    outbox_pending: 0,
    next_attempt_at: null,
    conflicts: 0,
    ready: 2,
    earliest_lease_expiry: null,
    acknowledged: 0,
    submissions_updated: 0,
    last_sync: null,
    last_error: null,
    ...overrides,
  } as Status;
}

const queue = (...ids: string[]): QueueEntry[] => ids.map((submission_id) => ({ submission_id }));

function conflict(id: string): ConflictView {
  return {
    kind: "conflict",
    yours: { id, submission_id: `s-${id}`, outcome: "approve", reasons: [], other_text: null, note: null, decided_at: "2026-12-06T08:00:00Z" },
    theirs: null,
    refusal: null,
  };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

beforeEach(() => {
  vi.clearAllMocks();
  handlers.clear();
  unlistened.length = 0;
  work.status = null;
  work.queue = [];
  work.conflicts = [];
  work.lastSync = null;
  work.problem = null;
  mocked.workStatus.mockResolvedValue({ status: "ok", data: status() });
  mocked.queue.mockResolvedValue({ status: "ok", data: queue("a", "b") });
  mocked.conflicts.mockResolvedValue({ status: "ok", data: [] });
});

describe("work", () => {
  it("fetches once at start, then follows the events without asking again", async () => {
    const stop = watchWork();
    await flush();
    expect(work.status?.ready).toBe(2);
    expect(work.queue.map((entry) => entry.submission_id)).toEqual(["a", "b"]);
    expect([...handlers.keys()].sort()).toEqual(["conflictsChanged", "queueChanged", "syncFinished", "workChanged"]);

    handlers.get("workChanged")?.({ payload: status({ online: false, outbox_pending: 3 }) });
    handlers.get("queueChanged")?.({ payload: queue("b", "c") });
    handlers.get("conflictsChanged")?.({ payload: [conflict("d-1")] });
    handlers.get("syncFinished")?.({ payload: { error: { code: "offline", message: "无法连接服务器" } } });
    expect(work.status).toMatchObject({ online: false, outbox_pending: 3 });
    expect(work.queue.map((entry) => entry.submission_id)).toEqual(["b", "c"]);
    expect(work.conflicts).toHaveLength(1);
    expect(work.lastSync?.error?.code).toBe("offline");
    expect(mocked.workStatus).toHaveBeenCalledTimes(1);
    expect(mocked.queue).toHaveBeenCalledTimes(1);

    stop();
    await flush();
    expect(unlistened).toHaveLength(4);
  });

  it("listens once however many watch, and stops with the last", async () => {
    const first = watchWork();
    const second = watchWork();
    await flush();
    first();
    await flush();
    expect(unlistened).toHaveLength(0);
    second();
    await flush();
    expect(unlistened).toHaveLength(4);
  });

  it("keeps the same queue array when an event repeats it", async () => {
    const stop = watchWork();
    await flush();
    const before = work.queue;
    handlers.get("queueChanged")?.({ payload: queue("a", "b") });
    expect(work.queue).toBe(before);
    stop();
  });

  it("keeps a failed first fetch as the problem", async () => {
    mocked.queue.mockResolvedValue({ status: "error", error: { code: "not_signed_in", message: "未登录" } });
    const stop = watchWork();
    await flush();
    expect(work.problem?.code).toBe("not_signed_in");
    expect(work.status?.ready).toBe(2);
    stop();
  });

  it("keeps a thrown fetch as an ipc_failed problem", async () => {
    mocked.workStatus.mockRejectedValue(new Error("bridge gone"));
    const stop = watchWork();
    await flush();
    expect(work.problem).toEqual({ code: "ipc_failed", message: "Error: bridge gone" });
    stop();
  });

  it("applies a decision's status and takes the submission off the queue", async () => {
    work.queue = queue("a", "b");
    mocked.decide.mockResolvedValue({ status: "ok", data: status({ outbox_pending: 1 }) });
    const input: DecisionInput = { outcome: "approve", reasons: [], other_text: null, note: null };
    const answer = await decide("a", input);
    expect(mocked.decide).toHaveBeenCalledWith("a", input);
    expect(answer.status).toBe("ok");
    expect(work.status?.outbox_pending).toBe(1);
    expect(work.queue.map((entry) => entry.submission_id)).toEqual(["b"]);
  });

  it("leaves the queue alone when a decision is refused", async () => {
    work.queue = queue("a", "b");
    mocked.decide.mockResolvedValue({ status: "error", error: { code: "lease_expired", message: "租约已过期" } });
    const answer = await decide("a", { outcome: "reject", reasons: [], other_text: null, note: null });
    expect(answer).toEqual({ status: "error", error: { code: "lease_expired", message: "租约已过期" } });
    expect(work.queue).toHaveLength(2);
    expect(work.status).toBeNull();
  });

  it("drops a dismissed conflict at once, and keeps it when the dismissal fails", async () => {
    work.conflicts = [conflict("d-1"), conflict("d-2")];
    mocked.dismissConflict.mockResolvedValueOnce({ status: "ok", data: true });
    await dismissConflict("d-1");
    expect(work.conflicts.map((c) => c.yours.id)).toEqual(["d-2"]);
    mocked.dismissConflict.mockResolvedValueOnce({ status: "error", error: { code: "cache", message: "x" } });
    await dismissConflict("d-2");
    expect(work.conflicts).toHaveLength(1);
  });

  it("passes an offline checkout's answer through", async () => {
    const data = { claimed: 30, ready: 30, expires_at: "2026-12-06T16:00:00Z" };
    mocked.checkoutOffline.mockResolvedValue({ status: "ok", data });
    expect(await checkoutOffline()).toEqual({ status: "ok", data });
  });
});
