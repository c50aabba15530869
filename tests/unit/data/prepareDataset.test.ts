import { describe, expect, it } from 'vitest';
import { CT_DEFAULT_NORMALIZATION, defaultNormalization, defaultNormalizationOf, prepareDataset } from '../../../src/lib/data/prepareDataset';
import type { LessonDataset, SplitArrays } from '../../../src/lib/data/types';

function split(count: number, size: number, value: (n: number, i: number) => number, mask = false): SplitArrays {
  const x = new Float32Array(count * size * size);
  const y = new Float32Array(count * size * size);
  for (let n = 0; n < count; n++) for (let i = 0; i < size * size; i++) {
    x[n * size * size + i] = value(n, i);
    y[n * size * size + i] = mask ? Number(i % size < size / 2) : value(n, i);
  }
  return { x, y, count };
}

const ct: LessonDataset = {
  height: 8, width: 8,
  train: split(5, 8, (n, i) => -1000 + n * 100 + i, true),
  val: split(2, 8, () => 0, true),
  attributes: { units: 'Hounsfield units' },
};

describe('prepareDataset', () => {
  it('chooses the CT default for files that declare units = "HU" (or whose values look like HU), per-slice z-score otherwise', () => {
    expect(CT_DEFAULT_NORMALIZATION).toEqual({ kind: 'zscore-slice' });
    expect(defaultNormalization(ct.attributes)).toEqual(CT_DEFAULT_NORMALIZATION);
    expect(defaultNormalization({ units: 'arbitrary' })).toEqual({ kind: 'zscore-slice' });
    expect(defaultNormalizationOf(ct)).toEqual(CT_DEFAULT_NORMALIZATION);
  });
  it('cuts the training split, keeps val, and leaves the stored data untouched', () => {
    const out = prepareDataset(ct, { normalization: { kind: 'hu-scale', divisor: 1000 }, height: 8, width: 8, trainLimit: 2 });
    expect(out.train.count).toBe(2);
    expect(out.train.x.length).toBe(2 * 64);
    expect(out.val.count).toBe(2);
    expect(out.train.x[0]).toBeCloseTo(-1, 6); // -1000 HU → -1
    expect(out.train.x[64]).toBeCloseTo(-0.9, 6); // second slice starts at -900 HU
    expect(ct.train.x[0]).toBe(-1000);
    expect(ct.train.count).toBe(5);
  });
  it('resamples to the training size and keeps masks binary', () => {
    const out = prepareDataset(ct, { normalization: { kind: 'none' }, height: 4, width: 4 });
    expect(out.height).toBe(4);
    expect(out.train.x.length).toBe(5 * 16);
    expect(new Set(out.train.y)).toEqual(new Set([0, 1]));
  });
  it('rejects a subset that is not a positive whole number', () => {
    expect(() => prepareDataset(ct, { normalization: { kind: 'none' }, height: 8, width: 8, trainLimit: 0 })).toThrow(/at least 1/);
  });
});
