import { SettingsError } from '../errors';
import { declaredUnits, sniffUnits } from './inputUnits';
import type { Normalization } from './normalizations';
import { normalizeDataset } from './normalizeDataset';
import { resizeDataset } from './resizeDataset';
import type { LessonDataset, SplitArrays } from './types';

/** How a run turns the stored dataset into what the network trains on. */
export interface PrepareOptions {
  normalization: Normalization;
  /** Training size; the stored slices are resampled when it differs. */
  height: number;
  width: number;
  /** Keep only the first N training slices (whole subjects come first in the file), e.g. to provoke overfitting. */
  trainLimit?: number;
}

/**
 * The course's default for CT in Hounsfield units (decided on measurements, see docs/normalization.md):
 * per-slice z-score, which scores as well as HU scaling on the course data and, unlike it, gives the same
 * input whatever linear scale a file stores (HU, HU/1000, already z-scored).
 */
export const CT_DEFAULT_NORMALIZATION: Normalization = { kind: 'zscore-slice' };

/**
 * The default input normalisation for a dataset: from its machine-readable `units` attribute (the course's
 * CT files write units = "HU"), otherwise from a sniff of its values; CT in HU gets CT_DEFAULT_NORMALIZATION,
 * anything else (MR signal, values already scaled) per-slice z-score.
 */
export function defaultNormalization(attributes: LessonDataset['attributes'], sample?: Float32Array): Normalization {
  const units = declaredUnits(attributes) ?? (sample ? sniffUnits(sample).units : 'other');
  return units === 'HU' ? { ...CT_DEFAULT_NORMALIZATION } : { kind: 'zscore-slice' };
}

/** The default normalisation of a loaded dataset (attribute, else a sniff of its first non-empty split). */
export function defaultNormalizationOf(dataset: LessonDataset): Normalization {
  const arrays = [dataset.train, dataset.val, dataset.test].find((s) => s && s.count > 0);
  return defaultNormalization(dataset.attributes, arrays?.x);
}

function firstSlices(split: SplitArrays, count: number, pixels: number): SplitArrays {
  if (count >= split.count) return split;
  return { x: split.x.subarray(0, count * pixels), y: split.y.subarray(0, count * pixels), count };
}

/**
 * Returns a new dataset for training: the training split optionally cut to its first slices,
 * resampled to the training size, images normalised (statistics from train only). The stored
 * dataset is not changed, so the data explorer keeps showing physical units.
 */
export function prepareDataset(dataset: LessonDataset, options: PrepareOptions): LessonDataset {
  const { trainLimit } = options;
  if (trainLimit !== undefined && (!Number.isInteger(trainLimit) || trainLimit < 1)) {
    throw new SettingsError(`Expected the training subset to be a whole number of slices of at least 1, but got ${trainLimit}.`, 'Leave it empty to train on every training slice.');
  }
  const pixels = dataset.height * dataset.width;
  let out: LessonDataset = trainLimit === undefined ? dataset : { ...dataset, train: firstSlices(dataset.train, trainLimit, pixels) };
  if (out.height !== options.height || out.width !== options.width) {
    out = resizeDataset(out, { height: options.height, width: options.width });
  }
  return normalizeDataset(out, options.normalization);
}
