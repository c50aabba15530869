/**
 * Messages between the page (training client) and the training engine (a Web Worker, or the same
 * handler on the main thread). Plain data only; type imports only, so nothing heavy is bundled.
 *
 * Page → engine: a Request `{ id, type, params }`. Engine → page: for each request exactly one
 * 'result' or 'error' with the same id; a 'train' request also streams 'event' messages with its id
 * before its result. 'log' messages carry engine diagnostics (backend set-up) and have no id.
 */
import type { ErrorInfo } from '../lib/errors';
import type { SplitName, Task } from '../lib/data/types';
import type { DatasetSummary as FileSummary } from '../lib/data/inspectDataset';
import type { Normalization } from '../lib/data/normalize';
import type { BackendReport, BackendPreference } from '../lib/train/backend';
import type { BackendCapabilities } from '../lib/train/backendChoice';
import type { FitResult, ModelKind, RunConfig, TrainingEvent } from '../lib/train/types';
import type { TestMetrics } from '../lib/train/evaluate';
import type { ModelSummary } from '../lib/models/summary';
import type { StoredModelMeta } from '../lib/train/modelStore';
import type { AugmentConfig } from '../lib/augment/augmentConfig';
import type { AugmentParams } from '../lib/augment/sampleAugmentParams';

export interface InitParams {
  backend: BackendPreference;
  capabilities: BackendCapabilities;
  /** wasm threads (passed to tfjs-backend-wasm setThreadsCount); omit for its default. */
  threads?: number;
}

/**
 * Where the dataset comes from: a URL the engine fetches, the bytes of an HDF5 file (transferred), or a
 * learner's File (cloned by reference; the worker reads it lazily, without a copy in memory).
 */
export type DatasetSource = { url: string } | { bytes: ArrayBuffer } | { file: File };

export interface LoadDatasetParams {
  source: DatasetSource;
  task: Task;
  /** Names the file in error messages ("The file lungs.h5 …"). */
  label?: string;
}

/** Range and mean of one array, for the data explorer. */
export interface ValueStats {
  min: number;
  max: number;
  mean: number;
}

export interface SplitSummary {
  split: SplitName;
  count: number;
  x: ValueStats;
  y: ValueStats;
  /** Segmentation only: slices whose mask has at least one foreground pixel; null for translation. */
  nonEmptyTargets: number | null;
}

/** What a loaded dataset holds, as stored (physical units); shapes are [count, height, width, 1]. */
export interface DatasetSummary {
  task: Task;
  height: number;
  width: number;
  splits: SplitSummary[];
  attributes: Record<string, string | number>;
  /** The input normalisation a run uses unless it names another (from the file's units). */
  normalization: Normalization;
  /** What the loader noticed without refusing the file (constant images, already-normalised values). */
  warnings?: string[];
}

/** Inspecting a file without loading it: every array, the attributes, and which lesson can use it. */
export type FileInspection = FileSummary;

export interface SliceRequest {
  split: SplitName;
  /** 0-based slice indices into the split. */
  indices: number[];
}

/** Images and targets of some slices as stored (physical units): each array is [indices.length, height, width] row-major. */
export interface SliceArrays {
  split: SplitName;
  indices: number[];
  height: number;
  width: number;
  x: Float32Array;
  y: Float32Array;
}

/** What 'build-model' takes: the parts of a run configuration that define the network. */
export type ModelBuildConfig = Pick<RunConfig, 'task' | 'model' | 'height' | 'width' | 'seed'>;

export interface TrainParams {
  config: RunConfig;
  /** Input normalisation; default the dataset's (see DatasetSummary.normalization). */
  normalization?: Normalization;
  /** Train on the first N training slices only (e.g. to provoke overfitting). */
  trainLimit?: number;
}

/** The id of the 'train' request that started the run. */
export interface RunRef {
  runId: number;
}

