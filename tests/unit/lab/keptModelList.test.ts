import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createEngine } from '../../../src/lib/engine/engine';
import type { EngineApi } from '../../../src/lib/engine/protocol';
import { createMemoryModelStore } from '../../../src/lib/train/modelStore';
import { buildRunModel } from '../../../src/lib/train/buildRunModel';
import { toLayersModelFiles } from '../../../src/lib/train/layersModelFiles';
import { createRunConfig, taskDescriptor } from '../../../src/lib/tasks';
import { encodeLessonDataset } from '../../../src/lib/data/writeLessonDataset';
import { tinySegmentationDataset } from '../client/tinyDataset';
import { forgetKeptModel, hasKeptModels, KEPT_MODEL_LIMIT, keepModel, keptModels, keptNotice, readKeptModels, refreshKeptModels, useKeptModel } from '../../../src/components/lab/page/keptModel';
import { isLessonModelKey, oldPointerKeys } from '../../../src/components/lab/page/keptModelList';
import { pageLesson, runs, type LabRun } from '../../../src/components/lab/page/signals';
import { NODE_CAPABILITIES } from '../nodeCapabilities';

// The page's engine is a real engine in this process (its methods take the client's parameters).
const page = vi.hoisted(() => ({ engine: null as unknown }));
vi.mock('../../../src/components/lab/page/engineStart', () => ({
  getClient: () => page.engine,
  ensureEngine: async () => ({}),
}));

const nodeCaps = NODE_CAPABILITIES;

/** localStorage as the page sees it. */
const storage = new Map<string, string>();
vi.stubGlobal('localStorage', {
  getItem: (key: string) => storage.get(key) ?? null,
  setItem: (key: string, value: string) => void storage.set(key, value),
  removeItem: (key: string) => void storage.delete(key),
  clear: () => storage.clear(),
});

let engine: EngineApi;
let clock = Date.parse('2026-12-01T10:00:00Z');
/** Keeps the engine's model as an earlier version or another tab would: straight through the engine, a minute after the last. */
async function keepDirectly(key: string, tag: string, dataset = 'tiny.h5') {
  vi.setSystemTime((clock += 60_000));
  await engine.keepModel({ key, tag, dataset });
}
const listed = (lesson: string) => readKeptModels(lesson).map((k) => k.id);
const run = (id: string, status: LabRun['status'] = 'completed') => ({ id, label: `Run ${id}`, status }) as LabRun;

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ['Date'] });
  engine = createEngine({ modelStore: createMemoryModelStore() });
  page.engine = engine;
  await engine.init({ backend: 'wasm', capabilities: nodeCaps });
  const bytes = await encodeLessonDataset(tinySegmentationDataset());
  await engine.loadDataset({ source: { bytes: bytes.slice().buffer }, task: 'segmentation', label: 'tiny.h5' });
  const model = buildRunModel(createRunConfig('segmentation', { model: 'plain', height: 16, width: 16, seed: 2 }), taskDescriptor('segmentation'));
  const files = await toLayersModelFiles(model);
  model.dispose();
  await engine.importModel(files);
});
afterEach(() => storage.clear());
afterAll(async () => {
  vi.useRealTimers();
  await engine.dispose({});
});

