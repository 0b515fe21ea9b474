// The 人脸比对校准 tab's pure part: rates as percentages, thresholds suggested from a run's
// rates, and the checks on the two thresholds a supervisor types (the server checks them again).
import type { CalibrationRun, ThresholdRates } from "../lib/bindings";
import type { MessageKey } from "../lib/i18n/zh-CN";

/** The false-match rate a suggested 相似 threshold keeps to (1 in 1,000 different-person pairs). */
export const SUGGESTED_MAX_FALSE_MATCH = 0.001;
/** The false-non-match rate a suggested 不相似 threshold keeps to (1 in 100 same-person pairs). */
export const SUGGESTED_MAX_FALSE_NON_MATCH = 0.01;

const rate = new Intl.NumberFormat("zh-CN", { style: "percent", maximumFractionDigits: 2 });

/** A rate 0–1 as a percentage with up to two decimals. */
export function percent(value: number): string {
  return rate.format(value);
}

/** A threshold as typed and shown: three decimals, no trailing zeros. */
export function thresholdText(value: number): string {
  return String(Number(value.toFixed(3)));
}

export type Suggestion = { similarBelow: number; dissimilarFrom: number };

/**
 * Thresholds read off a run: 相似 below the largest threshold whose false-match rate is at most
 * SUGGESTED_MAX_FALSE_MATCH; 不相似 from the smallest threshold whose false-non-match rate is at
 * most SUGGESTED_MAX_FALSE_NON_MATCH (at least the first). `null` when either is not met.
 */
export function suggestBands(rates: ThresholdRates[]): Suggestion | null {
  const sorted = [...rates].sort((a, b) => a.threshold - b.threshold);
  const similar = sorted.filter((row) => row.false_match_rate <= SUGGESTED_MAX_FALSE_MATCH).pop();
  const dissimilar = sorted.find((row) => row.false_non_match_rate <= SUGGESTED_MAX_FALSE_NON_MATCH);
  if (!similar || !dissimilar) return null;
  return {
    similarBelow: similar.threshold,
    dissimilarFrom: Math.max(similar.threshold, dissimilar.threshold),
  };
}

/** What is wrong with two typed thresholds, as a message key; `null` when they may be sent. */
export function bandsProblem(similar: string, dissimilar: string): MessageKey | null {
  const [a, b] = [Number(similar), Number(dissimilar)];
  if (similar.trim() === "" || dissimilar.trim() === "") return "calib.needBoth";
  if (!Number.isFinite(a) || !Number.isFinite(b)) return "calib.notNumbers";
  if (a <= 0 || b >= 2) return "calib.outOfRange";
  if (a > b) return "calib.order";
  return null;
}

/** Which band a candidate threshold row falls in under the typed thresholds (for shading). */
export function rowBand(threshold: number, similar: number, dissimilar: number): "similar" | "uncertain" | "dissimilar" {
  if (threshold < similar) return "similar";
  if (threshold >= dissimilar) return "dissimilar";
  return "uncertain";
}

/** Whether bands may be set from this run at all. */
export function canSetBands(run: CalibrationRun | null): boolean {
  return run !== null && run.sufficient;
}
