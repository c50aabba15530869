import { SettingsError } from '../errors';
import type { LessonDataset, SplitArrays } from './types';

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

/** The input normalisations a lesson can choose (applied to X only). */
export type Normalization =
  | { kind: 'none' }
  | { kind: 'zscore-slice' }
  | { kind: 'zscore-split'; /** Training-split statistics; filled in by resolveNormalization so a saved model re-applies them. */ mean?: number; std?: number }
  | { kind: 'min-max'; /** Training-split range; filled in by resolveNormalization. */ min?: number; max?: number }
  | { kind: 'ct-window'; level: number; width: number; range?: '0..1' | '-1..1' }
  | { kind: 'hu-scale'; divisor?: number; offset?: number };

/**
 * The normalisation with any statistics it takes from the training split filled in (z-score mean/std,
 * min-max range), so that it can be recorded, saved with a model and re-applied to other data unchanged.
 * Throws SettingsError when statistics are needed but there is no training split to take them from.
 */
export function resolveNormalization(normalization: Normalization, dataset: Pick<LessonDataset, 'train'>): Normalization {
  const train = dataset.train;
  const empty = !train || train.count === 0;
  if (normalization.kind === 'zscore-split' && (normalization.mean === undefined || normalization.std === undefined)) {
    if (empty) throw new SettingsError('A split z-score needs the training split’s mean and std, but there is no training split.', 'Use the mean and std saved with the model, or per-slice z-score.');
    const { mean, std } = computeStats(train.x);
    return { kind: 'zscore-split', mean, std };
  }
  if (normalization.kind === 'min-max' && (normalization.min === undefined || normalization.max === undefined)) {
    if (empty) throw new SettingsError('Min-max scaling needs the training split’s range, but there is no training split.', 'Use the range saved with the model, or per-slice z-score.');
    const { min, max } = computeRange(train.x);
    return { kind: 'min-max', min, max };
  }
  return { ...normalization };
}

/**
 * Applies a normalisation to the images of every split; statistics (split z-score, min-max range) come
 * from the normalisation when it carries them, else from train, and are applied to val/test unchanged.
 * Returns a new dataset; targets are shared, not copied.
 */
export function normalizeDataset(dataset: LessonDataset, normalization: Normalization): LessonDataset {
  const pixels = dataset.height * dataset.width;
  const resolved = resolveNormalization(normalization, dataset);
  let map: (x: Float32Array) => Float32Array;
  switch (resolved.kind) {
    case 'none': map = (x) => x.slice(); break;
    case 'zscore-slice': map = (x) => zScorePerSlice(x, pixels); break;
    case 'zscore-split': { const stats = { mean: resolved.mean ?? 0, std: resolved.std ?? 0 }; map = (x) => zScoreWithStats(x, stats); break; }
    case 'min-max': { const range = { min: resolved.min ?? 0, max: resolved.max ?? 0 }; map = (x) => minMaxScale(x, range); break; }
    case 'ct-window': map = (x) => ctWindow(x, resolved); break;
    case 'hu-scale': map = (x) => scaleHounsfield(x, resolved); break;
  }
  const apply = (split: SplitArrays): SplitArrays => ({ x: map(split.x), y: split.y, count: split.count });
  const out: LessonDataset = { ...dataset, train: apply(dataset.train), val: apply(dataset.val), attributes: { ...dataset.attributes } };
  if (dataset.test) out.test = apply(dataset.test);
  return out;
}

/** Every normalisation kind, in the order a menu lists them. */
export const NORMALIZATION_KINDS: readonly Normalization['kind'][] = ['zscore-slice', 'hu-scale', 'ct-window', 'zscore-split', 'min-max', 'none'];

/** The lung window of the course (level −600 HU, width 1500 HU, output 0..1). */
export const LUNG_WINDOW: Normalization = { kind: 'ct-window', level: -600, width: 1500 };

