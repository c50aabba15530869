import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ShapeError } from '../../../src/lib/errors';
import { evaluate, type BatchEvaluator } from '../../../src/lib/train/evaluate';
import { useWasm } from './fitTestData';

// The task-level metrics (hard Dice, MAE/PSNR/SSIM) are tested in ../tasks/evaluateTask.test.ts;
// here: evaluate hands every batch of a split to the evaluator it is given, whatever it computes.

let identity: tf.LayersModel;
beforeAll(async () => {
  await useWasm();
  // A 1×1 convolution with weight 1 and no bias: the prediction is the input.
  identity = tf.sequential({ layers: [tf.layers.conv2d({ inputShape: [4, 4, 1], filters: 1, kernelSize: 1, useBias: false, kernelInitializer: 'ones' })] });
});
afterAll(() => identity.dispose());

const S = 4;
const P = S * S;

/** Records the batches it is given; its result is what it saw. */
function recorder(): BatchEvaluator<{ starts: number[]; counts: number[]; input: number[]; target: number[]; prediction: number[] }> {
  const seen = { starts: [] as number[], counts: [] as number[], input: [] as number[], target: [] as number[], prediction: [] as number[] };
  return {
    add(batch) {
      seen.starts.push(batch.start);
      seen.counts.push(batch.count);
      seen.input.push(...batch.input);
      seen.target.push(...batch.target);
      seen.prediction.push(...batch.prediction);
    },
    result: () => seen,
  };
}

describe('evaluate', () => {
  it('hands the evaluator every slice once, in batches and in order, and returns its result, without leaks', async () => {
    const x = Float32Array.from({ length: 5 * P }, (_, k) => k / 100);
    const y = Float32Array.from({ length: 5 * P }, (_, k) => (k % 3 === 0 ? 1 : 0));
    const before = tf.memory().numTensors;
    const seen = await evaluate(identity, { x, y, count: 5 }, recorder(), { height: S, width: S, batchSize: 2 });
    expect(tf.memory().numTensors).toBe(before);
    expect(seen.starts).toEqual([0, 2, 4]);
    expect(seen.counts).toEqual([2, 2, 1]);
    expect(seen.input).toEqual(Array.from(x));
    expect(seen.target).toEqual(Array.from(y));
    seen.prediction.forEach((p, k) => expect(p).toBeCloseTo(x[k], 6));
  });

  it('rejects a split whose arrays do not match the size, before predicting anything', async () => {
    const evaluator = recorder();
    await expect(evaluate(identity, { x: new Float32Array(P), y: new Float32Array(P), count: 2 }, evaluator, { height: S, width: S })).rejects.toThrow(ShapeError);
    await expect(evaluate(identity, { x: new Float32Array(P), y: new Float32Array(P), count: 2 }, evaluator, { height: S, width: S })).rejects.toThrow(/2 slices of 4×4/);
    expect(evaluator.result().starts).toEqual([]);
  });
});
