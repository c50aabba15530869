import { IDBFactory } from 'fake-indexeddb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../../src/lib/engine/engine';
import type { EngineApi } from '../../../src/lib/engine/protocol';
import { createIndexedDbModelStore } from '../../../src/lib/train/modelStore';
import { buildRunModel } from '../../../src/lib/train/buildRunModel';
import { toLayersModelFiles } from '../../../src/lib/train/layersModelFiles';
import { createRunConfig, taskDescriptor } from '../../../src/lib/tasks';
import { encodeLessonDataset } from '../../../src/lib/data/writeLessonDataset';
import { tinySegmentationDataset } from '../client/tinyDataset';
import { NODE_CAPABILITIES } from '../nodeCapabilities';

const nodeCaps = NODE_CAPABILITIES;

describe("the engine's list of kept models", () => {
  const factory = new IDBFactory();
  let engine: EngineApi;

  beforeAll(async () => {
    engine = createEngine({ modelStore: createIndexedDbModelStore(factory) });
    await engine.init({ backend: 'wasm', capabilities: nodeCaps });
    const bytes = await encodeLessonDataset(tinySegmentationDataset());
    await engine.loadDataset({ source: { bytes: bytes.slice().buffer }, task: 'segmentation', label: 'tiny.h5' });
    const model = buildRunModel(createRunConfig('segmentation', { model: 'plain', height: 16, width: 16, seed: 2 }), taskDescriptor('segmentation'));
    const files = await toLayersModelFiles(model);
    model.dispose();
    await engine.importModel(files);
  });
  afterAll(() => engine.dispose({}));

  it('lists what keepModel kept (meta and size, no weights), oldest first, and forgets what forgetModel removes', async () => {
    expect(await engine.keptModels({})).toEqual([]);
    const first = await engine.keepModel({ key: 'model:seg:run-1', tag: 'run-1', dataset: 'tiny.h5' });
    await new Promise((resolve) => setTimeout(resolve, 5));
    const second = await engine.keepModel({ key: 'model:seg:run-2', tag: 'run-2', dataset: 'mine.h5' });
    const listed = await engine.keptModels({});
    expect(listed).toEqual([{ ...first, key: 'model:seg:run-1' }, { ...second, key: 'model:seg:run-2' }]);
    expect(listed[0]).toMatchObject({ tag: 'run-1', task: 'segmentation', height: 16, width: 16, dataset: 'tiny.h5' });
    expect(listed[0].bytes).toBeGreaterThan(0);
    expect(listed[0]).not.toHaveProperty('files');
    await engine.forgetModel({ key: 'model:seg:run-1' });
    expect((await engine.keptModels({})).map((m) => m.tag)).toEqual(['run-2']);
    await engine.forgetModel({ key: 'model:seg:run-2' });
  });

  it('picks models by key prefix', async () => {
    await engine.keepModel({ key: 'model:seg:a', tag: 'a', dataset: 'tiny.h5' });
    await engine.keepModel({ key: 'model:trans:b', tag: 'b', dataset: 'tiny.h5' });
    expect((await engine.keptModels({ keyPrefix: 'model:seg' })).map((m) => m.key)).toEqual(['model:seg:a']);
    expect((await engine.keptModels({ keyPrefix: 'model:' })).map((m) => m.key).sort()).toEqual(['model:seg:a', 'model:trans:b']);
  });

  it('lists without a backend, a dataset or a model: a fresh engine on the same storage sees the same models', async () => {
    const fresh = createEngine({ modelStore: createIndexedDbModelStore(factory) });
    expect((await fresh.keptModels({ keyPrefix: 'model:seg' })).map((m) => m.tag)).toEqual(['a']);
    await fresh.dispose({});
  });
});