/** One line for people: what a normalisation does to the input values. */
export function describeNormalization(normalization: Normalization): string {
  switch (normalization.kind) {
    case 'none': return 'none (values as stored)';
    case 'zscore-slice': return 'per-slice z-score (each slice to mean 0, std 1)';
    case 'zscore-split': return 'z-score with the training split’s mean and std';
    case 'min-max': return 'min-max to 0..1 with the training split’s range';
    case 'ct-window': return `CT window level ${normalization.level} HU, width ${normalization.width} HU, to ${normalization.range ?? '0..1'}`;
    case 'hu-scale': {
      const offset = normalization.offset ?? 0;
      return `Hounsfield units ${offset === 0 ? 'HU' : `(HU − ${offset})`} / ${normalization.divisor ?? 1000}`;
    }
  }
}

/**
 * Parses a normalisation named on a command line: zscore-slice, zscore-split, min-max, none, hu-scale
 * (HU / 1000), lung-window (level −600, width 1500), or ct-window:LEVEL:WIDTH. Throws SettingsError otherwise.
 */
export function parseNormalization(text: string): Normalization {
  const name = text.trim().toLowerCase();
  if (name === 'zscore-slice' || name === 'zscore-split' || name === 'min-max' || name === 'none') return { kind: name };
  if (name === 'hu-scale') return { kind: 'hu-scale', divisor: 1000 };
  if (name === 'lung-window') return { ...LUNG_WINDOW };
  const window = /^ct-window:(-?\d+(?:\.\d+)?):(\d+(?:\.\d+)?)$/.exec(name);
  if (window) return { kind: 'ct-window', level: Number(window[1]), width: Number(window[2]) };
  throw new SettingsError(
    `Unknown normalisation "${text}".`,
    'Use zscore-slice, hu-scale, lung-window, ct-window:LEVEL:WIDTH, zscore-split, min-max or none.',
  );
}

/** Throws SettingsError unless `value` is a Normalization (e.g. read from a saved model's files). */
export function assertNormalization(value: unknown, what: string): asserts value is Normalization {
  const v = value as Partial<Record<string, unknown>> | null;
  const kind = v?.kind;
  const numberOrAbsent = (key: string) => v?.[key] === undefined || (typeof v[key] === 'number' && Number.isFinite(v[key]));
  const ok = typeof kind === 'string' && (NORMALIZATION_KINDS as readonly string[]).includes(kind)
    && (kind !== 'ct-window' || (typeof v?.level === 'number' && typeof v.width === 'number' && v.width > 0))
    && ['divisor', 'offset', 'mean', 'std', 'min', 'max', 'level'].every(numberOrAbsent);
  if (!ok) throw new SettingsError(`${what} names an input normalisation this version does not know: ${JSON.stringify(value)}.`, 'Save the model again with this version of the course.');
}

/**
 * What the stored image values are: Hounsfield units, values already z-scored (mean 0, std 1), values
 * in 0..1, or something else. 'HU' is what the course's CT files declare with the attribute units = "HU".
 */
export type InputUnits = 'HU' | 'z-scored' | 'unit-range' | 'other';

/** The units a file declares in its machine-readable `units` attribute, or null when it has none. */
export function declaredUnits(attributes: Record<string, string | number>): InputUnits | null {
  const raw = attributes.units;
  if (raw === undefined) return null;
  const units = String(raw).trim().toLowerCase();
  if (units === 'hu' || units === 'hounsfield' || units === 'hounsfield units') return 'HU';
  if (units === 'z-scored' || units === 'zscore' || units === 'z-score') return 'z-scored';
  if (units === '0..1' || units === 'unit-range') return 'unit-range';
  return 'other';
}

/** Summary of some stored values, for sniffing their units and for messages. */
export interface ValueSniff {
  units: InputUnits;
  min: number;
  max: number;
  mean: number;
  std: number;
}

/**
 * Guesses the units from the values themselves (for files without a `units` attribute): CT in HU spans
 * air (≈ −1000) to tissue (> 0); z-scored values have mean ≈ 0 and std ≈ 1; values in [0, 1] are 'unit-range'.
 */
