import type { CheckpointInfo, CheckpointRecord, CheckpointStore } from './types';
import { toCheckpointInfo } from './checkpointRecord';

/** Creates an in-memory checkpoint store (tests, or runs that only need resume within one page). Records are kept by reference. */
export function createMemoryCheckpointStore(): CheckpointStore {
  const records = new Map<string, CheckpointRecord>();
  return {
    async get(key) {
      return records.get(key);
    },
    async put(record) {
      records.set(record.key, record);
    },
    async list(): Promise<CheckpointInfo[]> {
      return [...records.values()].map(toCheckpointInfo);
    },
    async delete(key) {
      records.delete(key);
    },
  };
}
