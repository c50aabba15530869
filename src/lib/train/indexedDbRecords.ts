import { TrainingError } from '../errors';

/** Records kept in one IndexedDB object store, keyed by their `key` field. */
export interface IndexedDbRecords {
  get(key: string): Promise<unknown>;
  put(record: { key: string }): Promise<void>;
  getAll(): Promise<unknown[]>;
  delete(key: string): Promise<void>;
  /** The summary of every record that has one (see `summarize`), read without reading the records; [] without `summarize`. */
  getAllSummaries(): Promise<unknown[]>;
}

/** Where the records live and, optionally, what small summary of each is kept beside it. */
export interface IndexedDbRecordsOptions {
  databaseName: string;
  storeName: string;
  /** What a record is, in messages ("trained model"). */
  what: string;
  /**
   * A small summary of a record (e.g. a model's meta without its weights), or undefined for a record
   * it does not understand (that record then has none). With it, a second object store holds the
   * summaries, written in the same transaction as their records, so listing them never reads the
   * records and the two never disagree.
   */
  summarize?: (record: unknown) => object | undefined;
}

/** The database version: 2 added the summaries store. Databases without summaries stay at 1. */
const SUMMARIES_VERSION = 2;

/**
 * One object store (keyPath 'key') in its own database, opened on first use. Every failure becomes a
 * TrainingError that names the action and what the learner can do. Values come back unchecked
 * (`unknown`): the caller validates them, since anything may have been stored by another version.
 */
export function openIndexedDbRecords(factory: IDBFactory, options: IndexedDbRecordsOptions): IndexedDbRecords {
  const { databaseName, storeName, what, summarize } = options;
  const summaryStore = `${storeName}-summaries`;
  const stores = summarize ? [storeName, summaryStore] : [storeName];
  const summaryOf = (record: unknown) => {
    const summary = summarize?.(record);
    return summary && { key: (record as { key: string }).key, summary };
  };
  let opening: Promise<IDBDatabase> | undefined;
  const open = () => {
    opening ??= new Promise<IDBDatabase>((resolve, reject) => {
      const request = factory.open(databaseName, summarize ? SUMMARIES_VERSION : 1);
      request.onupgradeneeded = () => {
        const db = request.result;
        const records = db.objectStoreNames.contains(storeName) ? request.transaction!.objectStore(storeName) : db.createObjectStore(storeName, { keyPath: 'key' });
        if (!summarize || db.objectStoreNames.contains(summaryStore)) return;
        const summaries = db.createObjectStore(summaryStore, { keyPath: 'key' });
        // Records kept by a version without summaries get theirs now, once, in the upgrade's own transaction.
        const cursor = records.openCursor();
        cursor.onsuccess = () => {
          if (!cursor.result) return;
          const entry = summaryOf(cursor.result.value);
          if (entry) summaries.put(entry);
          cursor.result.continue();
        };
      };
      request.onsuccess = () => {
        const db = request.result;
        // Let a newer version of the course (another tab) upgrade the database: this one reopens on its next use.
        db.onversionchange = () => {
          db.close();
          opening = undefined;
        };
        resolve(db);
      };
      request.onerror = () => reject(storageError(what, `open the ${what} database`, request.error));
      request.onblocked = () => reject(storageError(what, `open the ${what} database (blocked by another tab)`, null));
    });
    // A failed open may succeed later (e.g. after the other tab closes): do not cache the failure.
    opening.catch(() => {
      opening = undefined;
    });
    return opening;
  };
  const run = async <T>(names: string[], mode: IDBTransactionMode, action: string, make: (transaction: IDBTransaction) => IDBRequest<T>) => {
    const db = await open();
    return new Promise<T>((resolve, reject) => {
      let transaction: IDBTransaction;
      let request: IDBRequest<T>;
      try {
        transaction = db.transaction(names, mode);
        request = make(transaction);
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
    get: (key) => run<unknown>([storeName], 'readonly', `read a ${what}`, (t) => t.objectStore(storeName).get(key)),
    async put(record) {
      await run(stores, 'readwrite', `save a ${what}`, (t) => {
        if (summarize) {
          const entry = summaryOf(record);
          if (entry) t.objectStore(summaryStore).put(entry);
          else t.objectStore(summaryStore).delete(record.key);
        }
        return t.objectStore(storeName).put(record);
      });
    },
    getAll: () => run<unknown[]>([storeName], 'readonly', `list the ${what}s`, (t) => t.objectStore(storeName).getAll()),
    async delete(key) {
      await run(stores, 'readwrite', `delete a ${what}`, (t) => {
        if (summarize) t.objectStore(summaryStore).delete(key);
        return t.objectStore(storeName).delete(key);
      });
    },
    async getAllSummaries() {
      if (!summarize) return [];
      const entries = await run<Array<{ summary: unknown }>>([summaryStore], 'readonly', `list the ${what}s`, (t) => t.objectStore(summaryStore).getAll());
      return entries.map((entry) => entry.summary);
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
