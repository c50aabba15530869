import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildEncoderDecoder } from '../../../src/lib/models/encoderDecoder';
import { forwardWithKnockout } from '../../../src/lib/inspect/forwardWithKnockout';
import { assertKnockoutFits, channelLayersOf, skipConnectionsOf, type Knockout } from '../../../src/lib/inspect/knockout';
import { scoreWithKnockout } from '../../../src/lib/inspect/predictWithKnockout';
import { SettingsError } from '../../../src/lib/errors';
import { createRng } from '../../../src/lib/random';

beforeAll(async () => {
  expect(await tf.setBackend('cpu')).toBe(true);
});

const SIDE = 32;
const rng = createRng(11);
const slices = (n: number) => Float32Array.from({ length: n * SIDE * SIDE }, () => rng());

/** Every weight of the model as bytes, in order. */
function weightBytes(model: tf.LayersModel): Uint8Array[] {
  return model.getWeights().map((w) => new Uint8Array((w.dataSync() as Float32Array).slice().buffer));
}

function predict(model: tf.LayersModel, x: Float32Array, knockout?: Knockout): Float32Array {
  return tf.tidy(() => {
    const input = tf.tensor4d(x, [x.length / (SIDE * SIDE), SIDE, SIDE, 1]);
    return (knockout ? forwardWithKnockout(model, input, knockout) : model.predict(input) as tf.Tensor).dataSync() as Float32Array;
  });
}

const maxDifference = (a: Float32Array, b: Float32Array) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);

describe('knock-outs', () => {
  const model = buildEncoderDecoder({ height: SIDE, width: SIDE, skips: true, output: 'sigmoid', seed: 5 });
  const x = slices(2);

  it('finds the skip model’s two skip connections and its convolutions', () => {
    expect(skipConnectionsOf(model).map((s) => s.id).sort()).toEqual(['enc1_conv20>skip1_concat', 'enc2_conv40>skip2_concat']);
    const plain = buildEncoderDecoder({ height: SIDE, width: SIDE, skips: false, output: 'sigmoid', seed: 5 });
    expect(skipConnectionsOf(plain)).toEqual([]);
    expect(channelLayersOf(model).find((l) => l.name === 'mid_conv50a')?.channels).toBe(50);
    expect(channelLayersOf(model).some((l) => l.name === 'output_conv1')).toBe(false);
    plain.dispose();
  });

  it('gives the model’s own prediction when nothing is knocked out', () => {
    expect(maxDifference(predict(model, x, {}), predict(model, x))).toBeLessThan(1e-6);
  });

  it('changes the prediction when a skip or a whole layer’s channels are knocked out, and leaves the weights byte-identical', () => {
    const before = weightBytes(model);
    const own = predict(model, x);
    const knockouts: Knockout[] = [
      { skips: ['enc1_conv20>skip1_concat'] },
      { channels: { layer: 'dec1_conv10b', indices: Array.from({ length: 10 }, (_, c) => c) } },
      { channels: { layer: 'mid_conv50a', indices: [3] }, skips: ['enc2_conv40>skip2_concat'] },
    ];
    for (const knockout of knockouts) expect(maxDifference(predict(model, x, knockout), own)).toBeGreaterThan(1e-4);
    // With every channel of the last hidden layer off, the output is the output layer's bias alone: sigmoid(0) = 0.5 everywhere.
    const dark = predict(model, x, knockouts[1]);
    expect(maxDifference(dark, new Float32Array(dark.length).fill(0.5))).toBeLessThan(1e-6);
    const after = weightBytes(model);
    expect(after.length).toBe(before.length);
    after.forEach((bytes, i) => expect(Buffer.from(bytes).equals(Buffer.from(before[i]))).toBe(true));
    // And the model itself still predicts as before.
    expect(maxDifference(predict(model, x), own)).toBe(0);
  });

  it('refuses skips and channels the model does not have', () => {
    expect(() => assertKnockoutFits(model, { skips: ['nope>skip1_concat'] })).toThrow(SettingsError);
    expect(() => assertKnockoutFits(model, { channels: { layer: 'mid_conv50a', indices: [50] } })).toThrow(SettingsError);
    expect(() => assertKnockoutFits(model, { channels: { layer: 'enc1_conv10', indices: [0, 9] }, skips: ['enc1_conv20>skip1_concat'] })).not.toThrow();
  });

  it('scores a split batch by batch and keeps the slices asked for, without leaking tensors', async () => {
    const split = { x: slices(5), y: slices(5), count: 5 };
    const seen: number[] = [];
    const evaluator = { add: (b: { start: number; count: number }) => { seen.push(b.start, b.count); }, result: () => seen.length };
    const knockout = { skips: ['enc2_conv40>skip2_concat'] };
    const baseline = tf.memory().numTensors;
    for (let repeat = 0; repeat < 3; repeat++) {
      seen.length = 0;
      const { metrics, predictions } = await scoreWithKnockout({ model, split, height: SIDE, width: SIDE, knockout, evaluator, keep: [3], batchSize: 2 });
      expect(metrics).toBe(6);
      expect(seen).toEqual([0, 2, 2, 2, 4, 1]);
      expect(maxDifference(predictions, predict(model, split.x.slice(3 * SIDE * SIDE, 4 * SIDE * SIDE), knockout))).toBeLessThan(1e-6);
    }
    expect(tf.memory().numTensors).toBe(baseline);
  });
});
