import { TrainingError } from '../errors';
import { assertCheckpointRecord, toCheckpointInfo } from './checkpointRecord';
import type { CheckpointRecord, CheckpointStore } from './types';

const OBJECT_STORE = 'checkpoints';

/** Creates a store in IndexedDB (browser or worker). Pass the environment's IDBFactory (e.g. `indexedDB`); the library never reaches for globals. */
export function createIndexedDbCheckpointStore(factory: IDBFactory, databaseName = 'dl-medical-course'): CheckpointStore {
  let opening: Promise<IDBDatabase> | undefined;
  const open = () => {
    opening ??= new Promise<IDBDatabase>((resolve, reject) => {
      const request = factory.open(databaseName, 1);
      request.onupgradeneeded = () => {
        if (!request.result.objectStoreNames.contains(OBJECT_STORE)) {
          request.result.createObjectStore(OBJECT_STORE, { keyPath: 'key' });
        }
      };
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(storageError('open the checkpoint database', request.error));
      request.onblocked = () => reject(storageError('open the checkpoint database (blocked by another tab)', null));
    });
    return opening;
  };
  const run = async <T>(mode: IDBTransactionMode, action: string, make: (store: IDBObjectStore) => IDBRequest<T>) => {
    const db = await open();
    return new Promise<T>((resolve, reject) => {
      const transaction = db.transaction(OBJECT_STORE, mode);
      const request = make(transaction.objectStore(OBJECT_STORE));
      let result: T;
      request.onsuccess = () => {
        result = request.result;
      };
      transaction.oncomplete = () => resolve(result);
      transaction.onerror = () => reject(storageError(action, transaction.error ?? request.error));
      transaction.onabort = () => reject(storageError(action, transaction.error ?? request.error));
    });
  };
  return {
    async get(key) {
      const value = await run<unknown>('readonly', 'read a checkpoint', (s) => s.get(key));
      if (value === undefined) return undefined;
      assertCheckpointRecord(value, `Stored checkpoint "${key}"`);
      return value;
    },
    async put(record: CheckpointRecord) {
      await run('readwrite', 'save a checkpoint', (s) => s.put(record));
    },
    async list() {
      const values = await run<unknown[]>('readonly', 'list checkpoints', (s) => s.getAll());
      return values.map((v) => {
        assertCheckpointRecord(v, 'Stored checkpoint');
        return toCheckpointInfo(v);
      });
    },
    async delete(key) {
      await run('readwrite', 'delete a checkpoint', (s) => s.delete(key));
    },
  };
}

function storageError(action: string, cause: DOMException | null): TrainingError {
  const detail = cause ? `: ${cause.name} ${cause.message}` : '.';
  return new TrainingError(
    `Could not ${action} in IndexedDB${detail}`,
    'Browser storage may be full, disabled (private mode) or blocked; training continues without checkpoints if you turn them off.',
  );
}
