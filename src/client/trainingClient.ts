/**
 * The one seam between the lesson UI and training: a small typed promise/event API over messages to
 * the training engine. The engine runs in a Web Worker (the page stays responsive, and training goes
 * on in a background tab), or on the main thread where a worker cannot host the backend. Importing
 * this module loads no TensorFlow.js or h5wasm: the engine code is fetched when `init` runs.
 */
import type { BackendReport, BackendPreference, WasmPaths } from '../lib/train/backend';
import { chooseBackend, type BackendCapabilities } from '../lib/train/backendChoice';
import type { FitResult, RunConfig, TrainingEvent } from '../lib/train/types';
import type { ModelSummary } from '../lib/models/summary';
import type { SplitName } from '../lib/data/types';
import type { ErrorInfo } from '../lib/errors';
import { detectHardware } from './hardware';
import { connectMainThread, connectWorker, type ConnectionListeners, type EngineConnection } from './engineConnection';
import type {
  AugmentPreview, AugmentPreviewParams, DatasetSource, EngineHost, EngineMessage, Evaluation, FileInspection, KeepModelParams, KeptModel, RestoreModelParams,
  LoadDatasetParams, DatasetSummary, SpeedParams, SpeedResult, TrainParams, ModelBuildConfig, ParamsOf, Predictions, Request, RequestType, ResultOf, SliceArrays,
} from './protocol';
import { clientDisposedInfo, engineCrashedInfo, fromErrorInfo } from './remoteError';

export interface TrainingClientOptions {
  /** 'auto' (default): a worker, unless workers are missing or cannot host the chosen backend. */
  host?: 'auto' | EngineHost;
  /** Makes the engine's worker; the default is the bundled training worker. */
  createWorker?: () => Worker;
  /** wasm binary URLs for a main-thread engine: default the bundled ones; null lets TensorFlow.js find them (Node). */
  wasmPaths?: WasmPaths | null;
  /** Engine diagnostics (which backends were tried, and why). */
  onLog?: (message: string) => void;
}

export interface InitOptions {
  /** Default 'auto'. Browser tests force 'wasm'. */
  backend?: BackendPreference;
  /** wasm threads (tfjs-backend-wasm setThreadsCount); default its own choice. */
  threads?: number;
  /** Detected with src/client/hardware.ts when omitted. */
  capabilities?: BackendCapabilities;
}

/** The backend report plus where the engine runs and why. */
export interface EngineReport extends BackendReport {
  host: EngineHost;
  hostReason: string;
}

/** A training run in progress. */
export interface TrainingRun {
  /** The run's id (that of its 'train' request). */
  readonly runId: number;
  /** Pauses at the next batch boundary (a 'paused' event follows). */
  pause(): Promise<void>;
  resume(): Promise<void>;
  /** Ends the run at the next batch boundary; `done` then resolves with stoppedEarly: true. */
  stop(): Promise<void>;
  /** Resolves with the run's result after its 'run-end' event; rejects with the engine's error. */
  readonly done: Promise<FitResult>;
}

