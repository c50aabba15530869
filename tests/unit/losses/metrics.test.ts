import { describe, expect, it } from 'vitest';
import { SettingsError, ShapeError } from '../../../src/lib/errors';
import { hardDicePerSlice } from '../../../src/lib/losses/hardDice';
import { createIntensityErrors, maeInMask, psnr } from '../../../src/lib/losses/intensityMetrics';
import { ssim, ssimPerSlice } from '../../../src/lib/losses/ssim';
import { createRng } from '../../../src/lib/random';

describe('hardDicePerSlice', () => {
  // Three 2×2 slices.
  const truth = [1, 1, 1, 0, /**/ 0, 0, 0, 0, /**/ 0, 0, 0, 0];
  const prob = [0.9, 0.4, 0.6, 0.1, /**/ 0.1, 0.2, 0.5, 0, /**/ 0.7, 0, 0, 0];

  it('scores each slice and splits slices with and without foreground', () => {
    const r = hardDicePerSlice(new Float32Array(truth), new Float32Array(prob), { height: 2, width: 2 });
    // Slice 0: T = {0,1,2}, P = {0,2} (0.4 ≤ 0.5) → 2·2 / (3 + 2) = 0.8.
    // Slice 1: T = ∅, P = ∅ (0.5 is not > 0.5) → defined as 1.
    // Slice 2: T = ∅, P = {0} → 0 / 1 = 0.
    expect(Array.from(r.perSlice)).toEqual([Math.fround(0.8), 1, 0]);
    expect(Array.from(r.hasForeground)).toEqual([1, 0, 0]);
    expect(r.all.count).toBe(3);
    expect(r.all.mean).toBeCloseTo(0.6, 6);
    expect(r.withForeground).toEqual({ count: 1, mean: Math.fround(0.8) });
    expect(r.withoutForeground).toEqual({ count: 2, mean: 0.5 });
  });

  it('uses the threshold option and reports NaN for an empty group', () => {
    const r = hardDicePerSlice(truth, prob, { height: 2, width: 2, threshold: 0.3 });
    // Slice 0: P = {0,1,2} = T → 1; slice 1: P = {2} → 0; slice 2: P = {0} → 0.
    expect(Array.from(r.perSlice)).toEqual([1, 0, 0]);
    const onlyEmpty = hardDicePerSlice([0, 0, 0, 0], [0, 0, 0, 0], { height: 2, width: 2 });
    expect(onlyEmpty.withForeground.count).toBe(0);
    expect(onlyEmpty.withForeground.mean).toBeNaN();
  });

  it('rejects arrays that are not whole slices', () => {
    expect(() => hardDicePerSlice([1, 0, 1], [1, 0, 1], { height: 2, width: 2 })).toThrow(ShapeError);
    expect(() => hardDicePerSlice([1, 0, 1, 0], [1, 0], { height: 2, width: 2 })).toThrow(ShapeError);
  });
});

