import { SettingsError } from '../errors';
import { normalizeDataset, type Normalization } from './normalize';
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

/** The lessons' default: CT scaled from Hounsfield units (water 0, air −1), MR z-scored per slice. */
export function defaultNormalization(attributes: LessonDataset['attributes']): Normalization {
  const units = String(attributes.units ?? attributes.unitsX ?? attributes.x_units ?? '').toLowerCase();
  return units.includes('hounsfield') || units === 'hu' ? { kind: 'hu-scale', divisor: 1000 } : { kind: 'zscore-slice' };
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
