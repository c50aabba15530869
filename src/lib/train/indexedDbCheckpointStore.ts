import { assertCheckpointRecord, toCheckpointInfo } from './checkpointRecord';
import { openIndexedDbRecords } from './indexedDbRecords';
import type { CheckpointRecord, CheckpointStore } from './types';

/** Creates a store in IndexedDB (browser or worker). Pass the environment's IDBFactory (e.g. `indexedDB`); the library never reaches for globals. */
export function createIndexedDbCheckpointStore(factory: IDBFactory, databaseName = 'dl-medical-course'): CheckpointStore {
  const records = openIndexedDbRecords(factory, databaseName, 'checkpoints', 'checkpoint');
  return {
    async get(key) {
      const value = await records.get(key);
      if (value === undefined) return undefined;
      assertCheckpointRecord(value, `Stored checkpoint "${key}"`);
      return value;
    },
    put: (record: CheckpointRecord) => records.put(record),
    async list() {
      return (await records.getAll()).map((v) => {
        assertCheckpointRecord(v, 'Stored checkpoint');
        return toCheckpointInfo(v);
      });
    },
    delete: (key) => records.delete(key),
  };
}