/**
 * Model outputs for some slices with their inputs (resized to the model, in the stored units such as HU) and targets
 * (resized as in training): each [indices.length, height, width] row-major; predictions are probabilities
 * (segmentation) or intensities (translation).
 */
export interface Predictions {
  split: SplitName;
  indices: number[];
  height: number;
  width: number;
  inputs: Float32Array;
  targets: Float32Array;
  predictions: Float32Array;
}

export interface EvaluateParams {
  split: SplitName;
}

/** Metrics of the current model on a whole split: hard Dice (segmentation) or MAE/PSNR/SSIM (translation). */
export type Evaluation = TestMetrics;

export interface AugmentPreviewParams {
  seed: number;
  config: AugmentConfig;
  indices: number[];
  /** Default 'train'. */
  split?: SplitName;
}

/** Augmented pairs: one transform per index applied to input and target alike; arrays [n, height, width]. */
export interface AugmentPreview {
  split: SplitName;
  indices: number[];
  seed: number;
  height: number;
  width: number;
  inputs: Float32Array;
  targets: Float32Array;
  params: AugmentParams[];
  /** One plain-language line per transform. */
  descriptions: string[];
}

/** Timing of training steps on synthetic data (nothing else may be training). */
export interface SpeedParams {
  model: ModelKind;
  height: number;
  width: number;
  batchSize: number;
  /** Timed steps after one warm-up step (1–20). */
  steps: number;
}

export interface SpeedResult {
  /** Median milliseconds per training step (forward, backward, Adam update). */
  msPerStep: number;
  stepsTimed: number;
  backend: string;
}

/** Keeps the current model in the browser (IndexedDB) under `key`; `tag` and `dataset` say which run and data it came from. */
export interface KeepModelParams {
  key: string;
  tag: string;
  dataset: string;
}

/** Loads the model kept under `key` as the current model, if it is the one `tag` names. */
export interface RestoreModelParams {
  key: string;
  tag: string;
}

/** A kept model: which run (tag) and data it belongs to, its input size, and its weights' size in bytes. */
export type KeptModel = StoredModelMeta & { bytes: number };

/** Every request type, with its parameters and its result. */
export interface RequestMap {
  init: { params: InitParams; result: BackendReport };
  'inspect-dataset': { params: { source: DatasetSource; label?: string }; result: FileInspection };
  'load-dataset': { params: LoadDatasetParams; result: DatasetSummary };
  'get-slices': { params: SliceRequest; result: SliceArrays };
  'build-model': { params: { config: ModelBuildConfig }; result: ModelSummary };
  train: { params: TrainParams; result: FitResult };
  pause: { params: RunRef; result: null };
  resume: { params: RunRef; result: null };
  stop: { params: RunRef; result: null };
  predict: { params: SliceRequest; result: Predictions };
  evaluate: { params: EvaluateParams; result: Evaluation };
  'augment-preview': { params: AugmentPreviewParams; result: AugmentPreview };
  'measure-speed': { params: SpeedParams; result: SpeedResult };
  'keep-model': { params: KeepModelParams; result: KeptModel };
  'restore-model': { params: RestoreModelParams; result: KeptModel };
  'forget-model': { params: { key: string }; result: null };
  dispose: { params: Record<string, never>; result: null };
}

export type RequestType = keyof RequestMap;
export type ParamsOf<K extends RequestType> = RequestMap[K]['params'];
export type ResultOf<K extends RequestType> = RequestMap[K]['result'];

/** A request from the page, discriminated by `type`. */
export type Request = { [K in RequestType]: { id: number; type: K; params: ParamsOf<K> } }[RequestType];

/** A message from the engine. */
export type EngineMessage =
  | { kind: 'result'; id: number; result: ResultOf<RequestType> }
  | { kind: 'error'; id: number; error: ErrorInfo }
  | { kind: 'event'; id: number; event: TrainingEvent }
  | { kind: 'log'; message: string };

/** Where the engine runs. */
export type EngineHost = 'worker' | 'main-thread';
