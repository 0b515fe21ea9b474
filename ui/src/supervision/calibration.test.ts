import { describe, expect, it } from "vitest";
import type { ThresholdRates } from "../lib/bindings";
import { bandsProblem, percent, rowBand, suggestBands, thresholdText } from "./calibration";

const rows = (list: [number, number, number][]): ThresholdRates[] =>
  list.map(([threshold, false_match_rate, false_non_match_rate]) => ({ threshold, false_match_rate, false_non_match_rate }));

describe("suggestBands", () => {
  it("takes the largest threshold within the false-match limit and the smallest within the non-match limit", () => {
    const rates = rows([
      [0.4, 0, 0.5],
      [0.45, 0.0005, 0.2],
      [0.5, 0.002, 0.05],
      [0.55, 0.01, 0.008],
      [0.6, 0.05, 0],
    ]);
    expect(suggestBands(rates)).toEqual({ similarBelow: 0.45, dissimilarFrom: 0.55 });
  });

  it("is null when no threshold keeps false matches low enough", () => {
    expect(suggestBands(rows([[0.4, 0.2, 0.1], [0.5, 0.3, 0]]))).toBeNull();
  });

  it("never suggests 不相似 below 相似", () => {
    const rates = rows([[0.3, 0, 0.005], [0.5, 0.0001, 0]]);
    expect(suggestBands(rates)).toEqual({ similarBelow: 0.5, dissimilarFrom: 0.5 });
  });

  it("reads rows in any order", () => {
    const rates = rows([[0.6, 0.05, 0], [0.4, 0, 0.5], [0.55, 0.0008, 0.005]]);
    expect(suggestBands(rates)).toEqual({ similarBelow: 0.55, dissimilarFrom: 0.55 });
  });
});

describe("bandsProblem", () => {
  it("accepts two ordered thresholds in range", () => {
    expect(bandsProblem("0.45", "0.55")).toBeNull();
    expect(bandsProblem("0.5", "0.5")).toBeNull();
  });
  it("names what is wrong", () => {
    expect(bandsProblem("", "0.5")).toBe("calib.needBoth");
    expect(bandsProblem("abc", "0.5")).toBe("calib.notNumbers");
    expect(bandsProblem("0", "0.5")).toBe("calib.outOfRange");
    expect(bandsProblem("0.4", "2")).toBe("calib.outOfRange");
    expect(bandsProblem("0.6", "0.5")).toBe("calib.order");
  });
});

describe("formatting", () => {
  it("writes rates as percentages and thresholds without trailing zeros", () => {
    expect(percent(0.0123)).toBe("1.23%");
    expect(percent(0)).toBe("0%");
    expect(thresholdText(0.45)).toBe("0.45");
    expect(thresholdText(0.4250001)).toBe("0.425");
  });
  it("shades rows by band", () => {
    expect(rowBand(0.4, 0.45, 0.55)).toBe("similar");
    expect(rowBand(0.5, 0.45, 0.55)).toBe("uncertain");
    expect(rowBand(0.55, 0.45, 0.55)).toBe("dissimilar");
  });
});
