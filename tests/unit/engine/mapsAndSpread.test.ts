import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import 'fake-indexeddb/auto';
import { createEngine } from '../../../src/lib/engine/engine';
import type { EngineApi } from '../../../src/lib/engine/protocol';
import { createRunConfig } from '../../../src/lib/tasks';
import { encodeLessonDataset } from '../../../src/lib/data/writeLessonDataset';
import { tinySegmentationDataset } from '../client/tinyDataset';
import { NODE_CAPABILITIES } from '../nodeCapabilities';

const nodeCaps = NODE_CAPABILITIES;
const config = createRunConfig('segmentation', { height: 16, width: 16, epochs: 3, batchSize: 2, model: 'skip', seed: 3, displaySlices: [0] });

describe('the look-inside requests on a trained model', () => {
  let engine: EngineApi;

  beforeAll(async () => {
    engine = createEngine();
    await engine.init({ backend: 'wasm', capabilities: nodeCaps });
    const bytes = await encodeLessonDataset(tinySegmentationDataset());
    await engine.loadDataset({ source: { bytes: bytes.slice().buffer }, task: 'segmentation', label: 'tiny.h5' });
  });
  afterAll(() => engine.dispose({}));

  it('records a watched slice after every epoch of a run, and the maps change as the network learns', async () => {
    const watched = await engine.watchFeatureMaps({ split: 'val', index: 1 });
    expect(watched).toMatchObject({ watching: { split: 'val', index: 1 }, epochs: [] });
    await engine.train({ config });
    const record = await engine.featureMapRecord({});
    expect(record.epochs).toEqual([0, 1, 2]);
    expect(record.bytes).toBeGreaterThan(0);
    expect(record.bytes).toBeLessThanOrEqual(record.maxBytes);
    expect(record.meanCostMs).toBeGreaterThanOrEqual(0);
    expect(record.meanEpochMs).toBeGreaterThan(0);
    const first = await engine.featureMaps({ split: 'val', index: 1, epoch: 0 });
    const last = await engine.featureMaps({ split: 'val', index: 1, epoch: 2 });
    expect(first.layers).toHaveLength(17);
    expect(first.layers.map((l) => l.name)).toEqual(last.layers.map((l) => l.name));
    // Training moved the weights between epoch 1 and epoch 3: some channel's range differs.
    expect(first.layers.some((l, i) => l.max.some((m, c) => m !== last.layers[i].max[c]))).toBe(true);
    // The current model's maps equal the last epoch's (nothing trained since).
    const now = await engine.featureMaps({ split: 'val', index: 1 });
    expect(now.epoch).toBeNull();
    expect(now.layers.at(-1)?.max).toEqual(last.layers.at(-1)?.max);
    await expect(engine.featureMaps({ split: 'val', index: 0, epoch: 0 })).rejects.toThrow(/No feature maps of val slice 1/);
  });

  it('measures spread beside error over the test split, ranks the slices and correlates them, without leaking tensors', async () => {
    const first = await engine.uncertainty({ index: 0 });
    expect(first.split).toBe('test');
    expect(first.perSlice.spread).toHaveLength(2);
    expect(first.mostUncertain).toHaveLength(2);
    expect(first.perSlice.spread[first.mostUncertain[0]]).toBeGreaterThanOrEqual(first.perSlice.spread[first.mostUncertain[1]]);
    expect(first.spread).toHaveLength(16 * 16);
    expect(first.passes).toHaveLength(7);
    expect(first.dropoutPasses).toBe(0);
    // Two slices: no rank correlation to speak of.
    expect(first.rankCorrelation).toBeNull();
    const before = tf.memory().numTensors;
    for (let k = 0; k < 3; k++) {
      await engine.uncertainty({ index: 1, split: 'val' });
      await engine.featureMaps({ split: 'test', index: 1 });
    }
    expect(tf.memory().numTensors).toBe(before);
    const val = await engine.uncertainty({ index: 1, split: 'val' });
    expect(val.perSlice.error).toHaveLength(3);
    expect(typeof val.rankCorrelation === 'number' || val.rankCorrelation === null).toBe(true);
  });

  it('reports the split pass’s progress and stops it when asked, keeping nothing and leaking no tensors', async () => {
    expect(await engine.inspectProgress({})).toBeNull();
    const before = tf.memory().numTensors;
    // A shift not measured yet: the request starts a pass over the 3 validation slices.
    const pending = engine.uncertainty({ index: 0, split: 'val', shift: 1 });
    expect(await engine.inspectProgress({})).toEqual({ what: 'measuring the spread on the val slices', done: 0, total: 3 });
    await engine.stopInspect({});
    await expect(pending).rejects.toMatchObject({ name: 'MeasurementStopped', message: 'Stopped after 1 of 3 slices (measuring the spread on the val slices).' });
    expect(await engine.inspectProgress({})).toBeNull();
    expect(tf.memory().numTensors).toBe(before);
    // Measured again, it starts over and finishes: the stopped pass left nothing half-kept.
    const again = await engine.uncertainty({ index: 0, split: 'val', shift: 1 });
    expect(again.perSlice.spread).toHaveLength(3);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('reports a knock-out’s pass over the split while it scores, and nothing once it is done', async () => {
    const pending = engine.knockOut({ split: 'val', index: 0, knockout: {} });
    expect(await engine.inspectProgress({})).toEqual({ what: 'scoring the val slices', done: 0, total: 3 });
    expect((await pending).prediction).toHaveLength(16 * 16);
    expect(await engine.inspectProgress({})).toBeNull();
  });

  it('stops recording when asked, and restarts the history for another slice', async () => {
    const other = await engine.watchFeatureMaps({ split: 'val', index: 2 });
    expect(other.epochs).toEqual([]);
    const off = await engine.watchFeatureMaps({ split: 'val', index: 2, enabled: false });
    expect(off.watching).toBeNull();
    await engine.train({ config: { ...config, epochs: 1 } });
    expect((await engine.featureMapRecord({})).epochs).toEqual([]);
  });

  it('trains on when the watched slice is not in the loaded file (a learner\'s smaller file): nothing is recorded, the run completes', async () => {
    // The tiny file has 3 validation slices; a view may still watch slice 7 of the course file.
    await engine.watchFeatureMaps({ split: 'val', index: 6 });
    const result = await engine.train({ config: { ...config, epochs: 2 } });
    expect(result.stoppedEarly).toBe(false);
    expect(result.history).toHaveLength(2);
    expect((await engine.featureMapRecord({})).epochs).toEqual([]);
    await engine.watchFeatureMaps({ split: 'val', index: 0, enabled: false });
  });
});
