import * as tf from '@tensorflow/tfjs';
import { intensityBatch } from '../augment/intensityBatch';
import type { LessonDataset, SplitArrays } from '../data/types';
import type { Normalization } from '../data/normalizations';
import { prepareDataset } from '../data/prepareDataset';
import { shiftChange, type ShiftKind } from '../tasks/domainShifts';

/**
 * Slices `indices` of a stored split (at the file's own size and units) with a shift applied, as another
 * scanner would have stored them → a new [indices.length, height, width] array. Slice i's noise is seeded
 * with seed + i, so a slice changes the same way whether it is shifted alone or with the rest. The HU
 * offset is a plain add; every other shift goes through intensityBatch. Disposes what it creates.
 */
export function shiftStoredSlices(
  split: SplitArrays, indices: readonly number[], size: { height: number; width: number },
  shift: { kind: ShiftKind; strength: number; seed: number },
): Float32Array {
  const pixels = size.height * size.width;
  const change = shiftChange(shift.kind, shift.strength);
  const out = new Float32Array(indices.length * pixels);
  indices.forEach((index, k) => {
    const slice = split.x.subarray(index * pixels, (index + 1) * pixels);
    if ('offset' in change) {
      for (let i = 0; i < pixels; i++) out[k * pixels + i] = slice[i] + change.offset;
      return;
    }
    const shifted = tf.tidy(() => intensityBatch(tf.tensor4d(slice, [1, size.height, size.width, 1]), [change.intensity], { seed: shift.seed + index }));
    out.set(shifted.dataSync(), k * pixels);
    shifted.dispose();
  });
  return out;
}

const EMPTY: SplitArrays = { x: new Float32Array(0), y: new Float32Array(0), count: 0 };

/**
 * Stored slices (x, y at the file's size) as a model takes them: resampled to its size and normalised
 * with `normalization` (its statistics filled in), exactly as the engine prepares the file's own splits.
 */
export function prepareSlices(stored: LessonDataset, slices: SplitArrays, normalization: Normalization, height: number, width: number): SplitArrays {
  const one: LessonDataset = { height: stored.height, width: stored.width, train: EMPTY, val: EMPTY, test: slices, attributes: stored.attributes };
  return prepareDataset(one, { normalization, height, width }).test!;
}
