import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { SettingsError } from '../../../src/lib/errors';
import { buildEncoderDecoder } from '../../../src/lib/models/encoderDecoder';

beforeAll(async () => {
  expect(await tf.setBackend('cpu')).toBe(true);
});

function withModel<T>(config: Parameters<typeof buildEncoderDecoder>[0], use: (m: tf.LayersModel) => T): T {
  const model = buildEncoderDecoder(config);
  try {
    return use(model);
  } finally {
    model.dispose();
  }
}

describe('buildEncoderDecoder', () => {
  it('has the golden parameter counts: A′ 178,171; B 190,771 for sigmoid and linear outputs', () => {
    expect(withModel({ height: 32, width: 32, skips: false, output: 'sigmoid', seed: 1 }, (m) => m.countParams())).toBe(178_171);
    expect(withModel({ height: 32, width: 32, skips: true, output: 'sigmoid', seed: 1 }, (m) => m.countParams())).toBe(190_771);
    expect(withModel({ height: 32, width: 32, skips: true, output: 'linear', seed: 1 }, (m) => m.countParams())).toBe(190_771);
    // The count does not depend on the image size (convolutions only).
    expect(withModel({ height: 128, width: 64, skips: true, output: 'sigmoid', seed: 1 }, (m) => m.countParams())).toBe(190_771);
  });

  it('maps [batch, H, W, 1] to [batch, H, W, 1] for 32, 64 and 128 pixels', () => {
    for (const side of [32, 64, 128]) {
      for (const skips of [false, true]) {
        const shape = withModel({ height: side, width: side, skips, output: 'sigmoid', seed: 3 }, (m) => m.outputShape);
        expect(shape).toEqual([null, side, side, 1]);
      }
    }
    expect(withModel({ height: 32, width: 48, channels: 2, skips: true, output: 'linear', seed: 3 }, (m) => [m.inputs[0].shape, m.outputShape]))
      .toEqual([[null, 32, 48, 2], [null, 32, 48, 1]]);
  });

  it('predicts sigmoid(0) = 0.5 (or 0 for linear) everywhere from a zero image, since biases start at zero', () => {
    for (const output of ['sigmoid', 'linear'] as const) {
      const values = withModel({ height: 32, width: 32, skips: true, output, seed: 5 }, (m) =>
        tf.tidy(() => (m.predict(tf.zeros([1, 32, 32, 1])) as tf.Tensor).dataSync().slice()),
      );
      expect(values.length).toBe(32 * 32);
      const expected = output === 'sigmoid' ? 0.5 : 0;
      expect(values.every((v) => v === expected)).toBe(true);
    }
  });

  it('wires skips exactly as the plan says (concatenations after up1_conv40 and up2_conv20)', () => {
    const names = withModel({ height: 32, width: 32, skips: true, output: 'sigmoid', seed: 1 }, (m) => m.layers.map((l) => l.name));
    expect(names.indexOf('skip2_concat')).toBe(names.indexOf('up1_conv40') + 1);
    expect(names.indexOf('skip1_concat')).toBe(names.indexOf('up2_conv20') + 1);
    const plain = withModel({ height: 32, width: 32, skips: false, output: 'sigmoid', seed: 1 }, (m) => m.layers.map((l) => l.getClassName()));
    expect(plain.filter((c) => c === 'Concatenate')).toHaveLength(0);
    expect(plain.filter((c) => c === 'Conv2DTranspose')).toHaveLength(4);
    expect(plain.filter((c) => c === 'Conv2D')).toHaveLength(13);
  });

  it('rejects sizes not divisible by 4 and other bad settings with a SettingsError and a hint', () => {
    const bad = [
      { height: 30, width: 32 },
      { height: 32, width: 130 },
      { height: 0, width: 32 },
      { height: 32.5, width: 32 },
    ];
    for (const size of bad) {
      let caught: unknown;
      try {
        buildEncoderDecoder({ ...size, skips: false, output: 'sigmoid', seed: 1 });
      } catch (e) {
        caught = e;
      }
      expect(caught).toBeInstanceOf(SettingsError);
      expect((caught as SettingsError).hint.length).toBeGreaterThan(0);
    }
    expect(() => buildEncoderDecoder({ height: 30, width: 32, skips: false, output: 'sigmoid', seed: 1 })).toThrow(
      'Expected height of model_A_plain to be divisible by 4, but got 30.',
    );
    expect(() => buildEncoderDecoder({ height: 32, width: 32, skips: false, output: 'softmax' as 'linear', seed: 1 })).toThrow(SettingsError);
    expect(() => buildEncoderDecoder({ height: 32, width: 32, skips: false, output: 'linear', seed: Number.NaN })).toThrow(SettingsError);
  });

  it('gives identical initial weights for the same seed and different ones for another seed', () => {
    const weights = (seed: number) =>
      withModel({ height: 16, width: 16, skips: true, output: 'sigmoid', seed }, (m) => m.getWeights().map((w) => w.dataSync().slice()));
    const a = weights(7), b = weights(7), c = weights(8);
    expect(a).toEqual(b);
    // Kernels differ for another seed; biases are zero for every seed.
    expect(a[0]).not.toEqual(c[0]);
    expect(a[1].every((v) => v === 0)).toBe(true);
  });

  it('seeds every layer differently (two same-shaped kernels are not copies) with He-scaled spread', () => {
    withModel({ height: 16, width: 16, skips: false, output: 'sigmoid', seed: 9 }, (m) => {
      const k1 = Array.from(m.getLayer('enc2_conv30').getWeights()[0].dataSync());
      const k2 = Array.from(m.getLayer('dec2_convT30b').getWeights()[0].dataSync());
      expect(k1.length).toBe(k2.length);
      expect(k1).not.toEqual(k2);
      // he_normal: std ≈ sqrt(2 / fan_in), fan_in = 3·3·30 = 270 → 0.086 (truncated, so a bit less).
      const std = Math.sqrt(k1.reduce((s, v) => s + v * v, 0) / k1.length);
      expect(std).toBeGreaterThan(0.06);
      expect(std).toBeLessThan(0.095);
    });
  });
});
