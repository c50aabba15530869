import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// The engine keeps trained models in IndexedDB; fake-indexeddb provides it (in memory) in Node.
import 'fake-indexeddb/auto';
import * as tf from '@tensorflow/tfjs';
import { createTrainingClient, type TrainingClient } from '../../../src/client/trainingClient';
import { RemoteError } from '../../../src/client/remoteError';
import type { TrainingEvent } from '../../../src/lib/train/types';
import { createRunConfig, intensityAugmentOf } from '../../../src/lib/tasks';
import { encodeLessonDataset } from '../../../src/lib/data/writeLessonDataset';
import { NO_AUGMENT } from '../../../src/lib/augment/augmentConfig';
import { toErrorInfo } from '../../../src/lib/errors';
import { tinySegmentationDataset } from './tinyDataset';
import { NODE_CAPABILITIES } from '../nodeCapabilities';

const nodeCaps = NODE_CAPABILITIES;

const dataset = tinySegmentationDataset();
const config = createRunConfig('segmentation', { height: 16, width: 16, epochs: 1, batchSize: 2, model: 'plain', seed: 3, displaySlices: [0, 2] });

describe('training client on the main-thread host (the handler the worker runs)', () => {
  let client: TrainingClient;
  const logs: string[] = [];

  beforeAll(async () => {
    // In Node there is no Worker global, so 'auto' must choose the main thread; wasmPaths null lets tfjs find its binaries.
    client = createTrainingClient({ wasmPaths: null, onLog: (m) => logs.push(m) });
  });
  afterAll(() => client.dispose());

  it('fails clearly before init', async () => {
    await expect(client.getSlices({ split: 'train', indices: [0] })).rejects.toThrow(/not been started/);
    expect(client.host).toBeNull();
  });

  it('init reports the wasm backend and the host', async () => {
    const report = await client.init({ backend: 'auto', capabilities: nodeCaps });
    expect(client.host).toBe('main-thread');
    expect(report.host).toBe('main-thread');
    expect(report.hostReason).toMatch(/Workers are not available/);
    expect(report.backend).toBe('wasm');
    expect(report.attempts).toEqual([expect.objectContaining({ backend: 'wasm', ok: true })]);
    expect(logs.some((m) => m.startsWith('wasm:'))).toBe(true);
  });

  it('loads an HDF5 file from bytes and summarises it', async () => {
    const bytes = await encodeLessonDataset(dataset);
    const buffer = bytes.slice().buffer;
    const summary = await client.loadDataset({ source: { bytes: buffer }, task: 'segmentation' });
    expect(summary).toMatchObject({ task: 'segmentation', height: 16, width: 16 });
    expect(summary.splits.map((s) => [s.split, s.count])).toEqual([['train', 6], ['val', 3], ['test', 2]]);
    const train = summary.splits[0];
    expect(train.y.min).toBe(0);
    expect(train.y.max).toBe(1);
    expect(train.nonEmptyTargets).toBe(6);
    expect(train.x.max).toBeCloseTo(Math.max(...dataset.train.x), 6);
    expect(summary.normalization).toEqual({ kind: 'zscore-slice' });
  });

  it('inspects a file without loading it', async () => {
    const bytes = await encodeLessonDataset(dataset);
    const inspection = await client.inspectDataset({ source: { bytes: bytes.slice().buffer } });
    expect(inspection.counts).toEqual({ train: 6, val: 3, test: 2 });
    expect(inspection.lessons.segmentation.usable).toBe(true);
  });

  it('rejects a file that is not HDF5 with the data error and its hint', async () => {
    const error = await client.loadDataset({ source: { bytes: new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9]).buffer }, task: 'segmentation', label: 'notes.txt' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RemoteError);
    const info = toErrorInfo(error);
    expect(info.name).toBe('DatasetFormatError');
    expect(info.message).toMatch(/notes\.txt is not an HDF5 file/);
    expect(info.hint).not.toBe('');
  });

  it('returns the requested slices, in order, as [n, h, w] arrays', async () => {
    const slices = await client.getSlices({ split: 'val', indices: [2, 0] });
    expect(slices).toMatchObject({ split: 'val', indices: [2, 0], height: 16, width: 16 });
    expect(slices.x).toEqual(new Float32Array([...dataset.val.x.slice(512, 768), ...dataset.val.x.slice(0, 256)]));
    expect(slices.y).toEqual(new Float32Array([...dataset.val.y.slice(512, 768), ...dataset.val.y.slice(0, 256)]));
    await expect(client.getSlices({ split: 'val', indices: [3] })).rejects.toThrow(/indices from 0 to 2, but got 3/);
  });

  it('builds a model and returns summary rows', async () => {
    const summary = await client.buildModel({ config: { task: 'segmentation', model: 'plain', height: 16, width: 16, seed: 1 } });
    // Model A′ has 178,171 parameters at any size (convolutions only).
    expect(summary.totalParams).toBe(178171);
    expect(summary.rows[0].outputShape).toEqual([null, 16, 16, 1]);
    expect(summary.rows.at(-1)?.outputShape).toEqual([null, 16, 16, 1]);
  });

  it('trains one epoch with events in order, then predicts and evaluates', async () => {
    const events: TrainingEvent[] = [];
    const run = client.train({ config: config }, (e) => events.push(e));
    const result = await run.done;
    expect(result.stoppedEarly).toBe(false);
    expect(result.history).toHaveLength(1);
    const types = events.map((e) => e.type);
    expect(types[0]).toBe('run-start');
    expect(types.filter((t) => t === 'batch-end')).toHaveLength(3);
    expect(types.slice(-3)).toEqual(['epoch-end', 'predictions', 'run-end']);
    const batches = events.flatMap((e) => (e.type === 'batch-end' ? [e.batch] : []));
    expect(batches).toEqual([0, 1, 2]);
    const predictions = events.find((e) => e.type === 'predictions');
    expect(predictions?.type === 'predictions' && predictions.slices.map((s) => s.index)).toEqual([0, 2]);

    const out = await client.predict({ split: 'test', indices: [1] });
    expect(out.predictions).toHaveLength(256);
    // Predictions come with their inputs in the stored units (for pictures), not as normalised for the network.
    expect(out.inputs).toEqual(dataset.test!.x.slice(256, 512));
    expect(out.targets).toEqual(dataset.test!.y.slice(256, 512));
    expect(Math.min(...out.predictions)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...out.predictions)).toBeLessThanOrEqual(1);
    const metrics = await client.evaluate({ split: 'test' });
    expect(metrics.task).toBe('segmentation');
    expect(metrics.count).toBe(2);
  });

  it('keeps the trained model in browser storage; a fresh engine restores it and predicts exactly the same', async () => {
    const before = await client.predict({ split: 'test', indices: [0, 1] });
    const kept = await client.keepModel({ key: 'model:test', tag: 'run-a', dataset: 'tiny.h5' });
    expect(kept).toMatchObject({ tag: 'run-a', task: 'segmentation', height: 16, width: 16, dataset: 'tiny.h5' });
    expect(kept.bytes).toBeGreaterThan(1000);

    // Like the page after a reload: a new engine with the same data loaded and no model.
    const other = createTrainingClient({ wasmPaths: null });
    try {
      await other.init({ backend: 'wasm', capabilities: nodeCaps });
      await other.loadDataset({ source: { bytes: (await encodeLessonDataset(dataset)).slice().buffer }, task: 'segmentation' });
      await expect(other.predict({ split: 'test', indices: [0] })).rejects.toThrow(/no model yet/);
      // Another run's tag never picks up this model.
      await expect(other.restoreModel({ key: 'model:test', tag: 'run-b' })).rejects.toThrow(/No trained model is kept for this run/);
      expect(await other.restoreModel({ key: 'model:test', tag: 'run-a' })).toEqual(kept);
      const after = await other.predict({ split: 'test', indices: [0, 1] });
      expect(after.predictions).toEqual(before.predictions);
      await other.forgetModel({ key: 'model:test' });
      await expect(other.restoreModel({ key: 'model:test', tag: 'run-a' })).rejects.toThrow(/No trained model is kept/);
    } finally {
      await other.dispose();
    }
  });

  it('pauses, resumes and stops a run at batch boundaries', async () => {
    const events: TrainingEvent[] = [];
    let run: ReturnType<TrainingClient['train']> | null = null;
    let paused = false;
    const onEvent = (e: TrainingEvent) => {
      events.push(e);
      if (e.type === 'batch-end' && !paused) {
        paused = true;
        void run!.pause();
      } else if (e.type === 'paused') {
        void run!.resume();
      } else if (e.type === 'resumed') {
        void run!.stop();
      }
    };
    run = client.train({ config: { ...config, epochs: 50, trainLimit: 4 } }, onEvent);
    const result = await run.done;
    expect(result.stoppedEarly).toBe(true);
    expect(result.reason).toBe('aborted');
    expect(result.history.length).toBeLessThan(50);
    const types = events.map((e) => e.type);
    expect(types.indexOf('paused')).toBeGreaterThan(types.indexOf('batch-end'));
    expect(types.indexOf('resumed')).toBeGreaterThan(types.indexOf('paused'));
    expect(types.at(-1)).toBe('run-end');
    expect(events[0]).toMatchObject({ type: 'run-start', trainCount: 4, stepsPerEpoch: 2 });
    // The run is over: controls for it now fail clearly.
    await expect(run.stop()).rejects.toThrow(/no training run with id/);
  });

  it('refuses a second run while one is going', async () => {
    const first = client.train({ config: { ...config, epochs: 50 } }, () => {});
    const second = client.train({ config: config }, () => {});
    await expect(second.done).rejects.toThrow(/while a training run is going/);
    await first.stop();
    await expect(first.done).resolves.toMatchObject({ stoppedEarly: true });
  });

  it('previews augmentation: same seed, same pairs; masks stay binary', async () => {
    const params = { seed: 9, config: { ...NO_AUGMENT, rotationRange: 15, horizontalFlip: true }, indices: [0, 1, 4] };
    const a = await client.augmentPreview(params);
    const b = await client.augmentPreview(params);
    expect(a.inputs).toEqual(b.inputs);
    expect(a.params).toEqual(b.params);
    expect(a.inputs).toHaveLength(3 * 256);
    expect(a.descriptions).toHaveLength(3);
    expect(new Set(a.targets)).toEqual(new Set([0, 1]));
    expect(a).not.toHaveProperty('intensity');
  });

  it('previews intensity changes on the input only, drawn after the same transform, each described', async () => {
    const geometric = { seed: 9, config: { ...NO_AUGMENT, rotationRange: 15, horizontalFlip: true }, indices: [0, 1, 4] };
    const always = { ...intensityAugmentOf('segmentation'), gamma: { probability: 1, range: [1.2, 1.5] as [number, number] } };
    const plain = await client.augmentPreview(geometric);
    const changed = await client.augmentPreview({ ...geometric, intensity: always });
    expect(changed.params).toEqual(plain.params);
    expect(changed.descriptions).toEqual(plain.descriptions);
    expect(changed.targets).toEqual(plain.targets);
    expect(changed.inputs).not.toEqual(plain.inputs);
    expect(changed.intensity?.params).toHaveLength(3);
    for (const [i, p] of changed.intensity!.params.entries()) {
      expect(p.gamma).toBeGreaterThanOrEqual(1.2);
      expect(changed.intensity!.descriptions[i]).toContain(`gamma ${Number(p.gamma.toFixed(2))}`);
    }
  });

  it('times training steps on synthetic data and keeps nothing', async () => {
    const before = tf.memory().numTensors;
    const speed = await client.measureSpeed({ model: 'skip', height: 16, width: 16, batchSize: 2, steps: 2 });
    expect(speed.backend).toBe('wasm');
    expect(speed.stepsTimed).toBe(2);
    expect(speed.msPerStep).toBeGreaterThan(0);
    expect(tf.memory().numTensors).toBe(before);
    await expect(client.measureSpeed({ model: 'skip', height: 16, width: 16, batchSize: 2, steps: 0 })).rejects.toThrow(/1 to 20 timed steps/);
  });

  it('leaks no tensors across requests and frees the model on dispose', async () => {
    await client.predict({ split: 'val', indices: [0] });
    const before = tf.memory().numTensors;
    await client.predict({ split: 'val', indices: [0, 1, 2] });
    await client.getSlices({ split: 'train', indices: [0] });
    expect(tf.memory().numTensors).toBe(before);
    await client.dispose();
    expect(tf.memory().numTensors).toBeLessThan(before);
    await expect(client.getSlices({ split: 'train', indices: [0] })).rejects.toThrow(/disposed/);
    await expect(client.init({ capabilities: nodeCaps })).rejects.toThrow(/disposed/);
  });
});
