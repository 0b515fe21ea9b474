import { describe, expect, it } from "vitest";
import type { Recallable } from "../lib/bindings";
import { isRecallKey, notice, secondsLeft } from "./undo";

const key = (key: string, mods: Partial<Record<"ctrlKey" | "altKey" | "metaKey" | "shiftKey", boolean>> = {}) => ({
  key, ctrlKey: false, altKey: false, metaKey: false, shiftKey: false, ...mods,
});

const until = "2026-03-02T02:00:10Z";
const recallable: Recallable = { decision_id: "d1", submission_id: "s1", outcome: "approve", until };
const at = (seconds: number) => Date.parse("2026-03-02T02:00:00Z") + seconds * 1000;

describe("undo", () => {
  it("U and Ctrl+Z recall; other keys and modifiers do not", () => {
    expect(isRecallKey(key("u"))).toBe(true);
    expect(isRecallKey(key("U", { shiftKey: true }))).toBe(true);
    expect(isRecallKey(key("z", { ctrlKey: true }))).toBe(true);
    expect(isRecallKey(key("z"))).toBe(false);
    expect(isRecallKey(key("u", { altKey: true }))).toBe(false);
    expect(isRecallKey(key("z", { ctrlKey: true, shiftKey: true }))).toBe(false);
  });

  it("counts the window down, then says the decision is final for a while", () => {
    expect(secondsLeft(recallable, at(0))).toBe(10);
    expect(notice(recallable, null, at(3.5))).toEqual({ kind: "recall", seconds: 7 });
    expect(notice(null, recallable, at(10.5))).toEqual({ kind: "final" });
    expect(notice(recallable, recallable, at(10.5))).toEqual({ kind: "final" });
    expect(notice(null, recallable, at(17))).toBeNull();
    expect(notice(null, null, at(0))).toBeNull();
  });

  it("a recalled decision (gone before its window ended) is not called final", () => {
    expect(notice(null, recallable, at(4))).toBeNull();
  });
});
