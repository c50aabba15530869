import { ShapeError } from '../errors';
import type { LessonDataset, SplitArrays, SplitName } from '../data/types';
import type { SplitSummary } from './protocol';
import { valueStats } from '../data/valueStats';

/** The split's arrays, or a clear error when the dataset has no such split (test is optional). */
export function splitOf(dataset: LessonDataset, split: SplitName): SplitArrays {
  const arrays = dataset[split];
  if (!arrays) {
    throw new ShapeError(`The dataset has no ${split} split.`, 'Files without testX/testY have only the train and val splits.');
  }
  return arrays;
}

/** Throws unless every index is a whole number in [0, count). */
export function assertIndices(split: SplitName, indices: readonly number[], count: number): void {
  if (!Array.isArray(indices) || indices.length === 0) {
    throw new ShapeError(`Expected at least one ${split} slice index, but got none.`, 'Pass e.g. [0] for the first slice.');
  }
  for (const index of indices) {
    if (!Number.isInteger(index) || index < 0 || index >= count) {
      throw new ShapeError(
        `Expected ${split} slice indices from 0 to ${count - 1}, but got ${String(index)}.`,
        `The ${split} split has ${count} slices; indices are 0-based.`,
      );
    }
  }
}

/** Copies slices `indices` of a [count, height, width] stack into a new [indices.length, height, width] array (the caller owns it). */
export function gatherSlices(stack: Float32Array, indices: readonly number[], sliceSize: number): Float32Array {
  const out = new Float32Array(indices.length * sliceSize);
  indices.forEach((index, k) => out.set(stack.subarray(index * sliceSize, (index + 1) * sliceSize), k * sliceSize));
  return out;
}

/** Slices of a [count, height, width] mask stack with at least one value above 0.5. */
export function countNonEmpty(masks: Float32Array, count: number, sliceSize: number): number {
  let nonEmpty = 0;
  for (let s = 0; s < count; s++) {
    const end = (s + 1) * sliceSize;
    for (let i = s * sliceSize; i < end; i++) {
      if (masks[i] > 0.5) {
        nonEmpty++;
        break;
      }
    }
  }
  return nonEmpty;
}

/** Counts, value ranges and (for masks) non-empty slices of one split. */
export function summarizeSplit(split: SplitName, arrays: SplitArrays, sliceSize: number, masks: boolean): SplitSummary {
  return {
    split,
    count: arrays.count,
    x: valueStats(arrays.x),
    y: valueStats(arrays.y),
    nonEmptyTargets: masks ? countNonEmpty(arrays.y, arrays.count, sliceSize) : null,
  };
}
