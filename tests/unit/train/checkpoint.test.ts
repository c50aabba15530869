import { mkdtemp, rm } from 'node:fs/promises';
import * as fsPromises from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatasetFormatError, SettingsError, ShapeError } from '../../../src/lib/errors';
import { buildRunModel } from '../../../src/lib/train/buildRunModel';
import { exportCheckpoint, importCheckpoint } from '../../../src/lib/train/checkpointFile';
import { restoreCheckpoint, toCheckpointInfo } from '../../../src/lib/train/checkpointRecord';
import { createFileCheckpointStore } from '../../../src/lib/train/fileCheckpointStore';
import { createIndexedDbCheckpointStore, createMemoryCheckpointStore } from '../../../src/lib/train/checkpointStores';
import { IDBFactory } from 'fake-indexeddb';
import { fit } from '../../../src/lib/train/fit';
import { createOptimizer, optimizerConfigFromSettings } from '../../../src/lib/train/optimizers';
import { createRunConfig, intensityAugmentOf, taskDescriptor } from '../../../src/lib/tasks';
import type { CheckpointRecord, RunConfig } from '../../../src/lib/train/types';
import { discDataset, useWasm } from './fitTestData';

beforeAll(useWasm);

const SIZE = 16;
const data = discDataset({ size: SIZE, train: 12, val: 4, test: 0, seed: 9 });
const augment = { rotationRange: 10, shearRange: 0, widthShiftRange: 0.1, heightShiftRange: 0.1, zoomRange: [0.9, 1.1] as [number, number], horizontalFlip: true, verticalFlip: false, fillMode: 'nearest' as const, cval: 0 };
// Augmented (geometric and intensity), SGD with decay and clipping: every piece of state a resume must restore matters.
const config: RunConfig = createRunConfig('segmentation', { height: SIZE, width: SIZE, epochs: 2, batchSize: 4, seed: 21, augment, intensityAugment: intensityAugmentOf('segmentation') });

