import { describe, expect, it } from "vitest";
import { nextAfter } from "./nextItem";

const same = (a: string, b: string) => a === b;

describe("nextAfter", () => {
  it("opens the item that followed the decided one", () => {
    expect(nextAfter(["a", "b", "c"], ["a", "c"], "b", same)).toBe("c");
  });

  it("skips items decided meanwhile (by someone else)", () => {
    expect(nextAfter(["a", "b", "c", "d"], ["a", "d"], "b", same)).toBe("d");
  });

  it("wraps to the first still waiting after the last one", () => {
    expect(nextAfter(["a", "b", "c"], ["a", "b"], "c", same)).toBe("a");
  });

  it("takes an item that arrived meanwhile when nothing else waits", () => {
    expect(nextAfter(["a"], ["z"], "a", same)).toBe("z");
  });

  it("without wrapping, ends after the last row (the log: its new top row is the verdict)", () => {
    expect(nextAfter(["a", "b"], ["v", "a", "b"], "b", same, false)).toBeNull();
    expect(nextAfter(["a", "b"], ["v", "a", "b"], "a", same, false)).toBe("b");
  });

  it("never reopens the decided item, and says when none is left", () => {
    expect(nextAfter(["a"], ["a"], "a", same)).toBeNull();
    expect(nextAfter(["a"], [], "a", same)).toBeNull();
  });

  it("returns the reloaded copy of the item", () => {
    const before = [{ id: "a", v: 1 }, { id: "b", v: 1 }];
    const fresh = [{ id: "b", v: 2 }];
    expect(nextAfter(before, fresh, before[0]!, (x, y) => x.id === y.id)).toEqual({ id: "b", v: 2 });
  });
});
