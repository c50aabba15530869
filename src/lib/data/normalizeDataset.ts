/** Applying a normalisation to a lesson dataset, with the training split's statistics filled in once. */
import { SettingsError } from '../errors';
import { computeRange, computeStats, ctWindow, minMaxScale, scaleHounsfield, zScorePerSlice, zScoreWithStats } from './intensityScalings';
import type { Normalization } from './normalizations';
import type { LessonDataset, SplitArrays } from './types';

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
