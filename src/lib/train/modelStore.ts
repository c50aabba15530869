import { DatasetFormatError } from '../errors';
import type { InputUnits } from '../data/inputUnits';
import { NORMALIZATION_KINDS, type Normalization } from '../data/normalizations';
import type { Task } from '../data/types';
import { createIndexedDbSummarizedStore, createMemorySummarizedStore, type SummarizedRecordStore } from './recordStore';
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
  /** The input normalisation it was trained with (also in its model.json); absent in models kept by older versions. */
  normalization?: Normalization;
  /** Units of its training images as stored (e.g. 'HU'). */
  inputUnits?: InputUnits;
}

/** A trained model kept between visits: its layers files and what it is. */
export interface StoredModel {
  key: string;
  files: LayersModelFiles;
  meta: StoredModelMeta;
}

/** What is listed of a kept model without reading its weights: its key, meta and the weights' size in bytes. */
export interface StoredModelSummary {
  key: string;
  meta: StoredModelMeta;
  bytes: number;
}

/** Where trained models are kept: memory (tests, Node) or IndexedDB (browser, worker); `summaries()` lists them without their weights. */
export type ModelStore = SummarizedRecordStore<StoredModel, StoredModelSummary>;

/** Whether `value` is the meta of a kept model this version understands. */
function isStoredModelMeta(value: unknown): value is StoredModelMeta {
  const meta = value as Partial<StoredModelMeta> | null;
  return typeof meta?.tag === 'string' && typeof meta.task === 'string' && meta.task !== ''
    && Number.isInteger(meta.height) && Number.isInteger(meta.width) && typeof meta.dataset === 'string' && typeof meta.savedAt === 'string'
    && (meta.normalization === undefined || NORMALIZATION_KINDS.includes(meta.normalization.kind));
}

/** Throws DatasetFormatError unless `value` is a StoredModel (values in browser storage may come from another version). */
export function assertStoredModel(value: unknown, what: string): asserts value is StoredModel {
  const v = value as Partial<StoredModel> | null;
  const ok = typeof v?.key === 'string' && typeof v.files?.modelJson === 'string' && v.files.weights instanceof Uint8Array && isStoredModelMeta(v.meta);
  if (!ok) throw new DatasetFormatError(`${what} is not a kept model this version understands.`, 'Train the model again; the old copy will be replaced.');
}

/** The summary listed for a kept model; undefined for a value this version does not understand. */
export function summarizeStoredModel(value: unknown): StoredModelSummary | undefined {
  const v = value as Partial<StoredModel> | null;
  if (typeof v?.key !== 'string' || !(v.files?.weights instanceof Uint8Array) || !isStoredModelMeta(v.meta)) return undefined;
  return { key: v.key, meta: v.meta, bytes: v.files.weights.byteLength };
}

function isStoredModelSummary(value: unknown): value is StoredModelSummary {
  const v = value as Partial<StoredModelSummary> | null;
  return typeof v?.key === 'string' && typeof v.bytes === 'number' && isStoredModelMeta(v.meta);
}

/** Creates a model store in IndexedDB; pass the environment's IDBFactory (e.g. `indexedDB`). */
export function createIndexedDbModelStore(factory: IDBFactory, databaseName = 'dl-medical-course-models'): ModelStore {
  return createIndexedDbSummarizedStore(factory, {
    databaseName,
    storeName: 'models',
    what: 'trained model',
    describe: (key) => `The kept model "${key}"`,
    check: assertStoredModel,
    summarize: summarizeStoredModel,
    isSummary: isStoredModelSummary,
  });
}

/** Creates a model store in memory (tests, and engines without IndexedDB). Models are kept by reference. */
export function createMemoryModelStore(): ModelStore {
  return createMemorySummarizedStore<StoredModel, StoredModelSummary>(summarizeStoredModel);
}
