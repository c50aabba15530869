import { SettingsError } from '../errors';
import type { LessonDataset, SplitArrays, SplitName } from './types';

/** One batch copied out of a split: x and y are [count, height, width, 1], new arrays the caller owns. */
export interface Batch {
  x: Float32Array;
  y: Float32Array;
  count: number;
}

/**
 * Copies the slices `indices[start … start + size)` (fewer at the end of the epoch) of a split into
 * a new batch, in that order. `indices` is usually a seeded shuffle of 0 … split.count − 1.
 */
export function sliceBatch(split: SplitArrays, indices: Int32Array, start: number, size: number): Batch {
  if (!Number.isInteger(start) || start < 0 || start >= indices.length) {
    throw new SettingsError(`Expected the batch start to be in [0, ${indices.length}), but got ${start}.`, 'Start batches at 0, batchSize, 2·batchSize, … below the number of indices.');
  }
  if (!Number.isInteger(size) || size < 1) throw new SettingsError(`Expected the batch size to be a whole number ≥ 1, but got ${size}.`, 'Use for example 8 or 16.');
  const pixels = split.count > 0 ? split.x.length / split.count : 0;
  const count = Math.min(size, indices.length - start);
  const x = new Float32Array(count * pixels);
  const y = new Float32Array(count * pixels);
  for (let b = 0; b < count; b++) {
    const slice = indices[start + b];
    if (slice < 0 || slice >= split.count) {
      throw new SettingsError(`Expected slice indices in [0, ${split.count}), but indices[${start + b}] is ${slice}.`, 'Build the indices from the split’s own count.');
    }
    const from = slice * pixels;
    x.set(split.x.subarray(from, from + pixels), b * pixels);
    y.set(split.y.subarray(from, from + pixels), b * pixels);
  }
  return { x, y, count };
}

/** Number of batches in one pass over `count` slices (the last may be smaller). */
export function batchCount(count: number, batchSize: number): number {
  return Math.ceil(count / batchSize);
}

/** Slices per split (test is 0 when the file has none). */
export function splitCounts(dataset: LessonDataset): Record<SplitName, number> {
  return { train: dataset.train.count, val: dataset.val.count, test: dataset.test?.count ?? 0 };
}
