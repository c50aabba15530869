/**
 * The engine's requests and the messages that carry them: the one neutral module that the engine
 * (src/lib/engine), its worker entry (src/worker) and the page's client (src/client) all import.
 * Plain data and type imports only, so importing it bundles nothing heavy.
 *
 * `REQUESTS` is the one list of requests: the engine has one method per key, the worker and the
 * main-thread host dispatch by key, and the client's methods are made from it.
 *
 * Page → engine: a Request `{ id, type, params }`. Engine → page: for each request exactly one
 * 'result' or 'error' with the same id; a 'train' request also streams 'event' messages with its id
 * before its result. 'log' messages carry engine diagnostics (backend set-up) and have no id.
 */
import type { ErrorInfo } from '../errors';
import type { SplitName, Task } from '../data/types';
import type { NormalizationWarning } from '../data/inputUnits';
import type { Normalization } from '../data/normalizations';
import type { BackendReport, BackendPreference } from '../train/backend';
import type { BackendCapabilities } from '../train/backendChoice';
import type { FitResult, ModelKind, RunConfig, TrainingEvent } from '../train/types';
import type { TaskMetrics } from '../tasks';
import type { ModelSummary } from '../models/summary';
import type { StoredModelMeta } from '../train/modelStore';
import type { AugmentConfig } from '../augment/augmentConfig';
import type { AugmentParams } from '../augment/sampleAugmentParams';
import type { IntensityAugmentConfig, IntensityParams } from '../augment/intensityConfig';
import type { LookupBaseline, LookupBaselineParams } from './lookupBaseline';
import type { DatasetIdentity, KeepCheckpoints, UnfinishedRun } from './runCheckpoints';
import type { DatasetSummary, FileInspection, InspectDatasetParams, LoadDatasetParams, SliceArrays, SliceRequest } from './datasetProtocol';
import type { ImportedVolumes, ImportVolumesParams, PredictedVolume, PredictVolumeParams } from './volumeProtocol';
import { INSPECT_REQUESTS } from './inspectProtocol';
import { MAPS_AND_SPREAD_REQUESTS } from './mapsAndSpreadProtocol';
import { SHIFT_REQUESTS } from './shiftProtocol';

export type { LookupBaseline, LookupBaselineParams };
export type { DatasetIdentity, KeepCheckpoints, UnfinishedRun };
export type {
  DatasetSource, InspectDatasetParams, LoadDatasetParams, ValueStats, SplitSummary, DatasetSummary, FileInspection, SliceRequest, SliceArrays,
} from './datasetProtocol';
export type { FeatureMapWatch, FeatureMapRecord, FeatureMapParams, FeatureMaps, FeatureMapLayer, UncertaintyParams, Uncertainty, InspectProgress } from './mapsAndSpreadProtocol';
export type { ShiftKind, ShiftCurveParams, ShiftPoint, ShiftExample, ShiftCurve } from './shiftProtocol';
export type { NamedBytes, ImportVolumesParams, ImportedVolumes, ImportSummary, PredictVolumeParams, PredictedVolume, PredictionSummary, VolumeMetric } from './volumeProtocol';

export interface InitParams {
  backend: BackendPreference;
  capabilities: BackendCapabilities;
  /** wasm threads (passed to tfjs-backend-wasm setThreadsCount); omit for its default. */
  threads?: number;
}

/** What 'build-model' takes: the parts of a run configuration that define the network. */
export type ModelBuildConfig = Pick<RunConfig, 'task' | 'model' | 'height' | 'width' | 'seed'>;

export interface TrainParams {
  /** The run's settings; its input normalisation is config.normalization (default the dataset's, see DatasetSummary.normalization). */
  config: RunConfig;
  /**
   * Keep a checkpoint after every completed epoch under `keep.key` (replacing any earlier run's),
   * removed when the run completes, is stopped or fails other than by a lost device.
   */
  keep?: KeepCheckpoints;
  /**
   * Continue the unfinished run kept under this key from its last completed epoch: its weights,
   * optimiser state, history and settings (`config` must match in task, model, size and optimiser; the
   * kept settings are used). Refused when the loaded data differs from the run's (`keep.dataset`).
   */
  resumeKey?: string;
  /**
   * Whose settings a resumed run continues with: the checkpoint's (default; the page after a reload) or
   * `config`'s (the command line: more epochs, another learning rate; fit still refuses another task, model,
   * size, normalisation or optimiser).
   */
  resumeWith?: 'checkpoint' | 'config';
}

/** The id of the 'train' request that started the run (the engine's `runId`). */
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
  /** Slices per forward pass; default 16 (the metrics do not depend on it beyond float rounding). */
  batchSize?: number;
  /** Normalise the inputs this way instead of as the model was trained (its model.json names that), e.g. to show what a mismatch does. */
  normalization?: Normalization;
}

/** Metrics of the current model on a whole split, as its task's evaluator computes them (its descriptor's summarizeTest prints them). */
export type Evaluation = TaskMetrics & {
  /** The input normalisation applied (the one asked for, else the model's own), when known. */
  normalization?: Normalization;
  /** Set when the data's units do not fit the model's normalisation (e.g. an HU model on z-scored values). */
  warning?: NormalizationWarning;
};

