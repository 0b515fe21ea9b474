// The photo view's pure transitions: what the keyboard and the buttons do to a photo.
import { describe, expect, it } from "vitest";
import { PLAIN, SIDES, corrected, imageStyle, isPlain, lit, mirrored, rotated, zoomed } from "./photoView";

describe("photoView", () => {
  it("rotates in quarter turns both ways and wraps at a full turn", () => {
    expect(rotated(PLAIN, 1).rotate).toBe(90);
    expect(rotated(PLAIN, -1).rotate).toBe(270);
    expect(rotated(rotated(PLAIN, 3), 1).rotate).toBe(0);
    expect(rotated(PLAIN, -5).rotate).toBe(270);
  });

  it("mirrors and mirrors back", () => {
    expect(mirrored(PLAIN).mirrored).toBe(true);
    expect(mirrored(mirrored(PLAIN))).toEqual(PLAIN);
  });

  it("keeps zoom within 1–6 and recentres when back at 1", () => {
    const panned = { ...zoomed(PLAIN, 2), panX: 40, panY: -10 };
    expect(zoomed(panned, 100).zoom).toBe(6);
    const back = zoomed(panned, 0.01);
    expect([back.zoom, back.panX, back.panY]).toEqual([1, 0, 0]);
  });

  it("keeps brightness and contrast within 40–200 %", () => {
    expect(lit(PLAIN, 500, -500)).toMatchObject({ brightness: 200, contrast: 40 });
    expect(lit(PLAIN, 10, 0)).toMatchObject({ brightness: 110, contrast: 100 });
  });

  it("applies a suggested correction (rotate clockwise, then mirror)", () => {
    expect(corrected(PLAIN, { rotate_cw: 450, mirrored: true })).toMatchObject({ rotate: 90, mirrored: true });
  });

  it("flips after rotating and adds a filter only when the light changed", () => {
    const style = imageStyle(mirrored(rotated(PLAIN, 1)));
    expect(style).toContain("scaleX(-1) rotate(90deg)");
    expect(style).not.toContain("filter");
    expect(imageStyle(lit(PLAIN, 10, 0))).toContain("filter: brightness(110%) contrast(100%)");
  });

  it("knows the untouched view", () => {
    expect(isPlain(PLAIN)).toBe(true);
    expect(isPlain(rotated(PLAIN, 1))).toBe(false);
  });
});

describe("photoView's sides", () => {
  it("lists the three photos in screen order", () => {
    expect(SIDES).toEqual(["portrait", "emblem", "handheld"]);
  });

  it("keeps a correction's turn within a full turn and replaces earlier turns", () => {
    const turned = rotated(mirrored(PLAIN), 1);
    expect(corrected(turned, { rotate_cw: 450, mirrored: false })).toMatchObject({ rotate: 90, mirrored: false });
  });

  it("never leaves the pan behind when the zoom returns to 1", () => {
    const view = zoomed({ ...PLAIN, zoom: 3, panX: 5, panY: 5 }, 1 / 3);
    expect(isPlain(view)).toBe(true);
  });
});
