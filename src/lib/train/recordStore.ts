import { openIndexedDbRecords, type IndexedDbRecords } from './indexedDbRecords';

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

/**
 * A record store that also keeps a small summary of each record (a model's meta without its
 * weights), listed without reading the records themselves.
 */
export interface SummarizedRecordStore<T extends { key: string }, S> extends RecordStore<T> {
  /** The summary of every record this version understands, in no particular order. */
  summaries(): Promise<S[]>;
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

/** A summarized store in memory: the summaries are made from the records when listed. */
export function createMemorySummarizedStore<T extends { key: string }, S>(summarize: (record: T) => S | undefined): SummarizedRecordStore<T, S> {
  const store = createMemoryRecordStore<T>();
  return { ...store, summaries: async () => (await store.list()).map(summarize).filter((s): s is S => s !== undefined) };
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
  return recordStoreOver(openIndexedDbRecords(factory, { databaseName: options.databaseName, storeName: options.storeName, what: options.what }), options);
}

/** The checked record store over raw IndexedDB records. */
function recordStoreOver<T extends { key: string }>(records: IndexedDbRecords, options: IndexedDbStoreOptions<T>): RecordStore<T> {
  const { describe } = options;
  const check: IndexedDbStoreOptions<T>['check'] = options.check;
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

/** How a summarized IndexedDB store makes a record's summary, and checks one read back. */
export interface SummaryOptions<S> {
  /** The summary of a record; undefined for a value this version does not understand (it is then not listed). */
  summarize(value: unknown): S | undefined;
  /** Whether a summary read back is one this version understands (others are not listed). */
  isSummary(value: unknown): value is S;
}

/**
 * A store in IndexedDB that keeps each record's summary beside it (written in the same transaction),
 * so `summaries()` lists without reading the records. Records kept before summaries existed get
 * theirs when the database is first opened this way.
 */
export function createIndexedDbSummarizedStore<T extends { key: string }, S extends object>(
  factory: IDBFactory,
  options: IndexedDbStoreOptions<T> & SummaryOptions<S>,
): SummarizedRecordStore<T, S> {
  const { databaseName, storeName, what, summarize, isSummary } = options;
  const records = openIndexedDbRecords(factory, { databaseName, storeName, what, summarize });
  return {
    ...recordStoreOver(records, options),
    summaries: async () => (await records.getAllSummaries()).filter(isSummary),
  };
}
