import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { intensityBatch } from '../../../src/lib/augment/intensityBatch';
import {
  ACQUISITION_CHANGES, DEFAULT_INTENSITY_AUGMENT, IDENTITY_INTENSITY, assertIntensityAugmentConfig, isIdentityIntensity, onlyChanges,
  type IntensityAugmentConfig, type IntensityParams,
} from '../../../src/lib/augment/intensityConfig';
import { INTENSITY_DRAWS_PER_SAMPLE, biasPeak, sampleIntensityParams } from '../../../src/lib/augment/sampleIntensityParams';
import { SettingsError, ShapeError } from '../../../src/lib/errors';
import { createRng } from '../../../src/lib/random';

const change = (over: Partial<IntensityParams>): IntensityParams => ({ ...IDENTITY_INTENSITY, bias: [0, 0, 0, 0, 0], ...over });
const everyTime = (config: IntensityAugmentConfig): IntensityAugmentConfig => {
  const out = structuredClone(config);
  for (const name of Object.keys(out) as (keyof IntensityAugmentConfig)[]) out[name].probability = 1;
  return out;
};

describe('sampleIntensityParams', () => {
  it('draws the same changes from the same seed, and always the same number of draws per sample', () => {
    const a = sampleIntensityParams(createRng(7), DEFAULT_INTENSITY_AUGMENT, 5);
    expect(sampleIntensityParams(createRng(7), DEFAULT_INTENSITY_AUGMENT, 5)).toEqual(a);
    for (const config of [DEFAULT_INTENSITY_AUGMENT, onlyChanges(DEFAULT_INTENSITY_AUGMENT, ['noise'])]) {
      const rng = createRng(3);
      sampleIntensityParams(rng, config, 4);
      const reference = createRng(3);
      for (let k = 0; k < 4 * INTENSITY_DRAWS_PER_SAMPLE; k++) reference();
      expect(rng()).toBe(reference());
    }
  });

  it('with every probability 1 changes every sample within its ranges; with 0 changes none', () => {
    const drawn = sampleIntensityParams(createRng(1), everyTime(DEFAULT_INTENSITY_AUGMENT), 50);
    for (const p of drawn) {
      expect(p.gamma).toBeGreaterThanOrEqual(0.7);
      expect(p.gamma).toBeLessThan(1.5);
      expect(p.blurSigma).toBeGreaterThanOrEqual(0.5);
      expect(Math.max(...p.bias.map(Math.abs))).toBeLessThanOrEqual(0.3);
      expect(p.noiseStd).toBeLessThanOrEqual(0.1);
    }
    expect(drawn.filter(isIdentityIntensity)).toHaveLength(0);
    const none = sampleIntensityParams(createRng(1), onlyChanges(DEFAULT_INTENSITY_AUGMENT, []), 20);
    expect(none.every(isIdentityIntensity)).toBe(true);
  });

  it('keeps the bias field within e^±max everywhere in the image, whatever the coefficients add up to', () => {
    const drawn = sampleIntensityParams(createRng(4), everyTime(DEFAULT_INTENSITY_AUGMENT), 200);
    const peaks = drawn.map((p) => biasPeak(p.bias));
    expect(Math.max(...peaks)).toBeLessThanOrEqual(0.3 + 1e-9);
    // Not shrunk to nothing: the strongest fields reach most of the bound.
    expect(Math.max(...peaks)).toBeGreaterThan(0.25);
    expect(biasPeak([0.3, 0.3, 0.3, 0.3, 0.3])).toBeCloseTo(1.5, 6);
  });

  it('keeps only the acquisition changes when asked (what translation may change in its input)', () => {
    const drawn = sampleIntensityParams(createRng(2), onlyChanges(everyTime(DEFAULT_INTENSITY_AUGMENT), ACQUISITION_CHANGES), 30);
    expect(drawn.every((p) => p.gamma === 1 && p.contrast === 1 && p.brightness === 0)).toBe(true);
    expect(drawn.some((p) => p.noiseStd > 0 && p.blurSigma > 0 && p.lowRes > 1)).toBe(true);
  });

  it('names the field that is out of range', () => {
    const bad = structuredClone(DEFAULT_INTENSITY_AUGMENT) as IntensityAugmentConfig;
    bad.gamma.range = [1.5, 0.7];
    expect(() => assertIntensityAugmentConfig(bad)).toThrow(SettingsError);
    expect(() => assertIntensityAugmentConfig(bad)).toThrow(/gamma\.range\[1\]/);
    bad.gamma.range = [0.7, 1.5];
    bad.noise.probability = 2;
    expect(() => assertIntensityAugmentConfig(bad)).toThrow(/noise\.probability/);
  });
});