export interface TrainingClient {
  /** Where the engine runs; null before `init`. */
  readonly host: EngineHost | null;
  /** Starts the engine (first call) and sets up the backend; call again to switch backend. */
  init(options?: InitOptions): Promise<EngineReport>;
  /** Describes an HDF5 file without loading it (every array, attributes, which lesson can use it). Bytes are copied. */
  inspectDataset(source: DatasetSource, label?: string): Promise<FileInspection>;
  /** Loads an HDF5 file in the lesson layout. Bytes given as an ArrayBuffer are transferred (the caller's copy empties). */
  loadDataset(params: LoadDatasetParams): Promise<DatasetSummary>;
  /** Images and targets of some slices, for the data explorers. */
  getSlices(split: SplitName, indices: number[]): Promise<SliceArrays>;
  /** Builds the model a configuration names and returns its summary rows. */
  buildModel(config: ModelBuildConfig): Promise<ModelSummary>;
  /**
   * Trains a fresh model (seeded from config.seed) on the loaded dataset, resized to config's size and
   * normalised (`options.normalization`, default the file's); `onEvent` receives every event in order.
   */
  train(config: RunConfig, onEvent: (event: TrainingEvent) => void, options?: Omit<TrainParams, 'config'>): TrainingRun;
  /** Outputs of the current model for some slices, with the inputs and targets it saw. */
  predict(split: SplitName, indices: number[]): Promise<Predictions>;
  /** Metrics of the current model on a whole split. */
  evaluate(split: SplitName): Promise<Evaluation>;
  /** Augmented input/target pairs: the same transform applied to both. */
  augmentPreview(params: AugmentPreviewParams): Promise<AugmentPreview>;
  /** Times training steps on synthetic data on the current backend (refused while a run is going). */
  measureSpeed(params: SpeedParams): Promise<SpeedResult>;
  /** Keeps the current model in this browser (IndexedDB) under `key`, tagged with the run it came from. */
  keepModel(params: KeepModelParams): Promise<KeptModel>;
  /** Makes the model kept under `key` the current one, if it is the run `tag` names; rejects otherwise. */
  restoreModel(params: RestoreModelParams): Promise<KeptModel>;
  /** Deletes the model kept under `key` (nothing happens if there is none). */
  forgetModel(key: string): Promise<void>;
  /** Frees the engine (stops a run, terminates the worker); later calls reject. */
  dispose(): Promise<void>;
}

interface Pending {
  resolve(result: unknown): void;
  reject(error: Error): void;
  onEvent?: (event: TrainingEvent) => void;
}

/** How long dispose waits for the engine to confirm before terminating it anyway. */
const DISPOSE_TIMEOUT_MS = 5000;

function defaultWorker(): Worker {
  return new Worker(new URL('../worker/trainingWorker.ts', import.meta.url), { type: 'module', name: 'training-engine' });
}

/** True when a worker could create a WebGL 2 context (OffscreenCanvas), judged from the page. */
function offscreenWebgl(): boolean {
  if (typeof OffscreenCanvas === 'undefined') return false;
  try {
    return new OffscreenCanvas(1, 1).getContext('webgl2') !== null;
  } catch {
    return false;
  }
}

function decideHost(options: TrainingClientOptions, preference: BackendPreference, caps: BackendCapabilities): { host: EngineHost; reason: string } {
  if (options.host === 'worker' || options.host === 'main-thread') return { host: options.host, reason: `The ${options.host} host was requested.` };
  if (typeof Worker === 'undefined') return { host: 'main-thread', reason: 'Web Workers are not available here, so training runs on the page.' };
  const target = preference === 'auto' ? chooseBackend(caps).backend : preference;
  if (target === 'webgl' && !offscreenWebgl()) {
    return { host: 'main-thread', reason: 'WebGL in a worker needs OffscreenCanvas, which this browser lacks, so training runs on the page.' };
  }
  return { host: 'worker', reason: 'Training runs in a background worker: the page stays responsive and training continues in a background tab.' };
}

/** A worker resolves relative URLs against its own script, not the page: make them absolute here. */
function absolute(source: DatasetSource): DatasetSource {
  const page = (globalThis as { location?: { href: string } }).location?.href;
  return 'url' in source && page ? { url: new URL(source.url, page).href } : source;
}