describe('the kept models the page lists', () => {
  it('come from the engine: removing the lists older versions left in localStorage loses no model, and a pointer to a missing one is dropped', async () => {
    pageLesson.value = 'seg';
    await keepDirectly('model:seg', 'single');
    await keepDirectly('model:seg:a', 'a');
    await keepDirectly('model:seg:b', 'b', 'mine.h5');
    await keepDirectly('model:seg-2:c', 'c');
    // An older version's pointers: 'b' missing from its list, 'gone' no longer in the store.
    storage.set('course:models:seg', JSON.stringify([{ id: 'a', dataset: 'tiny.h5', key: 'model:seg:a', bytes: 1, savedAt: '' }, { id: 'gone', dataset: 'tiny.h5', key: 'model:seg:gone', bytes: 1, savedAt: '' }]));
    storage.set('course:model:seg', JSON.stringify({ id: 'single', dataset: 'tiny.h5' }));
    storage.set('course:model-choice:seg', 'a');

    const list = await refreshKeptModels('seg');
    expect(list.map((k) => k.id)).toEqual(['single', 'a', 'b']);
    expect(list[2]).toMatchObject({ dataset: 'mine.h5', key: 'model:seg:b' });
    expect(list[2].bytes).toBeGreaterThan(0);
    expect(keptModels.value).toEqual(list);
    // The old lists are gone; the learner's choice stays.
    expect(oldPointerKeys('seg').filter((key) => storage.has(key))).toEqual([]);
    expect(storage.get('course:model-choice:seg')).toBe('a');
    storage.clear();
    expect((await refreshKeptModels('seg')).map((k) => k.id)).toEqual(['single', 'a', 'b']);
    for (const key of ['model:seg', 'model:seg:a', 'model:seg:b', 'model:seg-2:c']) await engine.forgetModel({ key });
  });

  it('lose a model deleted from the store, and the chooser cannot use it', async () => {
    pageLesson.value = 'del';
    runs.value = [run('a'), run('b')];
    await keepDirectly('model:del:a', 'a');
    await keepDirectly('model:del:b', 'b');
    await refreshKeptModels('del');
    expect(listed('del')).toEqual(['a', 'b']);
    // Another tab (or the browser clearing storage) removes 'b' behind the page's back.
    await engine.forgetModel({ key: 'model:del:b' });
    await expect(useKeptModel('b')).rejects.toThrow(/No trained model is kept for this run/);
    await vi.waitFor(() => expect(listed('del')).toEqual(['a']));
    await useKeptModel('a');
    expect(storage.get('course:model-choice:del')).toBe('a');
    await engine.forgetModel({ key: 'model:del:a' });
  });

  it('keep within the limits computed from the engine list: the oldest goes first, never the chosen one, and the learner is told', async () => {
    pageLesson.value = 'lim';
    const ids = Array.from({ length: KEPT_MODEL_LIMIT }, (_, i) => `r${i}`);
    runs.value = [...ids, 'new'].map((id) => run(id));
    // Kept on an earlier visit: this page has never listed them, the engine's store holds them.
    for (const id of ids) await keepDirectly(`model:lim:${id}`, id);
    storage.set('course:model-choice:lim', 'r0');
    vi.setSystemTime((clock += 60_000));
    expect(await keepModel('new', 'tiny.h5')).toBe(true);
    expect(listed('lim')).toEqual(['r0', ...ids.slice(2), 'new']);
    expect((await engine.keptModels({ keyPrefix: 'model:lim:' })).map((m) => m.tag)).toEqual(['r0', ...ids.slice(2), 'new']);
    expect(keptNotice.value).toMatch(/^To stay within 6 kept models \(64 MB\), the model of “Run r1” was removed; its curves stay\.$/);
    forgetKeptModel(null);
    expect(listed('lim')).toEqual([]);
    await vi.waitFor(async () => expect(await engine.keptModels({ keyPrefix: 'model:lim:' })).toEqual([]));
  });

  it('say whether a model may be kept before the engine is asked (a finished run is listed), and exactly once it has been', async () => {
    pageLesson.value = 'has';
    runs.value = [run('x', 'failed')];
    expect(hasKeptModels('has')).toBe(false);
    runs.value = [run('x', 'failed'), run('y', 'stopped')];
    expect(hasKeptModels('has')).toBe(true);
    await refreshKeptModels('has');
    expect(hasKeptModels('has')).toBe(false);
    await keepDirectly('model:has:y', 'y');
    await refreshKeptModels('has');
    expect(hasKeptModels('has')).toBe(true);
    forgetKeptModel(['y']);
    await vi.waitFor(async () => expect(await engine.keptModels({ keyPrefix: 'model:has' })).toEqual([]));
    expect(hasKeptModels('has')).toBe(false);
  });

  it("tell a lesson's model keys from another lesson's whose name starts the same", () => {
    expect(isLessonModelKey('seg', 'model:seg')).toBe(true);
    expect(isLessonModelKey('seg', 'model:seg:run-1')).toBe(true);
    expect(isLessonModelKey('seg', 'model:seg-2:run-1')).toBe(false);
    expect(isLessonModelKey('seg', 'model:seg-2')).toBe(false);
  });
});
