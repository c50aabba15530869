import { assertCheckpointRecord } from './checkpointRecord';
import { createIndexedDbRecordStore, createMemoryRecordStore } from './recordStore';
import type { CheckpointRecord, CheckpointStore } from './types';

/** An in-memory checkpoint store (tests, or runs that only need resume within one page). */
export function createMemoryCheckpointStore(): CheckpointStore {
  return createMemoryRecordStore<CheckpointRecord>();
}

/** A checkpoint store in IndexedDB (browser or worker); pass the environment's IDBFactory (e.g. `indexedDB`). */
export function createIndexedDbCheckpointStore(factory: IDBFactory, databaseName = 'dl-medical-course'): CheckpointStore {
  return createIndexedDbRecordStore(factory, { databaseName, storeName: 'checkpoints', what: 'checkpoint', describe: (key) => `Stored checkpoint "${key}"`, check: assertCheckpointRecord });
}
