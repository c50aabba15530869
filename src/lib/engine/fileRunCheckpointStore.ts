import { createFileCheckpointStore, type CheckpointFileSystem } from '../train/fileCheckpointStore';
import type { CheckpointRecord } from '../train/types';
import type { RunCheckpoint, RunCheckpointStore } from './runCheckpoints';

/**
 * A record read from a directory as a run checkpoint. Files written by the command line before it went
 * through the engine hold a bare checkpoint: they get a placeholder run and data (no fingerprint, so no
 * data check on resume) instead of being refused.
 */
function asRunCheckpoint(record: CheckpointRecord): RunCheckpoint {
  const kept = record as Partial<RunCheckpoint>;
  return {
    ...record,
    run: kept.run ?? { id: record.key, label: 'npm run train', startedAt: record.savedAt },
    dataset: kept.dataset ?? { name: 'the data it was trained on' },
    backend: kept.backend ?? 'unknown',
  };
}

/**
 * Unfinished runs kept as files, `<directory>/<key>.ckpt` (the exportCheckpoint format, whose header keeps
 * the run, data and backend): the engine's checkpoint store for Node callers such as the command line.
 * Pass `node:fs/promises` (keeps the library free of Node imports).
 */
export function createFileRunCheckpointStore(directory: string, fs: CheckpointFileSystem): RunCheckpointStore {
  const files = createFileCheckpointStore(directory, fs);
  return {
    async get(key) {
      const record = await files.get(key);
      return record && asRunCheckpoint(record);
    },
    put: (record) => files.put(record),
    list: async () => (await files.list()).map(asRunCheckpoint),
    delete: (key) => files.delete(key),
  };
}