/** Creates a client; nothing heavy loads until `init`. */
export function createTrainingClient(options: TrainingClientOptions = {}): TrainingClient {
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let connection: EngineConnection | null = null;
  let failure: ErrorInfo | null = null;

  const failAll = (info: ErrorInfo) => {
    failure ??= info;
    for (const entry of pending.values()) entry.reject(fromErrorInfo(info));
    pending.clear();
  };

  const listeners: ConnectionListeners = {
    onMessage(message: EngineMessage) {
      if (message.kind === 'log') {
        options.onLog?.(message.message);
        return;
      }
      const entry = pending.get(message.id);
      if (!entry) return;
      if (message.kind === 'event') {
        entry.onEvent?.(message.event);
        return;
      }
      pending.delete(message.id);
      if (message.kind === 'result') entry.resolve(message.result);
      else entry.reject(fromErrorInfo(message.error));
    },
    onCrash(detail) {
      connection?.close();
      failAll(engineCrashedInfo(detail));
    },
  };

  const sendAs = <K extends RequestType>(id: number, type: K, params: ParamsOf<K>, transfer: Transferable[] = [], onEvent?: Pending['onEvent']): Promise<ResultOf<K>> => {
    if (failure) return Promise.reject(fromErrorInfo(failure));
    if (!connection) {
      return Promise.reject(fromErrorInfo({ name: 'EngineNotStarted', message: 'The training engine has not been started.', hint: 'Call init() on the training client first.' }));
    }
    const target = connection;
    return new Promise<ResultOf<K>>((resolve, reject) => {
      pending.set(id, { resolve: resolve as (result: unknown) => void, reject, onEvent });
      try {
        target.send({ id, type, params } as Request, transfer);
      } catch (error) {
        pending.delete(id);
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
  };
  const send = <K extends RequestType>(type: K, params: ParamsOf<K>, transfer?: Transferable[]) => sendAs(nextId++, type, params, transfer);

  const connect = async (host: EngineHost): Promise<EngineConnection> => {
    if (host === 'worker') return connectWorker(options.createWorker ?? defaultWorker, listeners);
    const paths = options.wasmPaths === undefined ? (await import('../worker/wasmUrls')).bundledWasmPaths : (options.wasmPaths ?? undefined);
    return connectMainThread(paths, listeners);
  };

  let hostReason = '';
  const client: TrainingClient = {
    get host() {
      return connection?.host ?? null;
    },

    async init(init = {}) {
      if (failure) throw fromErrorInfo(failure);
      const backend = init.backend ?? 'auto';
      const caps = init.capabilities ?? (await detectHardware()).capabilities;
      if (!connection) {
        const decided = decideHost(options, backend, caps);
        hostReason = decided.reason;
        try {
          connection = await connect(decided.host);
        } catch (error) {
          if (decided.host !== 'worker' || options.host === 'worker') throw error;
          hostReason = `A worker could not be created (${error instanceof Error ? error.message : String(error)}), so training runs on the page.`;
          connection = await connect('main-thread');
        }
      }
      const report = await send('init', { backend, capabilities: caps, threads: init.threads });
      return { ...report, host: connection.host, hostReason };
    },

    inspectDataset: (source, label) => send('inspect-dataset', { source: absolute(source), label }),

    loadDataset(params) {
      const { source } = params;
      if ('url' in source) return send('load-dataset', { ...params, source: absolute(source) });
      return send('load-dataset', params, 'bytes' in source && source.bytes instanceof ArrayBuffer ? [source.bytes] : []);
    },

    getSlices: (split, indices) => send('get-slices', { split, indices }),
    buildModel: (config) => send('build-model', { config }),
    predict: (split, indices) => send('predict', { split, indices }),
    evaluate: (split) => send('evaluate', { split }),
    augmentPreview: (params) => send('augment-preview', params),
    measureSpeed: (params) => send('measure-speed', params),
    keepModel: (params) => send('keep-model', params),
    restoreModel: (params) => send('restore-model', params),
    forgetModel: (key) => send('forget-model', { key }).then(() => undefined),

    train(config, onEvent, trainOptions = {}) {
      const runId = nextId++;
      const done = sendAs(runId, 'train', { ...trainOptions, config }, [], onEvent);
      const run: TrainingRun = {
        runId,
        done,
        pause: () => send('pause', { runId }).then(() => undefined),
        resume: () => send('resume', { runId }).then(() => undefined),
        stop: () => send('stop', { runId }).then(() => undefined),
      };
      return run;
    },

    async dispose() {
      if (failure?.name === 'ClientDisposed') return;
      const current = connection;
      if (current && !failure) {
        let timer: ReturnType<typeof setTimeout> | undefined;
        const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, DISPOSE_TIMEOUT_MS)));
        await Promise.race([send('dispose', {}).catch(() => undefined), timeout]);
        clearTimeout(timer);
      }
      current?.close();
      failure = null;
      failAll(clientDisposedInfo());
    },
  };
  return client;
}
