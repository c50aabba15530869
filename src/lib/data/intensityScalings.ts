/**
 * The arithmetic of input normalisation: statistics of some values and the scalings built on them
 * (z-scores, min-max, CT windows, Hounsfield scaling). Every function returns a new array.
 */
import { SettingsError } from '../errors';

/** Mean and (population) standard deviation of some values. */
export interface Stats {
  mean: number;
  std: number;
}

/** Mean and population standard deviation of `values[start, end)`, summed in float64. */
export function computeStats(values: Float32Array, start = 0, end = values.length): Stats {
  const n = end - start;
  if (n <= 0) return { mean: 0, std: 0 };
  let sum = 0;
  for (let i = start; i < end; i++) sum += values[i];
  const mean = sum / n;
  let squares = 0;
  for (let i = start; i < end; i++) squares += (values[i] - mean) ** 2;
  return { mean, std: Math.sqrt(squares / n) };
}

/** (value − mean) / std for values[start, end) into out; a constant range (std 0) becomes 0. */
function standardise(values: Float32Array, out: Float32Array, stats: Stats, start = 0, end = values.length): void {
  const scale = stats.std > 0 ? 1 / stats.std : 0;
  for (let i = start; i < end; i++) out[i] = (values[i] - stats.mean) * scale;
}

/**
 * Per-slice z-score (the original notebooks' choice): each [H, W] slice of x [N, H, W, 1] gets mean 0
 * and std 1 on its own. Returns a new array. A constant slice becomes all zeros.
 */
export function zScorePerSlice(x: Float32Array, pixelsPerSlice: number): Float32Array {
  const out = new Float32Array(x.length);
  for (let start = 0; start < x.length; start += pixelsPerSlice) {
    const end = start + pixelsPerSlice;
    standardise(x, out, computeStats(x, start, end), start, end);
  }
  return out;
}

/**
 * Per-volume z-score: consecutive groups of slices (one subject's volume each; `slicesPerVolume` sums
 * to N) share one mean and std. Returns a new array.
 */
export function zScorePerVolume(x: Float32Array, pixelsPerSlice: number, slicesPerVolume: readonly number[]): Float32Array {
  const total = slicesPerVolume.reduce((a, b) => a + b, 0);
  if (total * pixelsPerSlice !== x.length) {
    throw new SettingsError(`Expected slicesPerVolume to add up to ${x.length / pixelsPerSlice} slices, but it adds up to ${total}.`, 'Give the number of slices of each volume, in the order they are stored.');
  }
  const out = new Float32Array(x.length);
  let start = 0;
  for (const slices of slicesPerVolume) {
    const end = start + slices * pixelsPerSlice;
    standardise(x, out, computeStats(x, start, end), start, end);
    start = end;
  }
  return out;
}

/** z-score with given statistics (computed on train, applied to val/test alike). Returns a new array. */
export function zScoreWithStats(x: Float32Array, stats: Stats): Float32Array {
  const out = new Float32Array(x.length);
  standardise(x, out, stats);
  return out;
}

/** Smallest and largest value (NaN-free input assumed). */
export function computeRange(x: Float32Array): { min: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < x.length; i++) {
    if (x[i] < min) min = x[i];
    if (x[i] > max) max = x[i];
  }
  return { min, max };
}

/** Min-max scaling to [0, 1] with the given range (default: x's own); a flat range maps to 0. Returns a new array. */
export function minMaxScale(x: Float32Array, range: { min: number; max: number } = computeRange(x)): Float32Array {
  const span = range.max - range.min;
  const scale = span > 0 ? 1 / span : 0;
  const out = new Float32Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = (x[i] - range.min) * scale;
  return out;
}

/**
 * CT windowing in Hounsfield units: values below level − width/2 clip to the low end, above
 * level + width/2 to the high end, linear between. Output in [0, 1] (default) or [−1, 1]. Returns a new array.
 */
export function ctWindow(hu: Float32Array, window: { level: number; width: number; range?: '0..1' | '-1..1' }): Float32Array {
  if (!(window.width > 0)) throw new SettingsError(`Expected the window width to be positive, but got ${window.width} HU.`, 'A lung window is level −600, width 1500; a soft-tissue window level 40, width 400.');
  const low = window.level - window.width / 2;
  const symmetric = window.range === '-1..1';
  const out = new Float32Array(hu.length);
  for (let i = 0; i < hu.length; i++) {
    const t = Math.min(1, Math.max(0, (hu[i] - low) / window.width));
    out[i] = symmetric ? 2 * t - 1 : t;
  }
  return out;
}

/** Linear Hounsfield scaling (hu − offset) / divisor; the default /1000 puts water at 0 and air at −1. Returns a new array. */
export function scaleHounsfield(hu: Float32Array, options: { divisor?: number; offset?: number } = {}): Float32Array {
  const divisor = options.divisor ?? 1000;
  const offset = options.offset ?? 0;
  const out = new Float32Array(hu.length);
  for (let i = 0; i < hu.length; i++) out[i] = (hu[i] - offset) / divisor;
  return out;
}
