/**
 * What units a file's images are in (declared by its `units` attribute or sniffed from the values),
 * and whether a model's normalisation fits them.
 */
import { computeRange, computeStats } from './intensityScalings';
import { describeNormalization, expectedUnits, isAffineInvariant, type Normalization } from './normalizations';
import type { LessonDataset } from './types';

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
