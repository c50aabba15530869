import * as fs from 'node:fs/promises';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../../src/lib/engine/engine';
import { createFileRunCheckpointStore } from '../../../src/lib/engine/fileRunCheckpointStore';
import type { EngineApi, KeepCheckpoints } from '../../../src/lib/engine/protocol';
import { createFileCheckpointStore } from '../../../src/lib/train/fileCheckpointStore';
import type { CheckpointRecord, TrainingEvent } from '../../../src/lib/train/types';
import { createRunConfig } from '../../../src/lib/tasks';
import { encodeLessonDataset } from '../../../src/lib/data/writeLessonDataset';
import { tinySegmentationDataset } from '../client/tinyDataset';
import { NODE_CAPABILITIES } from '../nodeCapabilities';

// What the command line does with --checkpoint-dir: the engine keeps a run's checkpoints as files that
// outlive the run and the process, and a later engine continues it, with the settings it is given.
const caps = NODE_CAPABILITIES;
const config = createRunConfig('segmentation', { height: 16, width: 16, epochs: 1, batchSize: 3, model: 'plain', seed: 5 });
const keep: KeepCheckpoints = { key: 'latest', run: { id: 'cli', label: 'npm run train', startedAt: '2025-01-01T00:00:00.000Z' }, dataset: { name: 'tiny.h5' }, keepAfterRun: true };
const dir = mkdtempSync(join(tmpdir(), 'engine-ckpt-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function engineOn(directory: string): Promise<EngineApi> {
  const engine = createEngine({ checkpointStore: createFileRunCheckpointStore(directory, fs) });
  await engine.init({ backend: 'wasm', capabilities: caps });
  const bytes = await encodeLessonDataset(tinySegmentationDataset());
  await engine.loadDataset({ source: { bytes: bytes.slice().buffer }, task: 'segmentation', label: 'tiny.h5' });
  return engine;
}

const epochsRun = (events: TrainingEvent[]) => events.filter((e) => e.type === 'epoch-end').map((e) => (e as { epoch: number }).epoch);

describe('a file-backed run checkpoint store (the command line’s --checkpoint-dir)', () => {
  it('keeps a completed run’s checkpoint when asked, and a new engine continues it with the caller’s settings', { timeout: 120_000 }, async () => {
    const first = await engineOn(dir);
    try {
      await first.train({ config, keep }, { requestId: 1 });
      expect(readdirSync(dir)).toEqual(['latest.ckpt']);
    } finally {
      await first.dispose({});
    }

    const second = await engineOn(dir);
    try {
      const [unfinished] = await second.unfinishedRuns({ key: 'latest' });
      expect(unfinished).toMatchObject({ key: 'latest', run: keep.run, dataset: { name: 'tiny.h5' }, backend: 'wasm', epochsCompleted: 1 });
      expect(unfinished.dataset.fingerprint).toMatch(/^[0-9a-f]{8}$/);

      // The checkpoint's own settings (the page's resume): its one epoch is done, nothing is left to run.
      const kept: TrainingEvent[] = [];
      const asSaved = await second.train({ config: { ...config, epochs: 3 }, keep, resumeKey: 'latest' }, { requestId: 2, onEvent: (e) => kept.push(e) });
      expect(asSaved.history).toHaveLength(1);
      expect(epochsRun(kept)).toEqual([]);

      // The caller's settings: two more epochs, from the saved weights and history.
      const events: TrainingEvent[] = [];
      const result = await second.train({ config: { ...config, epochs: 3 }, keep, resumeKey: 'latest', resumeWith: 'config' }, { requestId: 3, onEvent: (e) => events.push(e) });
      expect(events[0]).toMatchObject({ type: 'run-start', startEpoch: 1, config: { epochs: 3 } });
      expect(epochsRun(events)).toEqual([1, 2]);
      expect(result.history.map((h) => h.epoch)).toEqual([0, 1, 2]);
      expect((await second.unfinishedRuns({ key: 'latest' }))[0].epochsCompleted).toBe(3);

      // Without keepAfterRun (the page), a completed run leaves nothing behind.
      await second.train({ config, keep: { ...keep, keepAfterRun: false } }, { requestId: 4 });
      expect(readdirSync(dir)).toEqual([]);
      expect(await second.unfinishedRuns({})).toEqual([]);
    } finally {
      await second.dispose({});
    }
  });

  it('reads a bare checkpoint file (written before the command line used the engine) and resumes it', { timeout: 120_000 }, async () => {
    const older = join(dir, 'older');
    const engine = await engineOn(older);
    try {
      await engine.train({ config, keep }, { requestId: 1 });
      const saved = await createFileCheckpointStore(older, fs).get('latest');
      const { run: _run, dataset: _dataset, backend: _backend, ...bare } = saved as CheckpointRecord & Record<string, unknown>;
      await createFileCheckpointStore(older, fs).put(bare as CheckpointRecord);

      const [unfinished] = await engine.unfinishedRuns({ key: 'latest' });
      expect(unfinished).toMatchObject({ key: 'latest', run: { id: 'latest', startedAt: bare.savedAt }, backend: 'unknown', epochsCompleted: 1 });
      // No fingerprint to compare with: the run continues on the data loaded now.
      expect(unfinished.dataset.fingerprint).toBeUndefined();
      const result = await engine.train({ config: { ...config, epochs: 2 }, keep, resumeKey: 'latest', resumeWith: 'config' }, { requestId: 2 });
      expect(result.history).toHaveLength(2);
    } finally {
      await engine.dispose({});
    }
  });
});
