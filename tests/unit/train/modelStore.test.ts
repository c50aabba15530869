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

  it('lists every model with its meta and size, without reading the weights, in memory and in IndexedDB', async () => {
    for (const store of [createMemoryModelStore(), createIndexedDbModelStore(new IDBFactory())]) {
      expect(await store.summaries()).toEqual([]);
      const a = await stored('model:l:a');
      await store.put(a);
      await store.put({ ...(await stored('model:l:b')), meta: { ...a.meta, tag: 'run-2' } });
      const listed = (await store.summaries()).sort((x, y) => x.key.localeCompare(y.key));
      expect(listed).toEqual([
        { key: 'model:l:a', meta: a.meta, bytes: a.files.weights.byteLength },
        { key: 'model:l:b', meta: { ...a.meta, tag: 'run-2' }, bytes: a.files.weights.byteLength },
      ]);
      expect(listed[0].bytes).toBeGreaterThan(0);
      // Replacing and deleting a model changes its summary with it.
      await store.put({ ...a, meta: { ...a.meta, dataset: 'mine.h5' } });
      await store.delete('model:l:b');
      expect((await store.summaries()).map((s) => [s.key, s.meta.dataset])).toEqual([['model:l:a', 'mine.h5']]);
    }
  });

  it('leaves out of the listing a stored value this version does not understand', async () => {
    const store = createIndexedDbModelStore(new IDBFactory());
    await store.put(await stored('good'));
    await store.put({ ...(await stored('odd')), meta: { tag: 'run-1', task: 'classification' } } as unknown as StoredModel);
    expect((await store.summaries()).map((s) => s.key)).toEqual(['good']);
  });

  it('lists the models a version without summaries kept (its database is upgraded in place)', async () => {
    const factory = new IDBFactory();
    const old = await stored('model:l');
    // The database as the previous version left it: version 1, one object store of records.
    await new Promise<void>((resolve, reject) => {
      const request = factory.open('dl-medical-course-models', 1);
      request.onupgradeneeded = () => request.result.createObjectStore('models', { keyPath: 'key' });
      request.onsuccess = () => {
        const transaction = request.result.transaction('models', 'readwrite');
        transaction.objectStore('models').put(old);
        transaction.objectStore('models').put({ key: 'junk', meta: null });
        transaction.oncomplete = () => { request.result.close(); resolve(); };
        transaction.onerror = () => reject(transaction.error);
      };
      request.onerror = () => reject(request.error);
    });
    const store = createIndexedDbModelStore(factory);
    expect(await store.summaries()).toEqual([{ key: 'model:l', meta: old.meta, bytes: old.files.weights.byteLength }]);
    expect((await store.get('model:l'))?.meta).toEqual(old.meta);
  });
});