describe('intensityBatch', () => {
  beforeAll(async () => {
    expect(await tf.setBackend('wasm')).toBe(true);
  });

  const H = 8, W = 8;
  /** Two different images: a ramp from 0 to 63 and a checkerboard of 100 and 300. */
  const ramp = Array.from({ length: H * W }, (_, i) => i);
  const checker = Array.from({ length: H * W }, (_, i) => ((Math.floor(i / W) + (i % W)) % 2 === 0 ? 100 : 300));
  const batch = () => tf.tensor4d([...ramp, ...checker], [2, H, W, 1]);
  const run = (params: IntensityParams[], seed = 1) => {
    const x = batch();
    const before = tf.memory().numTensors;
    const out = intensityBatch(x, params, { seed });
    // Only the result is new: every intermediate tensor was released.
    expect(tf.memory().numTensors).toBe(before + 1);
    const values = Array.from(out.dataSync());
    tf.dispose([x, out]);
    return [values.slice(0, H * W), values.slice(H * W)];
  };
  const mean = (v: number[]) => v.reduce((s, a) => s + a, 0) / v.length;
  const std = (v: number[]) => Math.sqrt(mean(v.map((a) => (a - mean(v)) ** 2)));

  it('changes nothing with identity params, and only the sample whose params change', () => {
    const [a, b] = run([IDENTITY_INTENSITY, IDENTITY_INTENSITY]);
    expect(a).toEqual(ramp);
    expect(b).toEqual(checker);
    const [a2, b2] = run([change({ contrast: 2, blurSigma: 1, lowRes: 2, gamma: 0.5, noiseStd: 0.1, bias: [0.2, 0, 0, 0, 0] }), IDENTITY_INTENSITY]);
    expect(b2.map((v, i) => v - checker[i]).every((d) => Math.abs(d) < 1e-3)).toBe(true);
    expect(a2).not.toEqual(ramp);
  });

  it('contrast multiplies the spread about the mean; brightness moves the mean by standard deviations', () => {
    const [a] = run([change({ contrast: 2 }), IDENTITY_INTENSITY]);
    expect(mean(a)).toBeCloseTo(mean(ramp), 3);
    expect(std(a)).toBeCloseTo(2 * std(ramp), 3);
    const [, b] = run([IDENTITY_INTENSITY, change({ brightness: 0.5 })]);
    expect(mean(b)).toBeCloseTo(mean(checker) + 0.5 * std(checker), 2);
    expect(std(b)).toBeCloseTo(std(checker), 3);
  });

  it('gamma bends the values between the image’s own minimum and maximum, which stay', () => {
    const [a] = run([change({ gamma: 2 }), IDENTITY_INTENSITY]);
    a.forEach((v, i) => expect(v).toBeCloseTo(63 * (ramp[i] / 63) ** 2, 2));
  });

  it('blur keeps a constant image and the mean, and smooths a checkerboard', () => {
    const [, b] = run([IDENTITY_INTENSITY, change({ blurSigma: 1 })]);
    expect(std(b)).toBeLessThan(0.5 * std(checker));
    expect(mean(b)).toBeCloseTo(mean(checker), 0);
    const flat = tf.fill([1, H, W, 1], 5) as tf.Tensor4D;
    const out = intensityBatch(flat, [change({ blurSigma: 1.5 })], { seed: 1 });
    expect(Array.from(out.dataSync()).every((v) => Math.abs(v - 5) < 1e-4)).toBe(true);
    tf.dispose([flat, out]);
  });

  it('lower resolution turns 2×2 blocks of a checkerboard into one value each before smoothing', () => {
    const [, b] = run([IDENTITY_INTENSITY, change({ lowRes: 2 })]);
    expect(new Set(b.map((v) => Math.round(v))).size).toBeLessThan(new Set(checker).size + 1);
    expect(b).not.toEqual(checker);
    const [a] = run([change({ lowRes: 2 }), IDENTITY_INTENSITY]);
    // A ramp keeps its direction.
    expect(a[H * W - 1]).toBeGreaterThan(a[0]);
  });

  it('the bias field scales intensities above the image minimum by exp(b·basis)', () => {
    const [a] = run([change({ bias: [0.1, 0, 0, 0, 0] }), IDENTITY_INTENSITY]);
    expect(a[0]).toBeCloseTo(0, 4);
    // Right edge (x = 1): × e^0.1; left edge (x = −1): × e^−0.1.
    expect(a[W - 1]).toBeCloseTo(7 * Math.exp(0.1), 3);
    expect(a[W * 7]).toBeCloseTo(56 * Math.exp(-0.1), 3);
  });

  it('noise has the asked σ relative to the image, and the same seed gives the same noise', () => {
    const big = tf.tensor4d(Array.from({ length: 64 * 64 }, (_, i) => (i % 64) * 10), [1, 64, 64, 1]);
    const out = intensityBatch(big, [change({ noiseStd: 0.1 })], { seed: 5 });
    const again = intensityBatch(big, [change({ noiseStd: 0.1 })], { seed: 5 });
    const source = Array.from(big.dataSync());
    const diff = Array.from(out.dataSync()).map((v, i) => v - source[i]);
    expect(std(diff) / std(source)).toBeGreaterThan(0.09);
    expect(std(diff) / std(source)).toBeLessThan(0.11);
    expect(Array.from(again.dataSync())).toEqual(Array.from(out.dataSync()));
    tf.dispose([big, out, again]);
  });

  it('refuses images with channels or a params list of another length', () => {
    const x = tf.zeros([2, 4, 4, 2]) as tf.Tensor4D;
    expect(() => intensityBatch(x, [IDENTITY_INTENSITY, IDENTITY_INTENSITY], { seed: 1 })).toThrow(ShapeError);
    const y = tf.zeros([2, 4, 4, 1]) as tf.Tensor4D;
    expect(() => intensityBatch(y, [IDENTITY_INTENSITY], { seed: 1 })).toThrow(/one per sample/);
    tf.dispose([x, y]);
  });
});
