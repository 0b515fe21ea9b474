// The date field as rendered (server-side, as text): the value in the one form, a text field and
// not the WebView's native control, what an empty field says, Chinese and English. The grid and
// its keys are exercised in the real window (tests/e2e_dates.rs).
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { render } from "svelte/server";
import { setLocale } from "./i18n/index.svelte";
vi.mock("./bindings", () => ({ commands: {}, events: {} }));

import DatePicker from "./DatePicker.svelte";

beforeAll(() => vi.stubGlobal("document", { documentElement: { lang: "" } }));
afterAll(() => {
  setLocale("zh-CN");
  vi.unstubAllGlobals();
});

describe("the date field", () => {
  it("shows its day as 2026-12-06 in a text field, named, with the calendar button", () => {
    setLocale("zh-CN");
    const { body } = render(DatePicker, { props: { value: "2026-12-06", label: "从", testid: "stats-from" } });
    expect(body).toMatch(/<input[^>]*value="2026-12-06"/);
    expect(body).not.toMatch(/type="(date|month)"/);
    expect(body).toContain('aria-label="从"');
    expect(body).toContain('id="stats-from"');
    expect(body).toContain('placeholder="年-月-日"');
    expect(body).toContain('aria-label="打开日历（Alt+↓）"');
    expect(body).toContain('data-testid="stats-from-open"');
    // Closed until asked: no grid, no error.
    expect(body).not.toContain('role="grid"');
    expect(body).not.toContain('role="alert"');
  });

  it("says 不限 when an optional field is empty, Any in English", () => {
    setLocale("zh-CN");
    const zh = render(DatePicker, { props: { optional: true, label: "开始日期", testid: "filter-from" } }).body;
    expect(zh).toContain('placeholder="不限"');
    setLocale("en");
    const en = render(DatePicker, { props: { optional: true, label: "From", testid: "filter-from" } }).body;
    expect(en).toContain('placeholder="Any"');
    expect(en).toContain('aria-label="Open the calendar (Alt+↓)"');
  });
});
