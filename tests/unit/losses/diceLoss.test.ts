import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ShapeError } from '../../../src/lib/errors';
import { binaryCrossEntropy, CROSS_ENTROPY_EPSILON } from '../../../src/lib/losses/crossEntropy';
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

describe('binaryCrossEntropy', () => {
  it('matches a hand computation, averaged over pixels and the batch', () => {
    // t = [1, 0], p = [0.8, 0.4]: −(ln 0.8 + ln 0.6) / 2 = (0.22314 + 0.51083) / 2 = 0.36698.
    expect(lossOf(binaryCrossEntropy, [[1, 0]], [[0.8, 0.4]])).toBeCloseTo((-Math.log(0.8) - Math.log(0.6)) / 2, 5);
    // A second, perfect slice halves it.
    expect(lossOf(binaryCrossEntropy, [[1, 0], [1, 0]], [[0.8, 0.4], [1, 0]])).toBeCloseTo((-Math.log(0.8) - Math.log(0.6)) / 4, 5);
  });

  it('grows without bound as a wrong answer grows confident, unlike Dice', () => {
    // One foreground pixel of four predicted at 0.1, 0.01, 0.001: cross-entropy keeps climbing…
    const ce = [0.1, 0.01, 0.001].map((p) => lossOf(binaryCrossEntropy, [[1, 0, 0, 0]], [[p, 0, 0, 0]]));
    expect(ce[0]).toBeCloseTo(-Math.log(0.1) / 4, 5);
    expect(ce[1] - ce[0]).toBeCloseTo(Math.log(10) / 4, 4);
    expect(ce[2] - ce[1]).toBeCloseTo(Math.log(10) / 4, 4);
    // …while Dice loss, 1 − (2p + 1)/(p + 2), creeps from 0.429 towards its bound of 0.5.
    const dice = [0.1, 0.01, 0.001].map((p) => lossOf(diceLoss, [[1, 0, 0, 0]], [[p, 0, 0, 0]]));
    expect(dice[0]).toBeCloseTo(1 - 1.2 / 2.1, 5);
    expect(dice[2]).toBeCloseTo(1 - 1.002 / 2.001, 5);
    expect(dice[2] - dice[1]).toBeLessThan(0.01);
  });

  it('clips probabilities like Keras, so 0 and 1 give a finite loss', () => {
    const worst = lossOf(binaryCrossEntropy, [[1, 0]], [[0, 1]]);
    expect(Number.isFinite(worst)).toBe(true);
    // float32 rounds 1 − ε, so allow a little slack around −ln ε ≈ 16.12.
    expect(worst).toBeCloseTo(-Math.log(CROSS_ENTROPY_EPSILON), 0);
    expect(lossOf(binaryCrossEntropy, [[1, 0]], [[1, 0]])).toBeLessThan(1e-6);
  });

  it('has the gradient −t/p + (1 − t)/(1 − p), divided by the pixel count', () => {
    const g = tf.tidy(() => {
      const t = tf.tensor4d([1, 0], [1, 1, 2, 1]);
      return tf.grad((p: tf.Tensor) => binaryCrossEntropy(t, p))(tf.tensor4d([0.25, 0.25], [1, 1, 2, 1])).dataSync().slice();
    });
    expect(g[0]).toBeCloseTo(-1 / 0.25 / 2, 5);
    expect(g[1]).toBeCloseTo(1 / 0.75 / 2, 5);
  });

  it('rejects mismatched shapes with a ShapeError', () => {
    expect(() => tf.tidy(() => binaryCrossEntropy(tf.zeros([1, 4, 4, 1]), tf.zeros([1, 4, 4, 2])))).toThrow(ShapeError);
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
    for (const fn of [diceLoss, binaryCrossEntropy, meanAbsoluteError, meanSquaredError]) fn(t, p).dispose();
    t.dispose();
    p.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
