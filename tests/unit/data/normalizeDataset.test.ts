import { describe, expect, it } from 'vitest';
import { computeStats } from '../../../src/lib/data/intensityScalings';
import { normalizeDataset, resolveNormalization } from '../../../src/lib/data/normalizeDataset';
import type { LessonDataset } from '../../../src/lib/data/types';

const f32 = (...v: number[]) => new Float32Array(v);
const list = (a: Float32Array) => Array.from(a);

describe('normalizeDataset', () => {
  it('per split: train statistics applied to val unchanged', () => {
    const d: LessonDataset = {
      height: 1, width: 2, attributes: {},
      train: { x: f32(2, 4, 6, 8), y: f32(0, 1, 0, 1), count: 2 }, // mean 5, std √5
      val: { x: f32(5, 15), y: f32(1, 1), count: 1 },
    };
    expect(computeStats(d.train.x)).toEqual({ mean: 5, std: Math.sqrt(5) });
    const out = normalizeDataset(d, { kind: 'zscore-split' });
    expect(list(out.val.x)).toEqual([0, Math.fround(10 / Math.sqrt(5))]);
    expect(out.val.y).toBe(d.val.y);
  });

  it('applies per-slice z-score to every split, test included', () => {
    const d: LessonDataset = {
      height: 1, width: 2, attributes: { a: 1 },
      train: { x: f32(1, 3), y: f32(0, 1), count: 1 },
      val: { x: f32(0, 10), y: f32(0, 1), count: 1 },
      test: { x: f32(4, 2), y: f32(0, 1), count: 1 },
    };
    const out = normalizeDataset(d, { kind: 'zscore-slice' });
    expect([list(out.train.x), list(out.val.x), list(out.test!.x)]).toEqual([[-1, 1], [-1, 1], [1, -1]]);
    expect(list(normalizeDataset(d, { kind: 'min-max' }).val.x)).toEqual([-0.5, 4.5]);
  });

  it('fills in training statistics so that a saved model re-applies them to data without a training split', () => {
    const train = { x: f32(2, 4, 6, 8), y: f32(0, 1, 0, 1), count: 2 };
    const resolved = resolveNormalization({ kind: 'zscore-split' }, { train });
    expect(resolved).toEqual({ kind: 'zscore-split', mean: 5, std: Math.sqrt(5) });
    expect(resolveNormalization({ kind: 'min-max' }, { train })).toEqual({ kind: 'min-max', min: 2, max: 8 });
    const evalOnly: LessonDataset = {
      height: 1, width: 2, attributes: {},
      train: { x: f32(), y: f32(), count: 0 }, val: { x: f32(), y: f32(), count: 0 },
      test: { x: f32(5, 15), y: f32(0, 1), count: 1 },
    };
    const out = normalizeDataset(evalOnly, resolved);
    expect(Array.from(out.test!.x).map((v) => +v.toFixed(5))).toEqual([0, +(10 / Math.sqrt(5)).toFixed(5)]);
    // Never a silent zero: without the statistics and without a training split, it refuses.
    expect(() => normalizeDataset(evalOnly, { kind: 'zscore-split' })).toThrow(/no training split/);
  });
});
