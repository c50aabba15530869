import { describe, expect, it } from 'vitest';
import { TARGET_SCALE_PERCENTILE, describeTargetScale, divideInPlace, stridedPercentile, targetScale } from '../../../src/lib/data/targetScale';
import { DatasetFormatError } from '../../../src/lib/errors';

describe('target units', () => {
  it('finds a percentile of every stride-th finite value, ignoring NaN and infinities', () => {
    const ramp = Float32Array.from({ length: 1000 }, (_, i) => i);
    expect(stridedPercentile(ramp, 50, 1)).toBe(500);
    expect(stridedPercentile(ramp, 100, 1)).toBe(999);
    // Every 10th value: 0, 10, …, 990; the 90th percentile of those 100 is the 91st, 900.
    expect(stridedPercentile(ramp, 90, 10)).toBe(900);
    const holes = Float32Array.from([Number.NaN, 5, Number.POSITIVE_INFINITY, 1, Number.NaN, 3]);
    expect(stridedPercentile(holes, 100, 1)).toBe(5);
    expect(stridedPercentile(holes, 0, 1)).toBe(1);
    expect(stridedPercentile(new Float32Array([Number.NaN]), 50)).toBeNaN();
  });

  it('samples a large array with a stride instead of sorting all of it, and stays close to the exact value', () => {
    const big = Float32Array.from({ length: 3_000_000 }, (_, i) => (i * 7919) % 100_000);
    const estimate = stridedPercentile(big, TARGET_SCALE_PERCENTILE);
    expect(Math.abs(estimate - 99_950)).toBeLessThan(200);
  });

  it('scales a target to its bright end, the same lesson for any stored factor, and refuses a target without signal', () => {
    const t2 = Float32Array.from({ length: 4000 }, (_, i) => (i % 400) + 1);
    const t2x1000 = t2.map((v) => v * 1000);
    const a = divideInPlace(Float32Array.from(t2), targetScale(t2, 't2'));
    const b = divideInPlace(Float32Array.from(t2x1000), targetScale(t2x1000, 't2 × 1000'));
    a.forEach((v, k) => expect(b[k]).toBeCloseTo(v, 6));
    expect(Math.max(...a)).toBeCloseTo(1, 2);
    expect(() => targetScale(new Float32Array(100), 'empty.nii')).toThrow(DatasetFormatError);
    expect(() => targetScale(new Float32Array(100), 'empty.nii')).toThrow(/empty\.nii to hold a positive signal/);
    expect(describeTargetScale('as stored', 812.3456789)).toBe("as stored, divided by 812.346 (the target's 99.95th percentile, so 1 ≈ its brightest tissue)");
  });
});
