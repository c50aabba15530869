import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { hasDropout, sliceUncertainty, splitUncertainty } from '../../../src/lib/inspect/uncertainty';
import { defaultTransforms } from '../../../src/lib/inspect/uncertaintyTransforms';
import { buildEncoderDecoder } from '../../../src/lib/models/encoderDecoder';

beforeAll(async () => {
  expect(await tf.setBackend('cpu')).toBe(true);
});

const H = 8;
const W = 8;
const slice = Float32Array.from({ length: H * W }, (_, i) => (i % W) / W + Math.floor(i / W) / 3);
const target = Float32Array.from({ length: H * W }, (_, i) => (i % 3 === 0 ? 1 : 0));

/** A model whose output ignores its input: a 1×1 conv with zero kernel and a bias of 0.3, then a sigmoid. */
function constantModel(): tf.LayersModel {
  const input = tf.input({ shape: [H, W, 1] });
  const out = tf.layers.conv2d({ filters: 1, kernelSize: 1, activation: 'sigmoid', kernelInitializer: 'zeros', biasInitializer: tf.initializers.constant({ value: 0.3 }) }).apply(input) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: out });
}

describe('uncertainty by test-time augmentation', () => {
  it('is exactly 0 everywhere for a model whose output does not depend on the input', async () => {
    const model = constantModel();
    try {
      const result = await sliceUncertainty(model, slice, target, H, W, { transforms: defaultTransforms(2) });
      expect([...result.spread].every((v) => v === 0)).toBe(true);
      expect(result.meanSpread).toBe(0);
      const p = 1 / (1 + Math.exp(-0.3));
      expect(result.prediction[0]).toBeCloseTo(p, 6);
      // The error is |prediction − target|, pixel by pixel.
      expect(result.error[0]).toBeCloseTo(1 - p, 6);
      expect(result.error[1]).toBeCloseTo(p, 6);
    } finally {
      model.dispose();
    }
  });

  it('is positive where a model that depends on position disagrees with its flipped self', async () => {
    const model = buildEncoderDecoder({ height: H, width: W, skips: true, output: 'sigmoid', seed: 5 });
    try {
      expect(hasDropout(model)).toBe(false);
      const result = await sliceUncertainty(model, slice, target, H, W, { transforms: defaultTransforms(1), dropoutPasses: 4 });
      expect(result.meanSpread).toBeGreaterThan(0);
      // The identity pass alone has no spread.
      const alone = await sliceUncertainty(model, slice, target, H, W, { transforms: [{ kind: 'identity' }] });
      expect(alone.meanSpread).toBe(0);
      expect(alone.prediction).toEqual(result.prediction);
    } finally {
      model.dispose();
    }
  });

  it('adds passes with dropout on only for a model that has dropout', async () => {
    const input = tf.input({ shape: [H, W, 1] });
    const dropped = tf.layers.dropout({ rate: 0.5, seed: 1 }).apply(tf.layers.conv2d({ filters: 2, kernelSize: 1, kernelInitializer: 'ones' }).apply(input) as tf.SymbolicTensor) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: tf.layers.conv2d({ filters: 1, kernelSize: 1, kernelInitializer: 'ones' }).apply(dropped) as tf.SymbolicTensor });
    try {
      expect(hasDropout(model)).toBe(true);
      const plain = await sliceUncertainty(model, slice, target, H, W, { transforms: [{ kind: 'identity' }] });
      const withDropout = await sliceUncertainty(model, slice, target, H, W, { transforms: [{ kind: 'identity' }], dropoutPasses: 6 });
      expect(plain.meanSpread).toBe(0);
      expect(withDropout.meanSpread).toBeGreaterThan(0);
    } finally {
      model.dispose();
    }
  });

  it('scores every slice of a split and leaks no tensors across repeated use', async () => {
    const model = buildEncoderDecoder({ height: H, width: W, skips: false, output: 'linear', seed: 6 });
    const count = 3;
    const arrays = { x: new Float32Array(count * H * W).map((_, i) => Math.cos(i)), y: new Float32Array(count * H * W), count };
    try {
      await splitUncertainty(model, arrays, H, W, { transforms: defaultTransforms(2) });
      const before = tf.memory().numTensors;
      for (let k = 0; k < 3; k++) {
        const { spread, error } = await splitUncertainty(model, arrays, H, W, { transforms: defaultTransforms(2) });
        expect(spread).toHaveLength(count);
        expect(error).toHaveLength(count);
      }
      expect(tf.memory().numTensors).toBe(before);
    } finally {
      model.dispose();
    }
  });
});

describe('splitUncertainty: progress and stopping', () => {
  it('reports every finished slice, and a stop between slices ends it early without leaking tensors', async () => {
    const model = buildEncoderDecoder({ height: H, width: W, skips: false, output: 'linear', seed: 7 });
    const count = 4;
    const arrays = { x: new Float32Array(count * H * W).map((_, i) => Math.sin(i)), y: new Float32Array(count * H * W), count };
    try {
      const seen: string[] = [];
      const whole = await splitUncertainty(model, arrays, H, W, { transforms: defaultTransforms(2), onSlice: (done, total) => seen.push(`${done}/${total}`) });
      expect(seen).toEqual(['1/4', '2/4', '3/4', '4/4']);
      const before = tf.memory().numTensors;
      const controller = new AbortController();
      const partial = await splitUncertainty(model, arrays, H, W, {
        transforms: defaultTransforms(2),
        signal: controller.signal,
        onSlice: (done) => { if (done === 2) controller.abort(); },
      });
      // The slices finished before the stop are the same numbers as in the whole pass.
      expect(partial.spread).toEqual(whole.spread.slice(0, 2));
      expect(partial.error).toEqual(whole.error.slice(0, 2));
      expect(tf.memory().numTensors).toBe(before);
    } finally {
      model.dispose();
    }
  });
});
