import { describe, expect, it } from "vitest";
import { navStep } from "./listNav.svelte";

describe("navStep", () => {
  it("moves down with J and ↓, stopping at the last row", () => {
    expect(navStep("j", 0, 3)).toEqual({ move: 1 });
    expect(navStep("J", 1, 3)).toEqual({ move: 2 });
    expect(navStep("ArrowDown", 2, 3)).toEqual({ move: 2 });
  });

  it("moves up with K and ↑, stopping at the first row", () => {
    expect(navStep("k", 2, 3)).toEqual({ move: 1 });
    expect(navStep("ArrowUp", 0, 3)).toEqual({ move: 0 });
  });

  it("jumps to the ends with Home and End", () => {
    expect(navStep("Home", 2, 5)).toEqual({ move: 0 });
    expect(navStep("End", 0, 5)).toEqual({ move: 4 });
  });

  it("opens the selected row with Enter", () => {
    expect(navStep("Enter", 1, 3)).toEqual({ open: 1 });
  });

  it("keeps a stale selection inside a list that shrank", () => {
    expect(navStep("Enter", 7, 3)).toEqual({ open: 2 });
    expect(navStep("k", 7, 3)).toEqual({ move: 1 });
  });

  it("does nothing on an empty list or for other keys", () => {
    expect(navStep("j", 0, 0)).toBeNull();
    expect(navStep("Enter", 0, 0)).toBeNull();
    expect(navStep("x", 0, 3)).toBeNull();
    expect(navStep("1", 0, 3)).toBeNull();
  });
});
