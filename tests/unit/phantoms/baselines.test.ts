import { describe, expect, it } from 'vitest';
import type { SplitArrays } from '../../../src/lib/data/types';
import { applyLookupTable, fitLookupTable, lookupBin, lutBaseline, sliceDice, thresholdComponentsDice, thresholdDice } from '../../../src/lib/phantoms/baselines';
import { removeBorderComponents } from '../../../src/lib/data/removeBorderComponents';

function split(x: number[][], y: number[][]): SplitArrays {
  return { x: Float32Array.from(x.flat()), y: Float32Array.from(y.flat()), count: x.length };
}

describe('rule baselines', () => {
  it('computes smoothed Dice by hand', () => {
    // prediction 1 1 0 0, truth 0 1 1 0 (starting at offset 2): both 1, |p| 2, |t| 2 → (2 + 1)/(4 + 1).
    expect(sliceDice([1, 1, 0, 0], [9, 9, 0, 1, 1, 0], 2)).toBeCloseTo(3 / 5, 12);
    expect(sliceDice([0, 0], [0, 0])).toBe(1);
    expect(sliceDice([1, 0], [0, 0])).toBeCloseTo(1 / 2, 12);
  });

  it('drops the components that touch the border, keeping enclosed ones', () => {
    // 5×5: a border-touching L on the left, an enclosed 2-pixel blob in the middle.
    const image = Uint8Array.from([
      1, 0, 0, 0, 0,
      1, 0, 1, 1, 0,
      1, 1, 0, 0, 0,
      0, 0, 0, 0, 0,
      0, 0, 0, 0, 1,
    ]);
    removeBorderComponents(image, 5, 5);
    expect(Array.from(image)).toEqual([0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
  });

  it('finds a perfect threshold when one exists, and components fix outside air', () => {
    // 6×6 slices: outside air (-1000) on the border ring, body wall (+40), "lung" (-800) in the middle.
    const a = -1000;
    const w = 40;
    const l = -800;
    const slice = [a, a, a, a, a, a, a, w, w, w, w, a, a, w, l, l, w, a, a, w, l, l, w, a, a, w, w, w, w, a, a, a, a, a, a, a];
    const truth = slice.map((v) => (v === l ? 1 : 0));
    const data = split([slice, slice], [truth, truth]);
    const plain = thresholdDice(data, data, 6);
    const cc = thresholdComponentsDice(data, data, 6);
    // No threshold separates lung from the darker outside air: 4 lung pixels vs 20 air pixels at best.
    expect(plain.meanDice).toBeCloseTo((2 * 4 + 1) / (24 + 4 + 1), 12);
    expect(cc.meanDice).toBeCloseTo(1, 12);
    expect(cc.threshold).toBeGreaterThan(-800);
    expect(cc.lungSlices).toBe(2);
  });

  it('fits a lookup table that reproduces a per-pixel function, and reports the identity error', () => {
    const xs = Array.from({ length: 64 }, (_, i) => i / 63);
    const train = split([xs], [xs.map((v) => 1 - v)]);
    const result = lutBaseline(train, train, { bins: 64, testHeadMask: Uint8Array.from(xs.map((_, i) => (i < 32 ? 1 : 0))) });
    expect(result.maeWholeSlice).toBeLessThan(0.01);
    expect(result.identityMaeWholeSlice).toBeCloseTo(xs.reduce((s, v) => s + Math.abs(2 * v - 1), 0) / 64, 6);
    expect(result.maeInsideHead).toBeLessThan(0.01);
    expect(Number.isNaN(lutBaseline(train, train).maeInsideHead)).toBe(true);
  });
});

describe('the lookup table as plain data', () => {
  const train = { x: Float32Array.from([0, 0.1, 0.5, 0.9, 1]), y: Float32Array.from([1, 0.9, 0.5, 0.1, 0]), count: 5 };

  it('applies like the fitted table, clamping inputs outside the training range to the end bins', () => {
    const fitted = fitLookupTable(train, 4);
    const inputs = [-1, 0, 0.3, 0.74, 1, 2];
    expect(Array.from(applyLookupTable({ lo: fitted.lo, hi: fitted.hi, values: fitted.table }, inputs))).toEqual(Array.from(fitted.apply(inputs)));
    expect(inputs.map((v) => lookupBin({ lo: 0, hi: 1, bins: 4 }, v))).toEqual([0, 0, 1, 2, 3, 3]);
  });
});
