// What the review screen says about held work, rendered (server-side, as text): start-up while
// claimed submissions download, the offline batch's own expiry in the status line (not the short
// prefetch lease), and the sign-out question listing what is held, online and offline.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { render } from "svelte/server";
import type { Status } from "../lib/bindings";
import { setLocale } from "../lib/i18n/index.svelte";
vi.mock("../lib/work.svelte", () => ({ releaseOffline: vi.fn() }));

import LeaseLine from "./LeaseLine.svelte";
import QueueEmpty from "./QueueEmpty.svelte";
import SignOutDialog from "./SignOutDialog.svelte";

beforeAll(() => vi.stubGlobal("document", { documentElement: { lang: "" } }));
afterAll(() => vi.unstubAllGlobals());

const NOW = Date.parse("2026-12-07T01:00:00Z");

function status(overrides: Partial<Status> = {}): Status {
  return {
    account: null, signed_in: true, outbox_pending: 0, next_attempt_at: null, conflicts: 0,
    ready: 0, earliest_lease_expiry: null, held: 0, downloading: 0, offline_held: 0,
    offline_expiry: null, acknowledged: 0, submissions_updated: 0, online: true,
    last_sync: null, last_error: null, recallable: null,
    today: { approved: 0, rejected: 0 },
    ...overrides,
  };
}

function text(body: string): string {
  return body.replace(/<!--[\s\S]*?-->/g, "").replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");
}

describe("start-up", () => {
  it("says claimed submissions are downloading instead of 'nothing to review'", () => {
    setLocale("zh-CN");
    const shown = text(render(QueueEmpty, { props: { status: status({ held: 5, downloading: 5 }) } }).body);
    expect(shown).toContain("正在下载 5 条已领取的申请");
    expect(shown).not.toContain("当前没有待审核的申请");
  });

  it("says the queue is empty only when nothing is on its way", () => {
    setLocale("zh-CN");
    for (const shown of [null, status()]) {
      const said = text(render(QueueEmpty, { props: { status: shown } }).body);
      expect(said).toContain("当前没有待审核的申请");
      expect(said).not.toContain("正在下载");
    }
  });
});

describe("the status line's lease", () => {
  it("shows the offline batch's own expiry in Beijing time, and a way to release it", () => {
    setLocale("zh-CN");
    const held = status({
      held: 55, offline_held: 50, earliest_lease_expiry: "2026-12-07T01:15:00Z",
      offline_expiry: "2026-12-07T09:00:00Z",
    });
    const { body } = render(LeaseLine, { props: { status: held, now: NOW } });
    expect(text(body)).toContain("离线批次 50 条 · 12-07 17:00 到期");
    expect(body).toContain('data-testid="release-offline"');
    expect(text(body)).not.toContain("14:59");
  });

  it("counts down the short lease when no batch is held", () => {
    setLocale("zh-CN");
    const { body } = render(LeaseLine, { props: { status: status({ held: 5, earliest_lease_expiry: "2026-12-07T01:15:00Z" }), now: NOW } });
    expect(text(body)).toContain("15:00");
    expect(body).not.toContain("release-offline");
  });
});

describe("signing out", () => {
  const held = status({ held: 8, offline_held: 3, offline_expiry: "2026-12-07T09:00:00Z" });
  const props = { onconfirm: () => {}, oncancel: () => {} };

  it("lists what is held and says it is given back when online", () => {
    setLocale("zh-CN");
    const shown = text(render(SignOutDialog, { props: { status: held, ...props } }).body);
    expect(shown).toContain("您仍持有 8 条已领取、尚未审核的申请（其中离线批次 3 条）");
    expect(shown).toContain("退出时这些申请会归还给服务器");
  });

  it("says offline they stay locked until their leases end, in Beijing time", () => {
    setLocale("zh-CN");
    const shown = text(render(SignOutDialog, { props: { status: { ...held, online: false }, ...props } }).body);
    expect(shown).toContain("当前离线，无法归还");
    expect(shown).toContain("12-07 17:00");
    expect(shown).not.toContain("退出时这些申请会归还给服务器");
  });

  it("leaves the batch out when none is held", () => {
    setLocale("zh-CN");
    const shown = text(render(SignOutDialog, { props: { status: status({ held: 5 }), ...props } }).body);
    expect(shown).toContain("您仍持有 5 条已领取、尚未审核的申请。");
    expect(shown).not.toContain("离线批次");
  });

  it("says so when nothing is held", () => {
    setLocale("en");
    const shown = text(render(SignOutDialog, { props: { status: status(), ...props } }).body);
    expect(shown).toContain("No submissions are held on this computer.");
    setLocale("zh-CN");
  });
});