/** Byte equality without vitest's (very slow) diff of large typed arrays. */
function sameBytes(a: ArrayBuffer, b: ArrayBuffer): boolean {
  const x = new Uint8Array(a);
  const y = new Uint8Array(b);
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

let saved: CheckpointRecord | undefined;
let tempDir = '';
afterAll(async () => {
  if (tempDir) await rm(tempDir, { recursive: true, force: true });
});

describe('checkpoints', () => {
  it('resume after one epoch gives exactly the losses of an uninterrupted two-epoch run', async () => {
    const batchLosses = async (run: (onLoss: (l: number) => void) => Promise<unknown>) => {
      const losses: number[] = [];
      await run((l) => losses.push(l));
      return losses;
    };
    const straightModel = buildRunModel(config, taskDescriptor(config.task));
    let straight: number[];
    let straightHistory;
    try {
      straight = await batchLosses(async (onLoss) => {
        straightHistory = (await fit({ task: taskDescriptor(config.task), model: straightModel, dataset: data, config, onEvent: (e) => e.type === 'batch-end' && onLoss(e.loss) })).history;
      });
    } finally {
      straightModel.dispose();
    }

    const store = createMemoryCheckpointStore();
    const first = buildRunModel(config, taskDescriptor(config.task));
    const firstConfig = { ...config, epochs: 1 };
    let part1: number[];
    try {
      part1 = await batchLosses((onLoss) =>
        fit({ task: taskDescriptor(firstConfig.task), model: first, dataset: data, config: firstConfig, checkpointStore: store, checkpointKey: 'run-a', onEvent: (e) => e.type === 'batch-end' && onLoss(e.loss) }),
      );
    } finally {
      first.dispose();
    }
    const record = await store.get('run-a');
    expect(record?.epochsCompleted).toBe(1);
    expect(record?.rng).toEqual({ scheme: 'derive-per-epoch', nextEpoch: 1 });
    saved = record;

    // A fresh model with other initial weights: everything must come from the checkpoint.
    const fresh = buildRunModel({ ...config, seed: 999 }, taskDescriptor(config.task));
    let part2: number[];
    let resumedHistory;
    try {
      part2 = await batchLosses(async (onLoss) => {
        resumedHistory = (await fit({ task: taskDescriptor(config.task), model: fresh, dataset: data, config, resumeFrom: record, onEvent: (e) => e.type === 'batch-end' && onLoss(e.loss) })).history;
      });
    } finally {
      fresh.dispose();
    }
    expect(straight).toHaveLength(6);
    expect([...part1, ...part2]).toEqual(straight);
    expect(resumedHistory).toEqual(
      (straightHistory as unknown as Array<Record<string, unknown>>).map((h) => ({ ...h, durationMs: expect.any(Number) })),
    );
  });

  it('exports one self-describing file and imports it back unchanged', () => {
    const record = saved!;
    const bytes = exportCheckpoint(record);
    expect(new TextDecoder().decode(bytes.subarray(0, 8))).toBe('DLMICKPT');
    const back = importCheckpoint(bytes);
    expect({ ...back, model: null, optimizer: null }).toEqual({ ...record, model: null, optimizer: null });
    expect(back.model.specs).toEqual(record.model.specs);
    expect(sameBytes(back.model.data, record.model.data)).toBe(true);
    expect(sameBytes(back.optimizer.data, record.optimizer.data)).toBe(true);
    expect(back.optimizer.meta).toEqual(record.optimizer.meta);
    // 190,771 weights + 190,771 velocities, 4 bytes each, plus a header.
    expect(record.model.data.byteLength).toBe(190_771 * 4);
    expect(record.optimizer.data.byteLength).toBe(190_771 * 4);
    expect(bytes.byteLength).toBeGreaterThan(2 * 190_771 * 4);
  });

  it('rejects files that are not checkpoints, truncated or damaged', () => {
    const bytes = exportCheckpoint(saved!);
    expect(() => importCheckpoint(new TextEncoder().encode('{"format":"course-checkpoint"}'))).toThrow(/does not start with "DLMICKPT"/);
    expect(() => importCheckpoint(bytes.subarray(0, bytes.byteLength - 4))).toThrow(/truncated/);
    const wrongVersion = bytes.slice();
    new DataView(wrongVersion.buffer).setUint32(8, 7, true);
    expect(() => importCheckpoint(wrongVersion)).toThrow(/version 7/);
    const badJson = bytes.slice();
    badJson[16] = 0x7b + 1; // the header's opening brace
    expect(() => importCheckpoint(badJson)).toThrow(DatasetFormatError);
    expect(() => importCheckpoint(new Uint8Array(3))).toThrow(DatasetFormatError);
  });

  it('refuses to restore into another architecture or resume with another optimiser', async () => {
    const plain = buildRunModel({ ...config, model: 'plain' }, taskDescriptor(config.task));
    const optimizer = createOptimizer(optimizerConfigFromSettings(config.optimizer));
    try {
      await expect(restoreCheckpoint(saved!, plain, optimizer)).rejects.toThrow(ShapeError);
      const skip = buildRunModel(config, taskDescriptor(config.task));
      try {
        const adam = { ...config, optimizer: { kind: 'adam' as const, learningRate: 1e-3 } };
        await expect(fit({ task: taskDescriptor(adam.task), model: skip, dataset: data, config: adam, resumeFrom: saved })).rejects.toThrow(SettingsError);
        // A schedule is laid out over the whole run: the same one, the same epochs and batch size, or none.
        const cosine = { ...config, optimizer: { ...config.optimizer, schedule: 'cosine' as const } };
        await expect(fit({ task: taskDescriptor(cosine.task), model: skip, dataset: data, config: cosine, resumeFrom: saved })).rejects.toThrow(/constant learning rate over 1 epoch of batches of 4, but this run has a cosine/);
        const savedCosine = { ...saved!, config: { ...saved!.config, optimizer: { ...saved!.config.optimizer, schedule: 'cosine' as const } } };
        await expect(fit({ task: taskDescriptor(cosine.task), model: skip, dataset: data, config: cosine, resumeFrom: savedCosine })).rejects.toThrow(/over 1 epoch of batches of 4, but this run has a cosine learning rate over 2 epochs/);
      } finally {
        skip.dispose();
      }
    } finally {
      plain.dispose();
      optimizer.dispose();
    }
  });

  it('stores, lists and deletes checkpoints in memory, in a directory and in IndexedDB', async () => {
    tempDir = await mkdtemp(join(tmpdir(), 'ckpt-'));
    // fake-indexeddb implements IndexedDB in memory, structured clone included: what the browser stores is what comes back.
    const stores = [createMemoryCheckpointStore(), createFileCheckpointStore(join(tempDir, 'nested'), fsPromises), createIndexedDbCheckpointStore(new IDBFactory())];
    for (const store of stores) {
      expect(await store.list()).toEqual([]);
      expect(await store.get('nope')).toBeUndefined();
      await store.put({ ...saved!, key: 'a/b c' });
      await store.put({ ...saved!, key: 'second' });
      const listed = await store.list();
      expect(listed.map((i) => i.key).sort()).toEqual(['a/b c', 'second']);
      expect(toCheckpointInfo(listed[0])).toMatchObject({ epochsCompleted: 1, task: 'segmentation', model: 'skip' });
      const back = await store.get('a/b c');
      expect(sameBytes(back!.model.data, saved!.model.data)).toBe(true);
      await store.delete('a/b c');
      expect((await store.list()).map((i) => i.key)).toEqual(['second']);
    }
  });

  it('refuses a stored value that is not a checkpoint, naming it', async () => {
    const factory = new IDBFactory();
    const store = createIndexedDbCheckpointStore(factory);
    await store.put({ ...saved!, key: 'good' });
    // Something another version (or another program) left in the same object store.
    await new Promise<void>((resolve, reject) => {
      const open = factory.open('dl-medical-course', 1);
      open.onsuccess = () => {
        const tx = open.result.transaction('checkpoints', 'readwrite');
        tx.objectStore('checkpoints').put({ key: 'odd', hello: 'world' });
        tx.oncomplete = () => { open.result.close(); resolve(); };
        tx.onerror = () => reject(tx.error);
      };
      open.onerror = () => reject(open.error);
    });
    await expect(store.get('odd')).rejects.toThrow(DatasetFormatError);
    await expect(store.get('odd')).rejects.toThrow(/Stored checkpoint "odd"/);
    expect((await store.get('good'))?.key).toBe('good');
  });
});
