import { TrainingError } from '../errors';

/** Records kept in one IndexedDB object store, keyed by their `key` field. */
export interface IndexedDbRecords {
  get(key: string): Promise<unknown>;
  put(record: { key: string }): Promise<void>;
  getAll(): Promise<unknown[]>;
  delete(key: string): Promise<void>;
}

/**
 * One object store (keyPath 'key') in its own database, opened on first use. Every failure becomes a
 * TrainingError that names the action and what the learner can do. Values come back unchecked
 * (`unknown`): the caller validates them, since anything may have been stored by another version.
 */
export function openIndexedDbRecords(factory: IDBFactory, databaseName: string, storeName: string, what: string): IndexedDbRecords {
  let opening: Promise<IDBDatabase> | undefined;
  const open = () => {
    opening ??= new Promise<IDBDatabase>((resolve, reject) => {
      const request = factory.open(databaseName, 1);
      request.onupgradeneeded = () => {
        if (!request.result.objectStoreNames.contains(storeName)) request.result.createObjectStore(storeName, { keyPath: 'key' });
      };
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(storageError(what, `open the ${what} database`, request.error));
      request.onblocked = () => reject(storageError(what, `open the ${what} database (blocked by another tab)`, null));
    });
    // A failed open may succeed later (e.g. after the other tab closes): do not cache the failure.
    opening.catch(() => {
      opening = undefined;
    });
    return opening;
  };
  const run = async <T>(mode: IDBTransactionMode, action: string, make: (store: IDBObjectStore) => IDBRequest<T>) => {
    const db = await open();
    return new Promise<T>((resolve, reject) => {
      let transaction: IDBTransaction;
      let request: IDBRequest<T>;
      try {
        transaction = db.transaction(storeName, mode);
        request = make(transaction.objectStore(storeName));
      } catch (error) {
        // put() throws synchronously for values that cannot be cloned or lack a key.
        reject(storageError(what, action, error instanceof DOMException ? error : null));
        return;
      }
      let result: T;
      request.onsuccess = () => {
        result = request.result;
      };
      transaction.oncomplete = () => resolve(result);
      transaction.onerror = () => reject(storageError(what, action, transaction.error ?? request.error));
      transaction.onabort = () => reject(storageError(what, action, transaction.error ?? request.error));
    });
  };
  return {
    get: (key) => run<unknown>('readonly', `read a ${what}`, (s) => s.get(key)),
    async put(record) {
      await run('readwrite', `save a ${what}`, (s) => s.put(record));
    },
    getAll: () => run<unknown[]>('readonly', `list the ${what}s`, (s) => s.getAll()),
    async delete(key) {
      await run('readwrite', `delete a ${what}`, (s) => s.delete(key));
    },
  };
}

function storageError(what: string, action: string, cause: DOMException | null): TrainingError {
  const detail = cause ? `: ${cause.name} ${cause.message}` : '.';
  return new TrainingError(
    `Could not ${action} in IndexedDB${detail}`,
    `Browser storage may be full, disabled (private mode) or blocked by another tab; everything else works, only the ${what} is not kept.`,
  );
}
