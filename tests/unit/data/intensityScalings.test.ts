import { describe, expect, it } from 'vitest';
import { computeStats, ctWindow, minMaxScale, scaleHounsfield, zScorePerSlice, zScorePerVolume, zScoreWithStats } from '../../../src/lib/data/intensityScalings';

const f32 = (...v: number[]) => new Float32Array(v);
const list = (a: Float32Array) => Array.from(a);

describe('z-scores', () => {
  it('per slice: each slice on its own (mean 0, population std 1)', () => {
    // Slice 0 = [1, 3]: mean 2, std 1 → [−1, 1]. Slice 1 = [10, 20]: mean 15, std 5 → [−1, 1]. Slice 2 is constant → 0.
    const x = f32(1, 3, 10, 20, 7, 7);
    expect(list(zScorePerSlice(x, 2))).toEqual([-1, 1, -1, 1, 0, 0]);
    expect(list(x)).toEqual([1, 3, 10, 20, 7, 7]); // input untouched
  });

  it('per volume: consecutive slices share statistics', () => {
    // Volume A = slices 0–1 = [0, 2, 4, 6]: mean 3, std √5. Volume B = slice 2 = [1, 1]: constant → 0.
    const out = zScorePerVolume(f32(0, 2, 4, 6, 1, 1), 2, [2, 1]);
    const s = Math.sqrt(5);
    expect(list(out).map((v) => +v.toFixed(6))).toEqual([-3 / s, -1 / s, 1 / s, 3 / s, 0, 0].map((v) => +Math.fround(v).toFixed(6)));
    expect(() => zScorePerVolume(f32(0, 1, 2, 3), 2, [1])).toThrow('Expected slicesPerVolume to add up to 2 slices, but it adds up to 1.');
  });

  it('with given statistics, and the population statistics themselves', () => {
    expect(computeStats(f32(2, 4, 6, 8))).toEqual({ mean: 5, std: Math.sqrt(5) });
    expect(list(zScoreWithStats(f32(7), { mean: 5, std: 2 }))).toEqual([1]);
  });
});

describe('ranges and CT', () => {
  it('min-max to [0, 1], own range or a given (train) range', () => {
    expect(list(minMaxScale(f32(-2, 0, 6)))).toEqual([0, 0.25, 1]);
    expect(list(minMaxScale(f32(5, 15), { min: 0, max: 10 }))).toEqual([0.5, 1.5]);
    expect(list(minMaxScale(f32(3, 3)))).toEqual([0, 0]);
  });

  it('window/level in HU: lung window level −600 width 1500 → [−1350, 150]', () => {
    const hu = f32(-2000, -1350, -600, 0, 150, 3000);
    expect(list(ctWindow(hu, { level: -600, width: 1500 }))).toEqual([0, 0, 0.5, Math.fround(0.9), 1, 1]); // (0 + 1350) / 1500 = 0.9
    expect(list(ctWindow(hu, { level: -600, width: 1500, range: '-1..1' })).map((v) => +v.toFixed(6))).toEqual([-1, -1, 0, 0.8, 1, 1]);
    expect(() => ctWindow(hu, { level: 40, width: 0 })).toThrow(/window width to be positive/);
  });

  it('HU scaling: water 0, air −1, bone ≈ +1', () => {
    expect(list(scaleHounsfield(f32(0, -1000, 1000, 40)))).toEqual([0, -1, 1, Math.fround(0.04)]);
    expect(list(scaleHounsfield(f32(-1024, 976), { offset: -1024, divisor: 2000 }))).toEqual([0, 1]);
  });
});
