import { DatasetFormatError } from '../errors';
import { isTask } from '../tasks';
import type { Task } from '../data/types';
import { openIndexedDbRecords } from './indexedDbRecords';
import type { LayersModelFiles } from './layersModelFiles';

/** What is known about a kept model besides its files. */
export interface StoredModelMeta {
  /** How the caller recognises the model (the page's run id), so a stale copy is never mistaken for another run's. */
  tag: string;
  task: Task;
  height: number;
  width: number;
  /** The dataset it was trained on, as the caller names it (a file name). */
  dataset: string;
  savedAt: string;
}

/** A trained model kept between visits: its layers files and what it is. */
export interface StoredModel {
  key: string;
  files: LayersModelFiles;
  meta: StoredModelMeta;
}

/** Where trained models are kept: memory (tests, Node) or IndexedDB (browser, worker). */
export interface ModelStore {
  get(key: string): Promise<StoredModel | undefined>;
  put(model: StoredModel): Promise<void>;
  delete(key: string): Promise<void>;
}

/** Throws DatasetFormatError unless `value` is a StoredModel (values in browser storage may come from another version). */
export function assertStoredModel(value: unknown, what: string): asserts value is StoredModel {
  const v = value as Partial<StoredModel> | null;
  const meta = v?.meta as Partial<StoredModelMeta> | undefined;
  const ok = typeof v?.key === 'string'
    && typeof v.files?.modelJson === 'string' && v.files.weights instanceof Uint8Array
    && typeof meta?.tag === 'string' && isTask(meta.task)
    && Number.isInteger(meta.height) && Number.isInteger(meta.width) && typeof meta.dataset === 'string' && typeof meta.savedAt === 'string';
  if (!ok) throw new DatasetFormatError(`${what} is not a kept model this version understands.`, 'Train the model again; the old copy will be replaced.');
}

/** Creates a model store in IndexedDB; pass the environment's IDBFactory (e.g. `indexedDB`). */
export function createIndexedDbModelStore(factory: IDBFactory, databaseName = 'dl-medical-course-models'): ModelStore {
  const records = openIndexedDbRecords(factory, databaseName, 'models', 'trained model');
  return {
    async get(key) {
      const value = await records.get(key);
      if (value === undefined) return undefined;
      assertStoredModel(value, `The kept model "${key}"`);
      return value;
    },
    put: (model) => records.put(model),
    delete: (key) => records.delete(key),
  };
}

/** Creates a model store in memory (tests, and engines without IndexedDB). Models are kept by reference. */
export function createMemoryModelStore(): ModelStore {
  const models = new Map<string, StoredModel>();
  return {
    async get(key) {
      return models.get(key);
    },
    async put(model) {
      models.set(model.key, model);
    },
    async delete(key) {
      models.delete(key);
    },
  };
}
