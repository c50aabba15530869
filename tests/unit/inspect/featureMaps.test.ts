import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { buildEncoderDecoder } from '../../../src/lib/models/encoderDecoder';
import { computeFeatureMaps, convLayersOf } from '../../../src/lib/inspect/featureMaps';
import { snapshotBytes } from '../../../src/lib/inspect/featureMapBytes';

beforeAll(async () => {
  expect(await tf.setBackend('cpu')).toBe(true);
});

const slice = (side: number) => Float32Array.from({ length: side * side }, (_, i) => Math.sin(i / 7) + ((i % side) > side / 2 ? 1 : 0));

describe('feature maps of the lesson encoder-decoder', () => {
  it('gives one entry per convolutional layer, in order, with the skip sources marked', async () => {
    const model = buildEncoderDecoder({ height: 32, width: 32, skips: true, output: 'sigmoid', seed: 1 });
    try {
      const { layers, busyMs } = await computeFeatureMaps(model, slice(32), 32, 32);
      expect(busyMs).toBeGreaterThan(0);
      const convNames = model.layers.filter((l) => /Conv2D/.test(l.getClassName())).map((l) => l.name);
      expect(layers.map((l) => l.name)).toEqual(convNames);
      expect(layers).toHaveLength(17);
      expect(layers.filter((l) => l.skip).map((l) => l.name)).toEqual(['enc1_conv20', 'enc2_conv40']);
      expect(layers.find((l) => l.name === 'mid_conv50a')?.stage).toBe('bottleneck');
      expect(layers[0].stage).toBe('encoder');
      expect(layers.at(-1)?.stage).toBe('output');
      for (const l of layers) {
        expect(l.pixels).toHaveLength(l.channels * l.height * l.width);
        expect(l.min).toHaveLength(l.channels);
        expect(Math.max(l.height, l.width)).toBeLessThanOrEqual(32);
        for (let c = 0; c < l.channels; c++) expect(l.max[c]).toBeGreaterThanOrEqual(l.min[c]);
      }
      // The output layer's one channel is the prediction itself: a non-constant sigmoid spans 0–255.
      const out = layers.at(-1)!;
      expect(Math.max(...out.pixels)).toBe(255);
      expect(Math.min(...out.pixels)).toBe(0);
      expect(out.min[0]).toBeGreaterThanOrEqual(0);
      expect(out.max[0]).toBeLessThanOrEqual(1);
    } finally {
      model.dispose();
    }
  });

  it('leaks no tensors across repeated use, and the model without skips has no skip sources', async () => {
    const model = buildEncoderDecoder({ height: 16, width: 16, skips: false, output: 'linear', seed: 2 });
    try {
      expect(convLayersOf(model).some((l) => l.skip)).toBe(false);
      await computeFeatureMaps(model, slice(16), 16, 16);
      const before = tf.memory().numTensors;
      for (let k = 0; k < 4; k++) await computeFeatureMaps(model, slice(16), 16, 16);
      expect(tf.memory().numTensors).toBe(before);
    } finally {
      model.dispose();
    }
  });

  it('keeps about 12 MB for a 25-epoch lesson run at 128×128 (every epoch, under the 16 MiB cap)', async () => {
    const model = buildEncoderDecoder({ height: 128, width: 128, skips: true, output: 'sigmoid', seed: 3 });
    try {
      const { layers } = await computeFeatureMaps(model, slice(128), 128, 128);
      const perEpoch = snapshotBytes(layers);
      // 471 channels; every layer pooled to 32×32 except the bottleneck's 32×32 and the 66/130-pixel layers' 22×22 and 26×26.
      expect(layers.reduce((n, l) => n + l.channels, 0)).toBe(471);
      expect(25 * perEpoch).toBeGreaterThan(10e6);
      expect(25 * perEpoch).toBeLessThan(16 * 1024 * 1024);
    } finally {
      model.dispose();
    }
  });
});
