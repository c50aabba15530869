import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { SettingsError } from '../../../src/lib/errors';
import { buildBlockModel } from '../../../src/lib/models/blockModel';
import { formatCount } from '../../../src/lib/format';

beforeAll(async () => {
  expect(await tf.setBackend('cpu')).toBe(true);
});

/** Weights and biases of a k×k convolution (or transposed convolution) from `cin` to `cout` channels. */
const convParams = (k: number, cin: number, cout: number) => k * k * cin * cout + cout;

/** An inception block: 1×1, 3×3 and 3×3→3×3 branches of f filters each, concatenated (3f), mixed by a 1×1 conv to f. */
const inceptionParams = (cin: number, f: number) =>
  convParams(1, cin, f) + convParams(3, cin, f) + convParams(3, cin, f) + convParams(3, f, f) + convParams(1, 3 * f, f);

/** The block model's parameter count from its wiring (see buildBlockModel): level r has F·r filters. */
function blockModelParams(F: number, blocks: number, channels = 1): number {
  let total = 0;
  let cin = channels;
  for (let r = 1; r <= blocks; r++) {
    total += inceptionParams(cin, F * r) + convParams(4, F * r, F * r);
    cin = F * r;
  }
  for (let d = blocks; d >= 1; d--) {
    // The deepest level takes the encoder's output; the others its skip (F·d) beside the up-sampled F·(d+1).
    const input = d === blocks ? F * blocks : F * d + F * (d + 1);
    total += inceptionParams(input, F * d) + convParams(4, F * d, F * d);
  }
  return total + 2 * convParams(3, F, F) + convParams(1, F, 1);
}

describe('buildBlockModel', () => {
  it('has the parameters its wiring implies (120,993 at F = 16 with two blocks), whatever the image size', () => {
    const expected = blockModelParams(16, 2);
    // The figure the lesson prints, now derived rather than copied.
    expect(formatCount(expected)).toBe('120,993');
    for (const side of [32, 64, 128]) {
      const model = buildBlockModel({ height: side, width: side, seed: 1 });
      expect(model.countParams()).toBe(expected);
      expect(model.outputShape).toEqual([null, side, side, 1]);
      model.dispose();
    }
  });

  it('follows the same arithmetic for other widths and depths', () => {
    for (const [filters, blocks] of [[8, 1], [4, 3]] as const) {
      const model = buildBlockModel({ height: 64, width: 64, seed: 1, filters, blocks });
      expect(model.countParams()).toBe(blockModelParams(filters, blocks));
      model.dispose();
    }
  });

  it('is built from inception blocks with ELU, two strided convs down and two transposed convs up', () => {
    const model = buildBlockModel({ height: 32, width: 32, seed: 1 });
    const layers = model.layers;
    expect(layers.filter((l) => l.getClassName() === 'Conv2DTranspose').map((l) => l.name)).toEqual(['up2_convT', 'up1_convT']);
    expect(layers.filter((l) => l.name.endsWith('_concat')).map((l) => l.name).sort()).toEqual(
      ['dec1_concat', 'dec2_concat', 'enc1_concat', 'enc2_concat', 'skip1_concat'],
    );
    const skip = model.getLayer('skip1_concat').inboundNodes[0].inboundLayers.map((l) => l.name);
    expect(skip).toEqual(['down1_conv', 'up2_convT']);
    const activation = (name: string) => (model.getLayer(name).getConfig() as { activation: string }).activation;
    expect(activation('enc1_mix1x1')).toBe('elu');
    expect(activation('output_conv1')).toBe('sigmoid');
    model.dispose();
  });

  it('predicts 0.5 everywhere from a zero image (ELU(0) = 0, zero biases)', () => {
    const model = buildBlockModel({ height: 32, width: 32, seed: 2 });
    const out = tf.tidy(() => (model.predict(tf.zeros([1, 32, 32, 1])) as tf.Tensor).dataSync().slice());
    expect(out.every((v) => v === 0.5)).toBe(true);
    model.dispose();
  });

  it('scales with filters and blocks, and rejects sizes the blocks cannot halve', () => {
    const three = buildBlockModel({ height: 64, width: 64, blocks: 3, filters: 8, seed: 1, output: 'linear' });
    expect(three.outputShape).toEqual([null, 64, 64, 1]);
    three.dispose();
    expect(() => buildBlockModel({ height: 30, width: 32, seed: 1 })).toThrow(SettingsError);
    expect(() => buildBlockModel({ height: 12, width: 12, seed: 1 })).toThrow('at least 16 pixels');
    expect(() => buildBlockModel({ height: 36, width: 36, blocks: 3, seed: 1 })).toThrow('divisible by 8');
  });

  it('repeats its initial weights for the same seed', () => {
    const w = (seed: number) => {
      const m = buildBlockModel({ height: 16, width: 16, seed });
      const data = m.getWeights().map((t) => Array.from(t.dataSync()));
      m.dispose();
      return data;
    };
    const a = w(4);
    expect(w(4)).toEqual(a);
    expect(w(5)[0]).not.toEqual(a[0]);
  });
});
