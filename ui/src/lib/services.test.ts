// The smaller services: the session (sign in and out), the review reads (sheets asked once, and
// again after the desktop updated submissions; reasons loaded once), the calendar status (read on
// screen and on each work change, no timer) and the error text helpers.
import { beforeEach, describe, expect, it, vi } from "vitest";

type Handler = (event: { payload: unknown }) => void;
const handlers: Handler[] = [];
let unlistens = 0;

vi.mock("./bindings", () => ({
  commands: {
    appInfo: vi.fn(),
    sessionInfo: vi.fn(),
    login: vi.fn(),
    openLocalDemo: vi.fn(),
    logout: vi.fn(),
    reviewSheet: vi.fn(),
    rejectReasons: vi.fn(),
    applicantPreview: vi.fn(),
    revealIdNumber: vi.fn(),
    calendarStatus: vi.fn(),
  },
  events: {
    workChanged: {
      listen: vi.fn(async (handler: Handler) => {
        handlers.push(handler);
        return () => {
          unlistens += 1;
        };
      }),
    },
  },
}));

const { commands, events } = await import("./bindings");
const mocked = vi.mocked(commands);
const sessions = await import("./session.svelte");
const review = await import("./review.svelte");
const calendar = await import("./calendarStatus.svelte");
const ipc = await import("./ipc");

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));
const reviewer = { username: "reviewer11", role: "reviewer", province: "11", server_url: "http://127.0.0.1:47110", local_mode: true } as const;

beforeEach(() => {
  vi.clearAllMocks();
  sessions.session.current = null;
});

describe("session", () => {
  it("reads the app's facts and the resumed session at start", async () => {
    mocked.appInfo.mockResolvedValue({ version: "0.1.0", demo_start: true } as never);
    mocked.sessionInfo.mockResolvedValue({ status: "ok", data: reviewer });
    await sessions.startSession();
    expect(sessions.session.info?.version).toBe("0.1.0");
    expect(sessions.session.current?.username).toBe("reviewer11");
  });

  it("makes a signed-in session current and keeps none after a refusal", async () => {
    mocked.login.mockResolvedValueOnce({ status: "error", error: { code: "bad_credentials", message: "用户名或密码错误" } });
    const refused = await sessions.login("https://review.example", "a", "b");
    expect(refused.status).toBe("error");
    expect(sessions.session.current).toBeNull();
    mocked.openLocalDemo.mockResolvedValueOnce({ status: "ok", data: reviewer });
    await sessions.openLocalDemo("reviewer");
    expect(mocked.openLocalDemo).toHaveBeenCalledWith("reviewer");
    expect(sessions.session.current?.local_mode).toBe(true);
  });

  it("stays signed in when signing out is refused", async () => {
    sessions.session.current = reviewer;
    mocked.logout.mockResolvedValueOnce({ status: "error", error: { code: "unsent_decisions", message: "还有 2 个决定未上传" } });
    expect((await sessions.logout()).status).toBe("error");
    expect(sessions.session.current).not.toBeNull();
    mocked.logout.mockResolvedValueOnce({ status: "ok", data: null });
    await sessions.logout();
    expect(sessions.session.current).toBeNull();
  });
});

describe("review reads", () => {
  it("asks for a sheet once, forgets it on request, and gives null when it is not cached", async () => {
    mocked.reviewSheet.mockResolvedValue({ status: "ok", data: { submission_id: "s-1" } as never });
    const first = await review.sheetOf("s-1");
    await review.sheetOf("s-1");
    expect(first?.submission_id).toBe("s-1");
    expect(mocked.reviewSheet).toHaveBeenCalledTimes(1);
    review.forgetSheet("s-1");
    await review.sheetOf("s-1");
    expect(mocked.reviewSheet).toHaveBeenCalledTimes(2);
    review.keepSheets(new Set());
    mocked.reviewSheet.mockResolvedValue({ status: "error", error: { code: "unknown_submission", message: "" } });
    expect(await review.sheetOf("s-1")).toBeNull();
  });

  it("forgets every sheet when the desktop's count of updated submissions moves, and only then", async () => {
    mocked.reviewSheet.mockResolvedValue({ status: "ok", data: { submission_id: "s-2", photo_checks: "pending" } as never });
    expect(review.sheetsStale(undefined)).toBe(false);
    expect(review.sheetsStale(4)).toBe(false); // the first count seen: nothing to compare with
    await review.sheetOf("s-2");
    expect(review.sheetsStale(4)).toBe(false);
    expect(review.sheetsStale(null)).toBe(false);
    await review.sheetOf("s-2");
    expect(mocked.reviewSheet).toHaveBeenCalledTimes(1);
    mocked.reviewSheet.mockResolvedValue({ status: "ok", data: { submission_id: "s-2", photo_checks: "done" } as never });
    expect(review.sheetsStale(5)).toBe(true);
    expect((await review.sheetOf("s-2"))?.photo_checks).toBe("done");
    expect(mocked.reviewSheet).toHaveBeenCalledTimes(2);
    expect(review.sheetsStale(5)).toBe(false);
  });

  it("loads the reason catalogue once", async () => {
    mocked.rejectReasons.mockResolvedValue([{ code: "blurred" } as never]);
    await review.loadReasons();
    await review.loadReasons();
    expect(review.reasons.list.map((reason) => reason.code)).toEqual(["blurred"]);
    expect(mocked.rejectReasons).toHaveBeenCalledTimes(1);
  });

  it("sends no other text when it is blank", async () => {
    mocked.applicantPreview.mockResolvedValue({ status: "ok", data: "照片模糊" });
    await review.applicantPreview("resident", ["blurred"], "   ");
    expect(mocked.applicantPreview).toHaveBeenCalledWith("resident", ["blurred"], null);
    await review.applicantPreview("passport", ["other"], "请重拍");
    expect(mocked.applicantPreview).toHaveBeenLastCalledWith("passport", ["other"], "请重拍");
  });
});

describe("calendar status", () => {
  it("reads on screen and again on each work change, and stops listening with the last watcher", async () => {
    mocked.calendarStatus.mockResolvedValue({ status: "ok", data: { version: 3 } as never });
    const stopFirst = calendar.watchCalendar();
    const stopSecond = calendar.watchCalendar();
    await flush();
    expect(calendar.calendarStatus()?.version).toBe(3);
    expect(events.workChanged.listen).toHaveBeenCalledTimes(1);
    mocked.calendarStatus.mockResolvedValue({ status: "error", error: { code: "calendar", message: "日历无法读取" } });
    handlers[0]?.({ payload: {} });
    await flush();
    expect(calendar.calendarProblem()).toBe("日历无法读取");
    stopFirst();
    stopSecond();
    await flush();
    expect(unlistens).toBe(1);
  });
});

describe("ipc errors", () => {
  it("turns anything thrown into {code, message}", () => {
    expect(ipc.asAppError({ code: "offline", message: "离线" })).toEqual({ code: "offline", message: "离线" });
    expect(ipc.asAppError("boom")).toEqual({ code: "ipc_failed", message: "boom" });
    expect(ipc.isAppError({ code: 1 })).toBe(false);
  });
});
