import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import 'fake-indexeddb/auto';
import { createEngine } from '../../../src/lib/engine/engine';
import { createDispatcher } from '../../../src/lib/engine/dispatcher';
import { handOver, transferablesOf } from '../../../src/lib/engine/transfer';
import { REQUEST_TYPES, type EngineApi, type EngineMessage, type Request } from '../../../src/lib/engine/protocol';
import type { TrainingEvent } from '../../../src/lib/train/types';
import { createRunConfig } from '../../../src/lib/tasks';
import { encodeLessonDataset } from '../../../src/lib/data/writeLessonDataset';
import { tinySegmentationDataset } from '../client/tinyDataset';
import { NODE_CAPABILITIES } from '../nodeCapabilities';

const nodeCaps = NODE_CAPABILITIES;
const config = createRunConfig('segmentation', { height: 16, width: 16, epochs: 2, batchSize: 2, model: 'plain', seed: 3, displaySlices: [0] });

describe('the engine as a plain object (as Node scripts use it)', () => {
  let engine: EngineApi;
  const logs: string[] = [];

  beforeAll(async () => {
    engine = createEngine({ log: (m) => logs.push(m) });
    await engine.init({ backend: 'wasm', capabilities: nodeCaps });
    const bytes = await encodeLessonDataset(tinySegmentationDataset());
    await engine.loadDataset({ source: { bytes: bytes.slice().buffer }, task: 'segmentation', label: 'tiny.h5' });
  });
  afterAll(() => engine.dispose({}));

  it('has exactly one method per request of the protocol', () => {
    expect(Object.keys(engine).sort()).toEqual([...REQUEST_TYPES].sort());
    expect(logs.some((m) => m.startsWith('wasm:'))).toBe(true);
  });

  it('trains with events delivered to the caller, then predicts with the trained model', async () => {
    const events: TrainingEvent[] = [];
    const result = await engine.train({ config }, { requestId: 41, onEvent: (e) => events.push(e) });
    expect(result.history).toHaveLength(2);
    expect(events[0].type).toBe('run-start');
    expect(events.at(-1)?.type).toBe('run-end');
    expect(events.filter((e) => e.type === 'epoch-end')).toHaveLength(2);
    const out = await engine.predict({ split: 'val', indices: [1, 0] });
    expect(out.predictions).toHaveLength(2 * 16 * 16);
    expect(out.predictions.every((p) => p >= 0 && p <= 1)).toBe(true);
    // Results the engine hands over can move to the page without a copy.
    expect(transferablesOf(out)).toHaveLength(3);
  });

  it('exports the trained model as layers files and imports them back with identical predictions', async () => {
    const before = await engine.predict({ split: 'val', indices: [0, 1] });
    const files = await engine.exportModel({});
    expect(JSON.parse(files.modelJson).weightsManifest[0].paths).toEqual(['weights.bin']);
    expect(files.weights.byteLength).toBeGreaterThan(0);
    // Train another model over it, then import the exported one: the predictions are the first model's again.
    await engine.train({ config: { ...config, seed: 99, epochs: 1 } }, { requestId: 42, onEvent: () => undefined });
    const other = await engine.predict({ split: 'val', indices: [0, 1] });
    expect(Array.from(other.predictions)).not.toEqual(Array.from(before.predictions));
    const imported = await engine.importModel({ modelJson: files.modelJson, weights: files.weights.slice() });
    expect(imported).toMatchObject({ task: 'segmentation', height: 16, width: 16 });
    const after = await engine.predict({ split: 'val', indices: [0, 1] });
    expect(Array.from(after.predictions)).toEqual(Array.from(before.predictions));
    await expect(engine.importModel({ modelJson: '{', weights: files.weights })).rejects.toThrow(/not valid JSON/);
  });

  it('pauses and stops a run by the id of the request that started it', async () => {
    const events: TrainingEvent[] = [];
    const done = engine.train({ config: { ...config, epochs: 40 } }, {
      requestId: 7,
      onEvent: (e) => {
        events.push(e);
        if (e.type === 'batch-end' && e.epoch === 0 && e.batch === 0) void engine.pause({ runId: 7 });
        if (e.type === 'paused') void engine.stop({ runId: 7 });
      },
    });
    await expect(engine.pause({ runId: 8 })).rejects.toThrow(/no training run with id 8/);
    const result = await done;
    expect(result.stoppedEarly).toBe(true);
    expect(events.map((e) => e.type)).toContain('paused');
  });

  it('refuses work while a run is going, with the reason', async () => {
    const done = engine.train({ config: { ...config, epochs: 40 } }, { requestId: 9 });
    await expect(engine.evaluate({ split: 'test' })).rejects.toThrow(/Cannot evaluate while a training run is going/);
    await engine.stop({ runId: 9 });
    await done;
  });
});

describe('the dispatcher (what the worker and the main-thread host run)', () => {
  const fakeEngine = (overrides: Partial<EngineApi>): EngineApi => ({ ...(Object.fromEntries(REQUEST_TYPES.map((t) => [t, async () => null])) as unknown as EngineApi), ...overrides });
  const collect = () => {
    const posted: { message: EngineMessage; transfer: Transferable[] }[] = [];
    return { posted, post: (message: EngineMessage, transfer: Transferable[] = []) => posted.push({ message, transfer }) };
  };

  it('answers an unknown request with one error that says the builds differ', async () => {
    const { posted, post } = collect();
    await createDispatcher(fakeEngine({}), post)({ id: 3, type: 'frobnicate', params: {} } as unknown as Request);
    expect(posted).toHaveLength(1);
    expect(posted[0].message).toMatchObject({ kind: 'error', id: 3, error: { message: "Unknown request type 'frobnicate'." } });
    expect((posted[0].message as { error: { hint: string } }).error.hint).toMatch(/different builds/);
  });

  it('moves only the arrays the engine handed over, never ones it keeps', async () => {
    const kept = new Float32Array(4);
    const fresh = new Float32Array(4);
    const engine = fakeEngine({
      getSlices: async ({ split, indices }) => ({ split, indices, height: 2, width: 2, x: handOver(fresh), y: kept }),
    });
    const { posted, post } = collect();
    await createDispatcher(engine, post)({ id: 1, type: 'getSlices', params: { split: 'val', indices: [0] } });
    expect(posted[0].message.kind).toBe('result');
    expect(posted[0].transfer).toEqual([fresh.buffer]);
  });

  it('streams a train request’s events with its id before its one result', async () => {
    const engine = fakeEngine({
      train: async (_params, context) => {
        context?.onEvent?.({ type: 'run-start', epochs: 1, batchesPerEpoch: 1, backend: 'wasm' } as unknown as TrainingEvent);
        return { history: [], stoppedEarly: false, reason: 'completed' } as never;
      },
    });
    const { posted, post } = collect();
    await createDispatcher(engine, post)({ id: 5, type: 'train', params: { config } });
    expect(posted.map((p) => [p.message.kind, 'id' in p.message ? p.message.id : null])).toEqual([['event', 5], ['result', 5]]);
  });

  it('turns a rejection into an error message with the engine’s hint', async () => {
    const engine = fakeEngine({ evaluate: async () => { throw Object.assign(new Error('boom'), { name: 'SettingsError' }); } });
    const { posted, post } = collect();
    await createDispatcher(engine, post)({ id: 2, type: 'evaluate', params: { split: 'test' } });
    expect(posted).toEqual([{ message: { kind: 'error', id: 2, error: { name: 'SettingsError', message: 'boom', hint: '' } }, transfer: [] }]);
  });
});