describe('maeInMask and psnr', () => {
  it('averages |p − t| inside the mask only', () => {
    // Inside the mask: |1 − 0| = 1 and |0 − 2| = 2 → 1.5; outside values are ignored.
    expect(maeInMask([0, 1, 2, 3], [1, 1, 0, 3], [1, 0, 1, 0])).toBe(1.5);
    expect(maeInMask([0, 1], [5, 5], [0, 0])).toBeNaN();
    expect(() => maeInMask([0, 1], [0, 1], [1])).toThrow(ShapeError);
  });

  it('computes PSNR = 10·log10(range² / MSE)', () => {
    // MSE = 4 · 0.01 / 4 = 0.01 → 10·log10(1 / 0.01) = 20 dB; range 2 → 10·log10(400) ≈ 26.0206 dB.
    const t = [0, 0, 0, 0], p = [0.1, -0.1, 0.1, -0.1];
    expect(psnr(t, p, { dataRange: 1 })).toBeCloseTo(20, 6);
    expect(psnr(t, p, { dataRange: 2 })).toBeCloseTo(26.0206, 4);
    expect(psnr(t, t, { dataRange: 1 })).toBe(Number.POSITIVE_INFINITY);
    expect(() => psnr(t, p, { dataRange: 0 })).toThrow(SettingsError);
  });

  it('gives the same numbers fed batch by batch as in one go (as the evaluation feeds them)', () => {
    const t = [0, 0.5, 1, 0.2, 0.9, 0.4], p = [0.1, 0.5, 0.7, 0.2, 1, 0.1], m = [1, 1, 0, 0, 1, 1];
    const errors = createIntensityErrors();
    errors.add(t.slice(0, 2), p.slice(0, 2), m.slice(0, 2));
    errors.add(t.slice(2), p.slice(2), m.slice(2));
    expect(errors.count).toBe(6);
    // |errors| = 0.1, 0, 0.3, 0, 0.1, 0.3: mean 0.8 / 6; inside the mask 0.1, 0, 0.1, 0.3 → 0.125.
    expect(errors.mae()).toBeCloseTo(0.8 / 6, 12);
    expect(errors.maeInMask()).toBeCloseTo(maeInMask(t, p, m), 12);
    expect(errors.maeInMask()).toBeCloseTo(0.125, 12);
    expect(errors.mse()).toBeCloseTo((0.01 + 0.09 + 0.01 + 0.09) / 6, 12);
    expect(errors.psnr(1)).toBeCloseTo(psnr(t, p, { dataRange: 1 }), 12);
    expect(() => errors.add([0], [0, 1])).toThrow(ShapeError);
  });
});

describe('ssim', () => {
  const noise = (n: number, seed: number) => {
    const rng = createRng(seed);
    return Float32Array.from({ length: n }, () => rng());
  };

  it('is 1 for identical images and symmetric otherwise', () => {
    const a = noise(2 * 16 * 16, 1), b = noise(2 * 16 * 16, 2);
    expect(ssim(a, a, { height: 16, width: 16, dataRange: 1 })).toBeCloseTo(1, 10);
    const ab = ssim(a, b, { height: 16, width: 16, dataRange: 1 });
    expect(ab).toBeCloseTo(ssim(b, a, { height: 16, width: 16, dataRange: 1 }), 12);
    // Two independent noise images share little structure.
    expect(Math.abs(ab)).toBeLessThan(0.2);
  });

  it('matches the luminance term for a constant image shifted by a constant', () => {
    // x ≡ 0.5, y ≡ 0.6: both variances and the covariance are 0, so the contrast-structure term is C2 / C2 = 1
    // and every window gives (2·0.5·0.6 + C1) / (0.5² + 0.6² + C1).
    // Range 1: C1 = (0.01·1)² = 1e-4 → 0.6001 / 0.6101 = 0.98360924...
    const x = new Float32Array(12 * 12).fill(0.5), y = new Float32Array(12 * 12).fill(0.6);
    expect(ssim(x, y, { height: 12, width: 12, dataRange: 1 })).toBeCloseTo((2 * 0.5 * 0.6 + 1e-4) / (0.25 + 0.36 + 1e-4), 5);
    // Range 255: C1 = 2.55² = 6.5025 → 7.1025 / 7.1125 ≈ 0.998594: the data range sets the constants.
    expect(ssim(x, y, { height: 12, width: 12, dataRange: 255 })).toBeCloseTo(7.1025 / 7.1125, 5);
  });

  it('reports one value per slice and rejects slices smaller than the window', () => {
    const a = noise(3 * 11 * 11, 3);
    const b = Float32Array.from(a);
    b.fill(0, 121, 242); // slice 1 blanked
    const per = ssimPerSlice(a, b, { height: 11, width: 11, dataRange: 1 });
    expect(per).toHaveLength(3);
    expect(per[0]).toBeCloseTo(1, 6);
    expect(per[2]).toBeCloseTo(1, 6);
    expect(per[1]).toBeLessThan(0.1);
    expect(() => ssim(new Float32Array(100), new Float32Array(100), { height: 10, width: 10, dataRange: 1 })).toThrow(ShapeError);
  });
});
