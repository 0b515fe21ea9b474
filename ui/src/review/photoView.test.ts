// The photo view's pure transitions: what the keyboard and the buttons do to a photo.
import { describe, expect, it } from "vitest";
import {
  PAN_STEP, PLAIN, SIDES, arrowPanned, clampedPan, corrected, fitted, imageStyle, isPlain, lightLevels, lit, mirrored, panLimit, panned, rotated,
  zoomed,
} from "./photoView";

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

  it("fits the whole photo into its stage, upright or turned sideways", () => {
    // A card photo (wide) in a wide panel: the width limits it.
    const card = { width: 856, height: 540 };
    const stage = { width: 600, height: 300 };
    const upright = fitted(card, stage, PLAIN);
    expect(upright.height).toBeCloseTo(300);
    expect(upright.width).toBeCloseTo(475.6, 1);
    // Turned a quarter: its width now runs down the stage, so the stage's height limits it.
    const turned = fitted(card, stage, rotated(PLAIN, 1));
    expect(turned.width).toBeCloseTo(300);
    expect(turned.height).toBeCloseTo((540 * 300) / 856);
    // Whatever the turn, what is shown (the turned box) lies within the stage.
    for (const quarter of [0, 1, 2, 3]) {
      const view = rotated(PLAIN, quarter);
      const size = fitted(card, stage, view);
      const [across, down] = quarter % 2 ? [size.height, size.width] : [size.width, size.height];
      expect(across).toBeLessThanOrEqual(stage.width + 1e-9);
      expect(down).toBeLessThanOrEqual(stage.height + 1e-9);
      expect(Math.max(across / stage.width, down / stage.height)).toBeCloseTo(1);
    }
    // The focus view (a larger stage) refits: the photo grows with it.
    expect(fitted(card, { width: 1200, height: 700 }, rotated(PLAIN, 1)).width).toBeCloseTo(700);
    expect(fitted(card, { width: 0, height: 300 }, PLAIN)).toEqual({ width: 0, height: 0 });
  });

  it("pans a zoomed photo by arrow steps and never past its edges", () => {
    expect(panned(PLAIN, 1, 0)).toBe(PLAIN);
    const zoomedIn = zoomed(PLAIN, 2);
    expect(panned(zoomedIn, 1, 0)).toMatchObject({ panX: -PAN_STEP, panY: 0 });
    expect(panned(zoomedIn, 0, -1)).toMatchObject({ panX: 0, panY: PAN_STEP });
    const shown = { width: 400, height: 250 };
    const stage = { width: 400, height: 300 };
    // Zoom 2: 800 × 500 shown in 400 × 300, so 200 and 100 each way.
    expect(panLimit(shown, stage, zoomedIn)).toEqual({ width: 200, height: 100 });
    // Sideways the limits swap axes: 500 across, 800 down.
    expect(panLimit(shown, stage, rotated(zoomedIn, 1))).toEqual({ width: 50, height: 250 });
    const far = panned(panned(panned(panned(zoomedIn, 1, 1), 1, 1), 1, 1), 1, 1);
    expect(clampedPan(far, panLimit(shown, stage, zoomedIn))).toMatchObject({ panX: -200, panY: -100 });
    const within = panned(zoomedIn, 1, 0);
    expect(clampedPan(within, panLimit(shown, stage, zoomedIn))).toBe(within);
    // The arrow keys: one step each way, only when zoomed; other keys do not pan.
    expect(arrowPanned(zoomedIn, "ArrowRight")).toMatchObject({ panX: -PAN_STEP, panY: 0 });
    expect(arrowPanned(zoomedIn, "ArrowUp")).toMatchObject({ panX: 0, panY: PAN_STEP });
    expect(arrowPanned(PLAIN, "ArrowLeft")).toBeNull();
    expect(arrowPanned(zoomedIn, "j")).toBeNull();
  });

  it("shows the light levels once they were changed", () => {
    expect(lightLevels(PLAIN)).toEqual({ brightness: null, contrast: null });
    expect(lightLevels(lit(PLAIN, 15, -30))).toEqual({ brightness: 115, contrast: 70 });
  });
});
