import { describe, expect, it } from 'vitest';
import { createEngine } from '../../../src/lib/engine/engine';
import type { EngineApi, KeepCheckpoints } from '../../../src/lib/engine/protocol';
import { createMemoryRunCheckpointStore, type RunCheckpoint, type RunCheckpointStore } from '../../../src/lib/engine/runCheckpoints';
import { createMemoryModelStore } from '../../../src/lib/train/modelStore';
import type { TrainingEvent } from '../../../src/lib/train/types';
import { createRunConfig } from '../../../src/lib/tasks';
import { encodeLessonDataset } from '../../../src/lib/data/writeLessonDataset';
import type { LessonDataset } from '../../../src/lib/data/types';
import { tinySegmentationDataset } from '../client/tinyDataset';
import { DEFAULT_AUGMENT } from '../../../src/lib/augment/augmentConfig';
import { NODE_CAPABILITIES } from '../nodeCapabilities';

// The engine keeps a checkpoint of a page's run after every epoch, so a run cut short (page
// reloaded, GPU lost) continues from its last completed epoch; the page sees it through requests.

const nodeCaps = NODE_CAPABILITIES;
const config = createRunConfig('segmentation', {
  height: 16, width: 16, epochs: 3, batchSize: 2, model: 'plain', seed: 5, displaySlices: [0],
  augment: { ...DEFAULT_AUGMENT },
});
const keep: KeepCheckpoints = { key: 'panel-b', run: { id: 'panel-b:1', label: 'Model B (skips)', startedAt: '2026-12-01T22:00:00Z' }, dataset: { name: 'tiny.h5', sha256: 'aa'.repeat(32) } };

/** A store that also remembers what each put held. */
function recordingStore(): RunCheckpointStore & { puts: Array<{ epochsCompleted: number; historyLength: number; run: string }> } {
  const inner = createMemoryRunCheckpointStore();
  const puts: Array<{ epochsCompleted: number; historyLength: number; run: string }> = [];
  return {
    ...inner,
    puts,
    put: async (record: RunCheckpoint) => {
      puts.push({ epochsCompleted: record.epochsCompleted, historyLength: record.history.length, run: record.run.id });
      await inner.put(record);
    },
  };
}

async function engineWith(store: RunCheckpointStore, data: LessonDataset = tinySegmentationDataset(), log?: (message: string) => void): Promise<EngineApi> {
  const engine = createEngine({ checkpointStore: store, modelStore: createMemoryModelStore(), log });
  await engine.init({ backend: 'wasm', capabilities: nodeCaps });
  const bytes = await encodeLessonDataset(data);
  await engine.loadDataset({ source: { bytes: bytes.slice().buffer }, task: 'segmentation', label: 'tiny.h5' });
  return engine;
}

/** Starts a kept run and ends the engine after its first epoch, as a reload ends the page's worker. */
async function interruptedAfterOneEpoch(store: RunCheckpointStore): Promise<void> {
  const engine = await engineWith(store);
  let disposing: Promise<unknown> | null = null;
  const result = await engine.train({ config, keep }, {
    requestId: 1,
    onEvent: (e: TrainingEvent) => {
      if (e.type === 'epoch-end' && e.epoch === 0) disposing = engine.dispose({});
    },
  });
  await disposing;
  expect(result.stoppedEarly).toBe(true);
  expect(result.history).toHaveLength(1);
}

