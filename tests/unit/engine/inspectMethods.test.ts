import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import 'fake-indexeddb/auto';
import { createEngine } from '../../../src/lib/engine/engine';
import type { EngineApi } from '../../../src/lib/engine/protocol';
import { createRunConfig, taskDescriptor } from '../../../src/lib/tasks';
import { encodeLessonDataset } from '../../../src/lib/data/writeLessonDataset';
import { tinySegmentationDataset } from '../client/tinyDataset';
import { NODE_CAPABILITIES } from '../nodeCapabilities';

const nodeCaps = NODE_CAPABILITIES;
const config = createRunConfig('segmentation', { height: 16, width: 16, epochs: 1, batchSize: 2, model: 'skip', seed: 4, displaySlices: [0] });

describe('the look-inside requests on the engine’s trained model', () => {
  let engine: EngineApi;

  beforeAll(async () => {
    engine = createEngine();
    await engine.init({ backend: 'wasm', capabilities: nodeCaps });
    const bytes = await encodeLessonDataset(tinySegmentationDataset());
    await engine.loadDataset({ source: { bytes: bytes.slice().buffer }, task: 'segmentation', label: 'tiny.h5' });
    await engine.train({ config }, { requestId: 1, onEvent: () => undefined });
  });
  afterAll(() => engine.dispose({}));

  it('lists the receptive fields, the skips and the convolutions, and knocks out without touching the model', async () => {
    const anatomy = await engine.inspectModel({});
    expect(anatomy.rowStart).toHaveLength(16);
    for (let r = 0; r < 16; r++) expect(anatomy.rowStart[r] <= r && r <= anatomy.rowEnd[r]).toBe(true);
    expect(anatomy.skips.map((s) => s.to).sort()).toEqual(['skip1_concat', 'skip2_concat']);
    const own = await engine.predict({ split: 'test', indices: [1] });
    const evaluation = await engine.evaluate({ split: 'test' });
    const nothing = await engine.knockOut({ split: 'test', index: 1, knockout: {} });
    const headline = (m: typeof evaluation) => taskDescriptor('segmentation').summarizeTest(m).numbers[0].value;
    expect(headline(nothing.metrics)).toBeCloseTo(headline(evaluation), 5);
    nothing.prediction.forEach((p, i) => expect(p).toBeCloseTo(own.predictions[i], 5));
    const last = anatomy.skips.find((s) => s.to === 'skip1_concat');
    const without = await engine.knockOut({ split: 'test', index: 1, knockout: { skips: [last?.id ?? ''] } });
    expect(without.prediction.some((p, i) => Math.abs(p - own.predictions[i]) > 1e-4)).toBe(true);
    // The current model is as it was.
    const again = await engine.predict({ split: 'test', indices: [1] });
    expect(Array.from(again.predictions)).toEqual(Array.from(own.predictions));
    await expect(engine.knockOut({ split: 'test', index: 1, knockout: { skips: ['nope>skip1_concat'] } })).rejects.toThrow(/no skip connection/);
  });

  it('ranks a layer’s channels and attributes a region, with the tensor count back at its baseline', async () => {
    const baseline = tf.memory().numTensors;
    for (let repeat = 0; repeat < 2; repeat++) {
      const ranking = await engine.rankChannels({ split: 'test', layer: 'dec1_conv10b', slices: 99 });
      expect(ranking.values).toHaveLength(10);
      // Never more slices than the split holds (the tiny file's test split has 2).
      expect(ranking.indices).toEqual([0, 1]);
      expect(ranking.direction).toBe('higher');
      const region = new Uint8Array(256);
      region[8 * 16 + 8] = 1;
      const map = await engine.attribute({ split: 'test', index: 0, region });
      expect(map.attribution).toHaveLength(256);
      expect(map.regionPixels).toBe(1);
      expect(map.attribution.some((a) => a !== 0)).toBe(true);
    }
    expect(tf.memory().numTensors).toBe(baseline);
    await expect(engine.attribute({ split: 'test', index: 0, region: new Uint8Array(256) })).rejects.toThrow(/region is empty/);
  });
});
