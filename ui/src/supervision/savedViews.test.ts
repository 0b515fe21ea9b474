import { describe, expect, it } from "vitest";
import type { SavedView } from "../lib/bindings";
import { EMPTY_FILTER, slotOfKey, viewInSlot, viewShowing, wholeFilter } from "./savedViews";

const key = (over: Partial<KeyboardEvent>) => ({ key: "", code: "", altKey: false, ctrlKey: false, metaKey: false, shiftKey: false, ...over });

const view = (name: string, slot: number, filter: Partial<SavedView["filter"]>): SavedView => ({
  name, slot, filter: wholeFilter(filter), updated_at: "2026-12-07T02:00:00Z",
});

describe("saved views", () => {
  it("reads Alt+1 … Alt+9 as slots and nothing else", () => {
    expect(slotOfKey(key({ altKey: true, code: "Digit1", key: "1" }))).toBe(1);
    expect(slotOfKey(key({ altKey: true, code: "Digit9", key: "¡" }))).toBe(9);
    expect(slotOfKey(key({ altKey: true, code: "", key: "4" }))).toBe(4);
    expect(slotOfKey(key({ altKey: true, code: "Digit0", key: "0" }))).toBeNull();
    expect(slotOfKey(key({ code: "Digit1", key: "1" }))).toBeNull();
    expect(slotOfKey(key({ altKey: true, ctrlKey: true, code: "Digit1", key: "1" }))).toBeNull();
    expect(slotOfKey(key({ altKey: true, shiftKey: true, code: "Digit1", key: "!" }))).toBeNull();
    expect(slotOfKey(key({ altKey: true, code: "KeyL", key: "l" }))).toBeNull();
  });

  it("reads a view saved before a filter existed with that filter as any", () => {
    const { has_findings: _, ...older } = EMPTY_FILTER;
    expect(wholeFilter({ ...older, outcome: "reject" })).toEqual({ ...EMPTY_FILTER, outcome: "reject" });
  });

  it("finds the view showing, and the view in a slot", () => {
    const views = [view("逾期驳回", 1, { outcome: "reject", sla_breached: true }), view("有提示", 3, { has_findings: true })];
    expect(viewShowing(views, { ...EMPTY_FILTER, has_findings: true })?.name).toBe("有提示");
    expect(viewShowing(views, { ...EMPTY_FILTER, outcome: "reject" })).toBeNull();
    expect(viewShowing(views, EMPTY_FILTER)).toBeNull();
    expect(viewInSlot(views, 3)?.name).toBe("有提示");
    expect(viewInSlot(views, 2)).toBeNull();
  });
});