describe('checkpoints the engine keeps of the page’s runs', () => {
  it('stores a checkpoint after every epoch and removes it when the run completes', async () => {
    const store = recordingStore();
    const engine = await engineWith(store);
    const events: TrainingEvent[] = [];
    await engine.train({ config, keep }, { requestId: 1, onEvent: (e) => events.push(e) });
    expect(store.puts).toEqual([1, 2, 3].map((n) => ({ epochsCompleted: n, historyLength: n, run: 'panel-b:1' })));
    expect(events.filter((e) => e.type === 'checkpoint-saved').map((e) => (e as { key: string }).key)).toEqual(['panel-b', 'panel-b', 'panel-b']);
    expect(await engine.unfinishedRuns({})).toEqual([]);
    await engine.dispose({});
  });

  it('resumes after the engine ended mid-run: continues at the next epoch with the same history, like an uninterrupted run', async () => {
    const uninterrupted = await engineWith(createMemoryRunCheckpointStore());
    const reference = await uninterrupted.train({ config }, { requestId: 1 });
    await uninterrupted.dispose({});

    const store = createMemoryRunCheckpointStore();
    await interruptedAfterOneEpoch(store);
    // A new engine on the same storage, as after a reload.
    const engine = await engineWith(store);
    const [unfinished] = await engine.unfinishedRuns({ key: 'panel-b' });
    expect(unfinished).toMatchObject({ key: 'panel-b', run: keep.run, epochsCompleted: 1, backend: 'wasm', dataset: { name: 'tiny.h5', sha256: keep.dataset.sha256 } });
    expect(unfinished.dataset.fingerprint).toMatch(/^[0-9a-f]{8}$/);
    expect(unfinished.config).toMatchObject({ epochs: 3, seed: 5, normalization: { kind: expect.any(String) } });
    expect(unfinished.history).toHaveLength(1);
    expect(unfinished.bytes).toBeGreaterThan(0);

    const events: TrainingEvent[] = [];
    const result = await engine.train({ config: unfinished.config, keep, resumeKey: 'panel-b' }, { requestId: 2, onEvent: (e) => events.push(e) });
    expect(events[0]).toMatchObject({ type: 'run-start', startEpoch: 1 });
    expect(events.filter((e) => e.type === 'epoch-end').map((e) => (e as { epoch: number }).epoch)).toEqual([1, 2]);
    expect(result.history.map((h) => h.epoch)).toEqual([0, 1, 2]);
    expect(result.history[0]).toEqual(unfinished.history[0]);
    // Weights, Adam moments and the per-epoch shuffle/augmentation seeds come back: the same losses.
    result.history.forEach((h, i) => {
      expect(h.trainLoss).toBeCloseTo(reference.history[i].trainLoss, 5);
      expect(h.valLoss).toBeCloseTo(reference.history[i].valLoss, 5);
    });
    expect(await engine.unfinishedRuns({})).toEqual([]);
    await engine.dispose({});
  });

  it('discards an unfinished run, and a stopped run leaves none', async () => {
    const store = createMemoryRunCheckpointStore();
    await interruptedAfterOneEpoch(store);
    const engine = await engineWith(store);
    expect(await engine.unfinishedRuns({})).toHaveLength(1);
    await engine.discardRun({ key: 'panel-b' });
    expect(await engine.unfinishedRuns({})).toEqual([]);
    await expect(engine.train({ config, resumeKey: 'panel-b' }, { requestId: 3 })).rejects.toThrow(/no unfinished run to resume/);

    const result = await engine.train({ config, keep }, {
      requestId: 4,
      onEvent: (e) => {
        if (e.type === 'checkpoint-saved') void engine.stop({ runId: 4 });
      },
    });
    expect(result.stoppedEarly).toBe(true);
    expect(await engine.unfinishedRuns({})).toEqual([]);
    await engine.dispose({});
  });

  it('refuses to resume on other data: other contents, or a file with another hash', async () => {
    const store = createMemoryRunCheckpointStore();
    await interruptedAfterOneEpoch(store);
    const other = tinySegmentationDataset();
    other.train.x[0] += 0.5;
    const engine = await engineWith(store, other);
    await expect(engine.train({ config, keep, resumeKey: 'panel-b' }, { requestId: 5 }))
      .rejects.toMatchObject({ name: 'SettingsError', message: expect.stringMatching(/^The unfinished run trained on tiny\.h5, but the data loaded now is tiny\.h5 \(also named tiny\.h5, but with other contents\)\.$/) });
    await engine.dispose({});

    const same = await engineWith(store);
    await expect(same.train({ config, keep: { ...keep, dataset: { name: 'mine.h5', sha256: 'bb'.repeat(32) } }, resumeKey: 'panel-b' }, { requestId: 6 }))
      .rejects.toThrow(/trained on tiny\.h5, but the data loaded now is mine\.h5/);
    // Refusing keeps the run, to resume once the right file is loaded.
    expect(await same.unfinishedRuns({ key: 'panel-b' })).toHaveLength(1);
    await same.dispose({});
  });

  it('trains on when storage refuses the checkpoints, and reports each failed save', async () => {
    const full = () => Promise.reject(new DOMException('The quota has been exceeded.', 'QuotaExceededError'));
    // Only saving fails (storage full), or every operation does (storage blocked, as in some private windows).
    const stores: RunCheckpointStore[] = [{ ...createMemoryRunCheckpointStore(), put: full }, { get: full, put: full, list: full, delete: full }];
    for (const store of stores) {
      const logs: string[] = [];
      const engine = await engineWith(store, undefined, (m) => logs.push(m));
      const events: TrainingEvent[] = [];
      const result = await engine.train({ config, keep }, { requestId: 1, onEvent: (e) => events.push(e) });
      expect(result.stoppedEarly).toBe(false);
      expect(result.history.map((h) => h.epoch)).toEqual([0, 1, 2]);
      expect(events.filter((e) => e.type === 'checkpoint-saved')).toEqual([]);
      expect(events.filter((e) => e.type === 'checkpoint-failed')).toEqual([0, 1, 2].map((epoch) => ({
        type: 'checkpoint-failed', epoch, key: 'panel-b', errorName: 'QuotaExceededError', message: 'The quota has been exceeded.',
      })));
      // Each failure comes after its epoch's results, and the run still ends normally.
      expect(events.findIndex((e) => e.type === 'checkpoint-failed')).toBeGreaterThan(events.findIndex((e) => e.type === 'epoch-end'));
      expect(events.at(-1)).toMatchObject({ type: 'run-end', stoppedEarly: false });
      expect(logs.filter((m) => m.startsWith('A checkpoint could not be kept'))).toHaveLength(3);
      await engine.dispose({});
    }
  });
});