export interface AugmentPreviewParams {
  seed: number;
  config: AugmentConfig;
  /** Intensity changes after the transform, as a run draws them (input only); absent or null for none. The transform drawn stays the same either way. */
  intensity?: IntensityAugmentConfig | null;
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
  /** The intensity change drawn for each index, and each in words ("gamma 1.32, noise 0.06σ"); absent when none was asked for. */
  intensity?: { params: IntensityParams[]; descriptions: string[] };
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

/** A model exported from the page, or imported into it: TensorFlow.js layers files (model.json + weights.bin). */
export interface ModelFilesParams {
  modelJson: string;
  weights: Uint8Array;
}

/**
 * What an imported model is: its task, input size and normalisation (from its model.json; null when it names
 * none). Without a task in model.json: the loaded data's, else guessed from the output (sigmoid: segmentation).
 */
export interface ImportedModel {
  task: Task;
  height: number;
  width: number;
  normalization: Normalization | null;
  paramCount: number;
}

/** A kept model: which run (tag) and data it belongs to, its input size, and its weights' size in bytes. */
export type KeptModel = StoredModelMeta & { bytes: number };

/** A kept model as listed: where it is kept (`key`) and what it is, without its weights. */
export type ListedModel = KeptModel & { key: string };

/** A request's parameters and result: a type carried by a placeholder value, so the list below exists at run time too. */
interface Call<P, R> {
  readonly params: P;
  readonly result: R;
}
const call = <P, R>(): Call<P, R> => ({}) as Call<P, R>;

/**
 * Every request the engine answers, with its parameters and its result; the keys are the engine's
 * method names. This is the one list: the engine implements it (`EngineApi`), the dispatcher looks
 * methods up by key, and the client builds its methods from `REQUEST_TYPES`.
 */
export const REQUESTS = {
  init: call<InitParams, BackendReport>(),
  inspectDataset: call<InspectDatasetParams, FileInspection>(),
  loadDataset: call<LoadDatasetParams, DatasetSummary>(),
  getSlices: call<SliceRequest, SliceArrays>(),
  /** Real scans (NIfTI, DICOM series) to a lesson file's bytes, by the task's rules; loads nothing. */
  importVolumes: call<ImportVolumesParams, ImportedVolumes>(),
  /** The current model run on every axial slice of a scan, written as a .nii.gz on the scan's own grid, scored against a reference when one is given. */
  predictVolume: call<PredictVolumeParams, PredictedVolume>(),
  buildModel: call<{ config: ModelBuildConfig }, ModelSummary>(),
  train: call<TrainParams, FitResult>(),
  pause: call<RunRef, null>(),
  resume: call<RunRef, null>(),
  stop: call<RunRef, null>(),
  predict: call<SliceRequest, Predictions>(),
  evaluate: call<EvaluateParams, Evaluation>(),
  augmentPreview: call<AugmentPreviewParams, AugmentPreview>(),
  /** Translation: the T1 → T2 lookup table fitted on the training split, scored like the network. */
  lookupBaseline: call<LookupBaselineParams, LookupBaseline>(),
  measureSpeed: call<SpeedParams, SpeedResult>(),
  keepModel: call<KeepModelParams, KeptModel>(),
  restoreModel: call<RestoreModelParams, KeptModel>(),
  forgetModel: call<{ key: string }, null>(),
  /** The kept models (no weights), oldest first; `keyPrefix` picks those whose key starts with it. */
  keptModels: call<{ keyPrefix?: string }, ListedModel[]>(),
  exportModel: call<Record<string, never>, ModelFilesParams>(),
  importModel: call<ModelFilesParams, ImportedModel>(),
  /** The unfinished runs kept (one per key, without weights); `key` picks one. */
  unfinishedRuns: call<{ key?: string }, UnfinishedRun[]>(),
  /** Removes the unfinished run kept under `key` (nothing happens when there is none). */
  discardRun: call<{ key: string }, null>(),
  ...MAPS_AND_SPREAD_REQUESTS,
  dispose: call<Record<string, never>, null>(),
  ...INSPECT_REQUESTS,
  ...SHIFT_REQUESTS,
};

export type RequestMap = typeof REQUESTS;
export type RequestType = keyof RequestMap;
export const REQUEST_TYPES = Object.keys(REQUESTS) as RequestType[];
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

/** What a request's handler may use besides its parameters. */
export interface CallContext {
  /** The request's id; a 'train' request's id is its run id (pause/resume/stop name it). */
  requestId: number;
  /** Receives a 'train' request's events, in order, before its result. */
  onEvent?: (event: TrainingEvent) => void;
}

/** The engine: one method per request of `RequestMap`. Methods reject with a CourseError on bad requests. */
export type EngineApi = { [K in RequestType]: (params: ParamsOf<K>, context?: CallContext) => Promise<ResultOf<K>> };
