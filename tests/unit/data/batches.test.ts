import { describe, expect, it } from 'vitest';
import { batchCount, sliceBatch, splitCounts } from '../../../src/lib/data/batches';
import type { SplitArrays } from '../../../src/lib/data/types';
import { smallDataset } from './h5TestFiles';

// Four 1×2 slices: slice k holds x = [10k, 10k + 1] and y = [k, −k].
const split: SplitArrays = {
  count: 4,
  x: new Float32Array([0, 1, 10, 11, 20, 21, 30, 31]),
  y: new Float32Array([0, -0, 1, -1, 2, -2, 3, -3]),
};

describe('sliceBatch', () => {
  it('copies the indexed slices in index order', () => {
    const batch = sliceBatch(split, new Int32Array([3, 0, 2, 1]), 0, 2);
    expect(batch.count).toBe(2);
    expect(Array.from(batch.x)).toEqual([30, 31, 0, 1]);
    expect(Array.from(batch.y)).toEqual([3, -3, 0, -0]);
  });

  it('returns a short last batch and copies (editing the batch leaves the split alone)', () => {
    const batch = sliceBatch(split, new Int32Array([3, 0, 2]), 2, 2);
    expect(batch.count).toBe(1);
    expect(Array.from(batch.x)).toEqual([20, 21]);
    batch.x[0] = 99;
    expect(split.x[4]).toBe(20);
  });

  it('rejects out-of-range starts and indices', () => {
    expect(() => sliceBatch(split, new Int32Array([0, 1]), 2, 2)).toThrow('Expected the batch start to be in [0, 2), but got 2.');
    expect(() => sliceBatch(split, new Int32Array([0, 4]), 0, 2)).toThrow('Expected slice indices in [0, 4), but indices[1] is 4.');
    expect(() => sliceBatch(split, new Int32Array([0]), 0, 0)).toThrow(/batch size/);
  });
});

describe('splitCounts and batchCount', () => {
  it('counts slices per split and batches per pass', () => {
    expect(splitCounts(smallDataset(true))).toEqual({ train: 3, val: 2, test: 1 });
    expect(splitCounts(smallDataset(false))).toEqual({ train: 3, val: 2, test: 0 });
    expect([batchCount(10, 4), batchCount(8, 4), batchCount(1, 4)]).toEqual([3, 2, 1]);
  });
});
