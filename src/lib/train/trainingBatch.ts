import type { SplitArrays } from '../data/types';

/** Copies the slices `indices` of a split into new contiguous arrays [indices.length, height, width, 1] (the caller owns them). */
export function gatherSlicePairs(split: SplitArrays, indices: ArrayLike<number>, sliceSize: number): { x: Float32Array; y: Float32Array } {
  const x = new Float32Array(indices.length * sliceSize);
  const y = new Float32Array(indices.length * sliceSize);
  for (let i = 0; i < indices.length; i++) {
    const from = indices[i] * sliceSize;
    x.set(split.x.subarray(from, from + sliceSize), i * sliceSize);
    y.set(split.y.subarray(from, from + sliceSize), i * sliceSize);
  }
  return { x, y };
}

/** Number of NaN or ±Infinity values in an array. */
export function countNonFinite(values: ArrayLike<number>): number {
  let count = 0;
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) count++;
  return count;
}