export function sniffUnits(x: Float32Array): ValueSniff {
  const { min, max } = computeRange(x);
  const { mean, std } = computeStats(x);
  let units: InputUnits = 'other';
  if (min <= -500 && max >= 0 && max <= 32767) units = 'HU';
  else if (Math.abs(mean) < 0.1 && std > 0.8 && std < 1.2) units = 'z-scored';
  else if (min >= 0 && max <= 1) units = 'unit-range';
  return { units, min, max, mean, std };
}

/** The units of a dataset's images: the declared attribute when there is one, otherwise sniffed from the first split that has slices. */
export function unitsOfDataset(dataset: Pick<LessonDataset, 'attributes' | 'train' | 'val' | 'test'>): { units: InputUnits; declared: boolean; sniff: ValueSniff } {
  const arrays = [dataset.test, dataset.val, dataset.train].find((s) => s && s.count > 0);
  const sniff = sniffUnits(arrays?.x ?? new Float32Array(0));
  const declared = declaredUnits(dataset.attributes);
  return { units: declared ?? sniff.units, declared: declared !== null, sniff };
}

/** Normalisations whose output does not change when the stored values are scaled and shifted (a·x + b, a > 0). */
export function isAffineInvariant(normalization: Normalization): boolean {
  return normalization.kind === 'zscore-slice';
}

/** The units a normalisation expects its input in: HU for the CT ones, null when any units do. */
export function expectedUnits(normalization: Normalization): InputUnits | null {
  return normalization.kind === 'hu-scale' || normalization.kind === 'ct-window' ? 'HU' : null;
}

/** A warning for the learner: message and hint, like a CourseError, but the work goes on. */
export interface NormalizationWarning {
  message: string;
  hint: string;
}

function formatSniff(s: ValueSniff): string {
  const f = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(2));
  return `from ${f(s.min)} to ${f(s.max)}, mean ${f(s.mean)}, std ${f(s.std)}`;
}

/**
 * Checks that a model's normalisation fits the data it is applied to; returns a warning (never throws)
 * when it does not: a model that expects Hounsfield units on values that are not HU (for example already
 * z-scored), or a model trained on one kind of units applied to another. `trainedOn` is the units of the
 * model's training data when known. Per-slice z-score fits any linear storage of the same image.
 */
export function checkNormalizationFits(
  normalization: Normalization,
  trainedOn: InputUnits | null | undefined,
  data: { units: InputUnits; declared: boolean; sniff: ValueSniff },
): NormalizationWarning | null {
  const described = describeNormalization(normalization);
  if (data.declared && data.units === 'HU' && data.sniff.units !== 'HU' && data.sniff.std > 0) {
    return {
      message: `The file says its images are in Hounsfield units (units = "HU"), but the values do not look like HU (${formatSniff(data.sniff)}).`,
      hint: 'Fix the attribute (remove units = "HU" when the values were already normalised) or store the images in HU.',
    };
  }
  if (isAffineInvariant(normalization)) return null;
  const expected = expectedUnits(normalization) ?? trainedOn ?? null;
  if (expected === null || expected === data.units) return null;
  const what = data.units === 'HU' ? 'Hounsfield units' : data.units === 'z-scored' ? 'already z-scored values' : data.units === 'unit-range' ? 'values in 0..1' : 'values in other units';
  return {
    message: `The model was trained with ${described} on ${expected === 'HU' ? 'Hounsfield units' : `${expected} values`}, but this file holds ${what} (${formatSniff(data.sniff)}): its predictions would be meaningless (e.g. Dice near 0).`,
    hint: expected === 'HU'
      ? 'Evaluate a file stored in Hounsfield units (with the attribute units = "HU"), or train with per-slice z-score, which does not depend on how a file scales its values.'
      : 'Store the file in the units the model was trained on, or train with per-slice z-score.',
  };
}
