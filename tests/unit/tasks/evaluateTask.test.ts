import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SplitArrays } from '../../../src/lib/data/types';
import { ShapeError } from '../../../src/lib/errors';
import type { SegmentationMetrics, TranslationMetrics } from '../../../src/lib/tasks';
import { evaluateTask } from '../../../src/lib/tasks/evaluateTask';
import { useWasm } from '../train/fitTestData';

let identity: tf.LayersModel;
beforeAll(async () => {
  await useWasm();
  // A 1×1 convolution with weight 1 and no bias: the prediction is the input.
  identity = tf.sequential({ layers: [tf.layers.conv2d({ inputShape: [12, 12, 1], filters: 1, kernelSize: 1, useBias: false, kernelInitializer: 'ones' })] });
});
afterAll(() => identity.dispose());

const S = 12;
const P = S * S;

describe('evaluateTask', () => {
  it('reports hard Dice per slice and for slices with and without foreground, in batches, without leaks', async () => {
    const y = new Float32Array(3 * P);
    const x = new Float32Array(3 * P);
    y.fill(1, 0, 20); // slice 0: predicted exactly (x = y) → Dice 1
    x.fill(0.9, 0, 20);
    y.fill(1, P, P + 30); // slice 1: lung missed entirely → Dice 0
    x.fill(0.2, P, P + 30);
    // slice 2: no lung, nothing predicted → Dice 1
    const before = tf.memory().numTensors;
    const m = await evaluateTask(identity, { x, y, count: 3 }, 'segmentation', { height: S, width: S, batchSize: 2 });
    expect(tf.memory().numTensors).toBe(before);
    expect(m).toEqual<SegmentationMetrics>({
      task: 'segmentation',
      count: 3,
      meanHardDice: 2 / 3,
      withForeground: { count: 2, mean: 0.5 },
      withoutForeground: { count: 1, mean: 1 },
      perSlice: [1, 0, 1],
      hasForeground: [1, 1, 0],
    });
  });

  it('reports MAE, MAE inside the head, PSNR and SSIM for translation', async () => {
    // Every slice: a 6×6 "head" at 0.5 on 0 background; predictions are off by 0.1 inside, 0.2 outside.
    const split: SplitArrays = { x: new Float32Array(3 * P), y: new Float32Array(3 * P), count: 3 };
    for (let k = 0; k < 3 * P; k++) {
      const i = Math.floor((k % P) / S);
      const j = k % S;
      const inHead = i >= 3 && i < 9 && j >= 3 && j < 9;
      split.y[k] = inHead ? 0.5 : 0;
      split.x[k] = split.y[k] + (inHead ? 0.1 : 0.2);
    }
    const square = Float32Array.from({ length: 3 * P }, (_, k) => (split.y[k] > 0 ? 1 : 0));
    const translation = async (s: SplitArrays, headMask?: Float32Array) => {
      const metrics = await evaluateTask(identity, s, 'translation', { height: S, width: S, batchSize: 2, headMask });
      if (metrics.task !== 'translation') throw new Error('expected translation metrics');
      return metrics as TranslationMetrics;
    };
    const m = await translation(split, square);
    // Without a mask, the head mask is computed from the input (../data/headMask): it holds the whole square.
    const own = await translation(split);
    expect(own.maeInHead).toBeGreaterThanOrEqual(0.1 - 1e-6);
    expect(own.maeInHead).toBeLessThan(0.2);
    expect(m.count).toBe(3);
    expect(m.mae).toBeCloseTo((36 * 0.1 + 108 * 0.2) / 144, 6);
    expect(m.maeInHead).toBeCloseTo(0.1, 6);
    expect(m.psnr).toBeCloseTo(10 * Math.log10(1 / ((36 * 0.01 + 108 * 0.04) / 144)), 4);
    expect(m.ssim).toBeLessThan(0.99);
    // With an explicit head mask covering everything, MAE in the head is the MAE.
    const all = await translation(split, new Float32Array(3 * P).fill(1));
    expect(all.maeInHead).toBeCloseTo(m.mae, 6);
    const perfect = await translation({ ...split, x: split.y });
    expect(perfect).toMatchObject({ mae: 0, maeInHead: 0, psnr: Number.POSITIVE_INFINITY });
    expect(perfect.ssim).toBeCloseTo(1, 6);
  });

  it('rejects a split whose arrays do not match the size, a head mask of another length, and an unknown task', async () => {
    await expect(evaluateTask(identity, { x: new Float32Array(P), y: new Float32Array(P), count: 2 }, 'segmentation', { height: S, width: S })).rejects.toThrow(
      /2 slices of 12×12/,
    );
    const one = { x: new Float32Array(P), y: new Float32Array(P), count: 1 };
    await expect(evaluateTask(identity, one, 'translation', { height: S, width: S, headMask: new Float32Array(P - 1) })).rejects.toThrow(ShapeError);
    await expect(evaluateTask(identity, one, 'classification', { height: S, width: S })).rejects.toThrow(/Expected task 'segmentation' or 'translation'/);
  });
});
