import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ShapeError } from '../../../src/lib/errors';
import { diceLoss } from '../../../src/lib/losses/diceLoss';
import { meanAbsoluteError, meanSquaredError } from '../../../src/lib/losses/regressionLosses';

beforeAll(async () => {
  expect(await tf.setBackend('cpu')).toBe(true);
});

/** Evaluates a loss on small arrays shaped [batch, 1, width, 1] and returns the number. */
function lossOf(fn: (t: tf.Tensor, p: tf.Tensor) => tf.Scalar, t: number[][], p: number[][]): number {
  return tf.tidy(() => {
    const shape: [number, number, number, number] = [t.length, 1, t[0].length, 1];
    return fn(tf.tensor4d(t.flat(), shape), tf.tensor4d(p.flat(), shape)).dataSync()[0];
  });
}

describe('diceLoss', () => {
  it('matches a hand computation on one slice', () => {
    // Σ(t·p) = 0.5 + 1 = 1.5, Σt = 2, Σp = 2 → Dice = (3 + 1) / (4 + 1) = 0.8 → loss 0.2.
    expect(lossOf(diceLoss, [[1, 1, 0, 0]], [[0.5, 1, 0, 0.5]])).toBeCloseTo(0.2, 6);
  });

  it('flattens the whole batch instead of averaging per slice', () => {
    // Slice 1: t = [1, 0], p = [1, 0]; slice 2: t = [0, 0], p = [1, 1].
    // Batch: Σ(t·p) = 1, Σt = 1, Σp = 3 → Dice = 3 / 5 = 0.6 → loss 0.4.
    // (Per-slice averaging would give (0 + (1 − 1/3)) / 2 = 1/3 instead.)
    expect(lossOf(diceLoss, [[1, 0], [0, 0]], [[1, 0], [1, 1]])).toBeCloseTo(0.4, 6);
  });

  it('is 0 for a perfect prediction and for an all-empty batch predicted empty (the +1 smoothing)', () => {
    // (2·2 + 1) / (2 + 2 + 1) = 1.
    expect(lossOf(diceLoss, [[1, 0, 1]], [[1, 0, 1]])).toBeCloseTo(0, 6);
    // Empty target and prediction: 1 / 1 = 1 → loss 0.
    expect(lossOf(diceLoss, [[0, 0, 0, 0]], [[0, 0, 0, 0]])).toBe(0);
    // Empty target, p = 0.5 everywhere: Σp = 2 → Dice = 1 / 3 → loss 2/3: predicting anything is punished.
    expect(lossOf(diceLoss, [[0, 0, 0, 0]], [[0.5, 0.5, 0.5, 0.5]])).toBeCloseTo(2 / 3, 6);
  });

  it('has a gradient that pushes p up where t = 1 and down where t = 0', () => {
    const g = tf.tidy(() => {
      const t = tf.tensor4d([1, 0], [1, 1, 2, 1]);
      return tf.grad((p: tf.Tensor) => diceLoss(t, p))(tf.tensor4d([0.5, 0.5], [1, 1, 2, 1])).dataSync().slice();
    });
    // Dice = N / S with N = 2·Σ(t·p) + 1, S = Σt + Σp + 1. At t = (1, 0), p = (0.5, 0.5): N = 2, S = 3.
    // ∂loss/∂p_i = −(2·t_i·S − N) / S² → p_1: −(6 − 2)/9 = −4/9; p_2: −(0 − 2)/9 = +2/9.
    expect(g[0]).toBeCloseTo(-4 / 9, 6);
    expect(g[1]).toBeCloseTo(2 / 9, 6);
  });

  it('rejects mismatched shapes with a ShapeError', () => {
    expect(() => tf.tidy(() => diceLoss(tf.zeros([1, 4, 4, 1]), tf.zeros([1, 4, 4, 2])))).toThrow(ShapeError);
  });
});

describe('meanAbsoluteError / meanSquaredError', () => {
  it('match hand computations', () => {
    // d = p − t = [1, 0, −2, 0]; |d| mean = 3/4; d² mean = 5/4.
    expect(lossOf(meanAbsoluteError, [[0, 1, 2, 3]], [[1, 1, 0, 3]])).toBeCloseTo(0.75, 6);
    expect(lossOf(meanSquaredError, [[0, 1, 2, 3]], [[1, 1, 0, 3]])).toBeCloseTo(1.25, 6);
    // Averaged over the batch as well: slice 2 has no error → halves the means.
    expect(lossOf(meanAbsoluteError, [[0, 1, 2, 3], [0, 0, 0, 0]], [[1, 1, 0, 3], [0, 0, 0, 0]])).toBeCloseTo(0.375, 6);
    expect(() => tf.tidy(() => meanSquaredError(tf.zeros([2, 2]), tf.zeros([4])))).toThrow(ShapeError);
  });

  it('leaves no tensors behind', () => {
    const before = tf.memory().numTensors;
    const t = tf.ones([2, 4, 4, 1]), p = tf.zeros([2, 4, 4, 1]);
    for (const fn of [diceLoss, meanAbsoluteError, meanSquaredError]) fn(t, p).dispose();
    t.dispose();
    p.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
