import { openIndexedDbRecords } from './indexedDbRecords';

/**
 * Records kept under their `key` between runs or visits: the one shape of every store the course
 * has (trained models, checkpoints), whether it lives in memory, in IndexedDB or in a directory.
 */
export interface RecordStore<T extends { key: string }> {
  get(key: string): Promise<T | undefined>;
  put(record: T): Promise<void>;
  /** Every record, in no particular order. */
  list(): Promise<T[]>;
  /** Nothing happens when there is no such record. */
  delete(key: string): Promise<void>;
}

/** A store in memory (tests, Node, engines without IndexedDB); records are kept by reference. */
export function createMemoryRecordStore<T extends { key: string }>(): RecordStore<T> {
  const records = new Map<string, T>();
  return {
    get: async (key) => records.get(key),
    put: async (record) => void records.set(record.key, record),
    list: async () => [...records.values()],
    delete: async (key) => void records.delete(key),
  };
}

/** How an IndexedDB store is named and checked. */
export interface IndexedDbStoreOptions<T> {
  databaseName: string;
  storeName: string;
  /** What a record is, in messages ("trained model", "checkpoint"). */
  what: string;
  /** Names one record in messages: `The kept model "run-3"`. */
  describe(key: string): string;
  /** Throws unless `value` is a record this version understands (values may come from another version). */
  check(value: unknown, what: string): asserts value is T;
}

/** A store in IndexedDB (browser, worker); pass the environment's IDBFactory, e.g. `indexedDB`. Every record read is checked. */
export function createIndexedDbRecordStore<T extends { key: string }>(factory: IDBFactory, options: IndexedDbStoreOptions<T>): RecordStore<T> {
  const { describe } = options;
  const check: IndexedDbStoreOptions<T>['check'] = options.check;
  const records = openIndexedDbRecords(factory, options.databaseName, options.storeName, options.what);
  const checked = (value: unknown, label: string): T => {
    check(value, label);
    return value as T;
  };
  return {
    async get(key) {
      const value = await records.get(key);
      return value === undefined ? undefined : checked(value, describe(key));
    },
    put: (record) => records.put(record),
    list: async () => (await records.getAll()).map((value) => checked(value, describe(String((value as { key?: unknown } | null)?.key)))),
    delete: (key) => records.delete(key),
  };
}
