import { IDBFactory } from 'fake-indexeddb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { DatasetFormatError, TrainingError } from '../../../src/lib/errors';
import { buildRunModel } from '../../../src/lib/train/buildRunModel';
import { fromLayersModelFiles, toLayersModelFiles } from '../../../src/lib/train/layersModelFiles';
import { createIndexedDbModelStore, createMemoryModelStore, type StoredModel } from '../../../src/lib/train/modelStore';
import { createRunConfig, taskDescriptor } from '../../../src/lib/tasks';
import { useWasm } from './fitTestData';

const config = createRunConfig('segmentation', { model: 'plain', height: 16, width: 16, seed: 4 });
let model: tf.LayersModel;
beforeAll(async () => {
  await useWasm();
  model = buildRunModel(config, taskDescriptor(config.task));
});
afterAll(() => model.dispose());

async function stored(key: string): Promise<StoredModel> {
  return {
    key,
    files: await toLayersModelFiles(model),
    meta: { tag: 'run-1', task: 'segmentation', height: 16, width: 16, dataset: 'lung-ct-128.h5', savedAt: '2026-11-27T22:00:00.000Z' },
  };
}

describe('model stores', () => {
  it('keep a model in memory and in IndexedDB; the model read back predicts exactly as the original', async () => {
    const input = tf.randomNormal([2, 16, 16, 1], 0, 1, 'float32', 7);
    const expected = (model.predict(input) as tf.Tensor).dataSync().slice();
    for (const store of [createMemoryModelStore(), createIndexedDbModelStore(new IDBFactory())]) {
      expect(await store.get('model:segmentation')).toBeUndefined();
      await store.put(await stored('model:segmentation'));
      const back = await store.get('model:segmentation');
      expect(back?.meta).toEqual({ tag: 'run-1', task: 'segmentation', height: 16, width: 16, dataset: 'lung-ct-128.h5', savedAt: '2026-11-27T22:00:00.000Z' });
      const restored = await fromLayersModelFiles(back!.files);
      const output = tf.tidy(() => (restored.predict(input) as tf.Tensor).dataSync().slice());
      restored.dispose();
      expect(output).toEqual(expected);
      // A second put under the same key replaces the first.
      await store.put({ ...(await stored('model:segmentation')), meta: { ...back!.meta, tag: 'run-2' } });
      expect((await store.get('model:segmentation'))?.meta.tag).toBe('run-2');
      await store.delete('model:segmentation');
      expect(await store.get('model:segmentation')).toBeUndefined();
      await store.delete('model:segmentation');
    }
    input.dispose();
  });

  it('refuses a stored value this version does not understand', async () => {
    const factory = new IDBFactory();
    const store = createIndexedDbModelStore(factory);
    const odd = { ...(await stored('odd')), meta: { tag: 'run-1', task: 'classification' } } as unknown as StoredModel;
    await store.put(odd);
    await expect(store.get('odd')).rejects.toThrow(DatasetFormatError);
    await expect(store.get('odd')).rejects.toThrow(/The kept model "odd" is not a kept model this version understands/);
    // A kept model names its normalisation; an unknown one is refused, none (older versions) is fine.
    const base = await stored('named');
    await store.put({ ...base, meta: { ...base.meta, normalization: { kind: 'zscore-slice' }, inputUnits: 'HU' } });
    expect((await store.get('named'))?.meta.normalization).toEqual({ kind: 'zscore-slice' });
    await store.put({ ...base, key: 'unknown', meta: { ...base.meta, normalization: { kind: 'magic' } } } as unknown as StoredModel);
    await expect(store.get('unknown')).rejects.toThrow(/not a kept model this version understands/);
  });

  it('turns a storage failure into a TrainingError that says what still works', async () => {
    // A factory whose open() fails, as in a browser with storage disabled.
    const broken = {
      open() {
        const request = { result: undefined, error: new DOMException('storage is disabled', 'SecurityError') } as unknown as IDBOpenDBRequest;
        queueMicrotask(() => request.onerror?.(new Event('error')));
        return request;
      },
    } as unknown as IDBFactory;
    const store = createIndexedDbModelStore(broken);
    const failure = store.put(await stored('x'));
    await expect(failure).rejects.toThrow(TrainingError);
    await expect(failure).rejects.toThrow(/Could not open the trained model database in IndexedDB: SecurityError storage is disabled/);
    await expect(failure).rejects.toMatchObject({ hint: expect.stringMatching(/only the trained model is not kept/) });
  });
});
