/**
 * Checkpoints the engine keeps of the page's runs: after every completed epoch, the run's weights,
 * optimiser state, history and settings, plus who started it (the page's run id and label) and on
 * which data, so that a run cut short by a reload or a lost GPU can continue from its last
 * completed epoch. One record per key (the page uses one key per panel), removed when the run ends.
 */
import { DatasetFormatError, SettingsError } from '../errors';
import type { LessonDataset } from '../data/types';
import { assertCheckpointRecord } from '../train/checkpointRecord';
import { createIndexedDbRecordStore, createMemoryRecordStore, type RecordStore } from '../train/recordStore';
import type { CheckpointRecord, EpochRecord, RunConfig } from '../train/types';

/** Which data a run trained on: the file's name and SHA-256 as the page knows them, and the engine's own fingerprint of the arrays. */
export interface DatasetIdentity {
  name: string;
  /** Hex SHA-256 of the file, where the page could hash it. */
  sha256?: string;
  /** Set by the engine: a hash of the loaded arrays (shape and values of every split). */
  fingerprint?: string;
}

/** What the page says about a run it asks the engine to keep checkpoints of. */
export interface KeepCheckpoints {
  /** One unfinished run per key: a new run under the same key replaces the old one's checkpoint. */
  key: string;
  /** The page's id and label of the run (plain data, handed back unchanged). */
  run: { id: string; label: string; startedAt: string };
  dataset: DatasetIdentity;
  /** Keep the last checkpoint when the run completes, is stopped or fails (the command line's --checkpoint-dir); default false. */
  keepAfterRun?: boolean;
}

/** A checkpoint of a page's run, as kept by the engine. */
export type RunCheckpoint = CheckpointRecord & {
  run: KeepCheckpoints['run'];
  dataset: DatasetIdentity;
  /** Backend the last completed epoch ran on. */
  backend: string;
};

/** An unfinished run without its weights: what the page shows and what it needs to resume. */
export interface UnfinishedRun {
  key: string;
  run: KeepCheckpoints['run'];
  dataset: DatasetIdentity;
  backend: string;
  config: RunConfig;
  epochsCompleted: number;
  history: EpochRecord[];
  savedAt: string;
  /** Bytes of weights and optimiser state kept. */
  bytes: number;
}

export type RunCheckpointStore = RecordStore<RunCheckpoint>;

function assertRunCheckpoint(value: unknown, what: string): asserts value is RunCheckpoint {
  assertCheckpointRecord(value, what);
  const v = value as Partial<RunCheckpoint>;
  if (typeof v.run?.id !== 'string' || typeof v.run.label !== 'string' || typeof v.dataset?.name !== 'string' || typeof v.backend !== 'string') {
    throw new DatasetFormatError(`${what} does not name its run, data and backend.`, 'Start the run again; the old checkpoint will be replaced.');
  }
}

/** Unfinished runs kept in IndexedDB (browser, worker); pass the environment's IDBFactory. */
export function createIndexedDbRunCheckpointStore(factory: IDBFactory, databaseName = 'dl-medical-course-runs'): RunCheckpointStore {
  return createIndexedDbRecordStore(factory, {
    databaseName, storeName: 'unfinished', what: 'checkpoint', describe: (key) => `The checkpoint of the unfinished run "${key}"`, check: assertRunCheckpoint,
  });
}

/** Unfinished runs kept in memory (Node, tests, browsers without IndexedDB): they last as long as the engine. */
export function createMemoryRunCheckpointStore(): RunCheckpointStore {
  return createMemoryRecordStore<RunCheckpoint>();
}

/** The record without its tensors. */
export function toUnfinishedRun(record: RunCheckpoint): UnfinishedRun {
  return {
    key: record.key, run: { ...record.run }, dataset: { ...record.dataset }, backend: record.backend, config: structuredClone(record.config),
    epochsCompleted: record.epochsCompleted, history: structuredClone(record.history), savedAt: record.savedAt,
    bytes: record.model.data.byteLength + record.optimizer.data.byteLength,
  };
}

/**
 * A hash (FNV-1a, 32 bit, hex) of a dataset's size and the bit patterns of every split's arrays:
 * the same file loaded again gives the same value, another file almost surely not.
 */
export function datasetFingerprint(dataset: LessonDataset): string {
  let hash = 0x811c9dc5;
  const mix = (value: number) => {
    hash ^= value;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  };
  mix(dataset.height);
  mix(dataset.width);
  for (const split of [dataset.train, dataset.val, dataset.test]) {
    mix(split?.count ?? 0);
    for (const values of split ? [split.x, split.y] : []) {
      const bits = new Uint32Array(values.buffer, values.byteOffset, values.length);
      for (let i = 0; i < bits.length; i++) mix(bits[i]);
    }
  }
  return hash.toString(16).padStart(8, '0');
}

/** Refuses to resume a checkpoint on other data than it trained on (SettingsError naming both files). */
export function assertSameDataset(saved: DatasetIdentity, now: DatasetIdentity): void {
  const differs = (saved.sha256 && now.sha256 && saved.sha256 !== now.sha256)
    || (saved.fingerprint && now.fingerprint && saved.fingerprint !== now.fingerprint);
  if (differs) {
    const same = saved.name === now.name ? ` (also named ${now.name}, but with other contents)` : '';
    throw new SettingsError(
      `The unfinished run trained on ${saved.name}, but the data loaded now is ${now.name}${same}.`,
      `Load ${saved.name} again (the same file) to resume, or discard the unfinished run.`,
    );
  }
}

/**
 * A store that adds the run, data and backend to every checkpoint fit saves into it. A failed save
 * (storage full or blocked) rejects as it is: fit reports it with a 'checkpoint-failed' event and
 * trains on, because training matters more than being able to resume it.
 */
export function keepingStore(store: RunCheckpointStore, keep: KeepCheckpoints, dataset: DatasetIdentity, backend: string): RecordStore<CheckpointRecord> {
  return {
    get: (key) => store.get(key),
    put: (record) => store.put({ ...record, key: keep.key, run: { ...keep.run }, dataset: { ...dataset }, backend }),
    list: () => store.list(),
    delete: (key) => store.delete(key),
  };
}
