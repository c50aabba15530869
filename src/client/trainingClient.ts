/**
 * The one seam between the lesson UI and training: a small typed promise/event API over messages to
 * the training engine. The engine runs in a Web Worker (the page stays responsive, and training goes
 * on in a background tab), or on the main thread where a worker cannot host the backend. Importing
 * this module loads no TensorFlow.js or h5wasm: the engine code is fetched when `init` runs.
 */
import type { BackendReport, BackendPreference, WasmPaths } from '../lib/train/backend';
import { chooseBackend, type BackendCapabilities } from '../lib/train/backendChoice';
import type { FitResult, TrainingEvent } from '../lib/train/types';
import type { ErrorInfo } from '../lib/errors';
import { detectHardware } from './hardware';
import { connectMainThread, connectWorker, type ConnectionListeners, type EngineConnection } from './engineConnection';
import { REQUEST_TYPES, type DatasetSource, type EngineHost, type EngineMessage, type ParamsOf, type Request, type RequestType, type ResultOf, type TrainParams } from '../lib/engine/protocol';
import { clientDisposedInfo, engineCrashedInfo, fromErrorInfo } from './remoteError';
import { createModelLock } from './modelLock';

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

/** Requests the client runs itself (host choice, run handles, shutdown); every other request is forwarded as it is. */
const CONTROL_REQUESTS = ['init', 'train', 'pause', 'resume', 'stop', 'dispose'] as const satisfies readonly RequestType[];
type ForwardedRequest = Exclude<RequestType, (typeof CONTROL_REQUESTS)[number]>;

/**
 * One method per forwarded request of the protocol (src/lib/engine/protocol.ts), with its parameters
 * and result: inspectDataset, loadDataset (bytes are transferred: the caller's ArrayBuffer empties),
 * getSlices, buildModel, predict, evaluate, augmentPreview, measureSpeed, keepModel, restoreModel,
 * forgetModel.
 */
export type EngineCalls = { [K in ForwardedRequest]: (params: ParamsOf<K>) => Promise<ResultOf<K>> };

/** The requests that use or replace the engine's current model: they take turns (see `withModel`). */
const MODEL_REQUESTS = ['predict', 'evaluate', 'keepModel', 'restoreModel', 'exportModel', 'importModel', 'predictVolume', 'shiftCurve'] as const satisfies readonly ForwardedRequest[];
/** What a `withModel` task may ask of the engine while the model is its own. */
export type ModelCalls = Pick<EngineCalls, (typeof MODEL_REQUESTS)[number]>;

export interface TrainingClient extends EngineCalls {
  /** Where the engine runs; null before `init`. */
  readonly host: EngineHost | null;
  /** Starts the engine (first call) and sets up the backend; call again to switch backend. */
  init(options?: InitOptions): Promise<EngineReport>;
  /**
   * Trains a fresh model (seeded from config.seed) on the loaded dataset, resized to config's size and
   * normalised (`normalization`, default the file's); `onEvent` receives every event in order.
   */
  train(params: TrainParams, onEvent: (event: TrainingEvent) => void): TrainingRun;
  /**
   * Runs `task` with the engine's model to itself: model requests from elsewhere (predict, evaluate,
   * keep, restore, export, import, and the start of a run) wait until it settles. Inside, use the
   * `calls` given; the client's own model methods would wait for the task and never return.
   */
  withModel<T>(task: (calls: ModelCalls) => Promise<T>): Promise<T>;
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

/** The buffers of a request's scan files (lists of { name, bytes } such as importVolumes' image and target). */
function scanBuffers(params: object): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  for (const value of Object.values(params)) {
    if (!Array.isArray(value)) continue;
    for (const file of value as unknown[]) {
      const bytes = (file as { bytes?: unknown } | null)?.bytes;
      if (bytes instanceof Uint8Array && bytes.buffer instanceof ArrayBuffer) buffers.add(bytes.buffer);
    }
  }
  return [...buffers];
}

/**
 * A request's parameters as sent, and the buffers that move with them (a loaded file's bytes, a scan's
 * files): moved, not copied, so a 300-file DICOM series is not held twice; the caller's arrays empty.
 */
function outgoing(type: ForwardedRequest, params: object): { params: object; transfer: Transferable[] } {
  if (!('source' in params)) return { params, transfer: scanBuffers(params) };
  const source = params.source as DatasetSource;
  const moved = type === 'loadDataset' && 'bytes' in source && source.bytes instanceof ArrayBuffer ? [source.bytes] : [];
  return { params: { ...params, source: absolute(source) }, transfer: moved };
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
    const paths = options.wasmPaths === undefined ? (await import('../bundled/wasmUrls')).bundledWasmPaths : (options.wasmPaths ?? undefined);
    return connectMainThread(paths, listeners);
  };

  const direct = Object.fromEntries(
    REQUEST_TYPES.filter((type): type is ForwardedRequest => !(CONTROL_REQUESTS as readonly string[]).includes(type)).map((type) => [
      type,
      (params: object) => {
        const sent = outgoing(type, params);
        return send(type, sent.params as ParamsOf<typeof type>, sent.transfer);
      },
    ]),
  ) as EngineCalls;
  // Model requests queue behind one another, so no widget predicts with a model another one put in place meanwhile.
  const modelLock = createModelLock();
  const modelCalls = Object.fromEntries(MODEL_REQUESTS.map((type) => [type, direct[type]])) as ModelCalls;
  const queued = (type: (typeof MODEL_REQUESTS)[number]) => (params: object) => modelLock.run(() => (direct[type] as (p: object) => Promise<unknown>)(params));
  const calls = { ...direct, ...Object.fromEntries(MODEL_REQUESTS.map((type) => [type, queued(type)])) } as EngineCalls;

  let hostReason = '';
  const client: TrainingClient = {
    ...calls,

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

    train(params, onEvent) {
      const runId = nextId++;
      let done!: Promise<FitResult>;
      // A run replaces the model: it starts once the model is free, and frees it at its first event
      // (the engine has its new model, and refuses model requests until the run ends).
      const started = modelLock.run(() => new Promise<void>((release) => {
        done = sendAs(runId, 'train', params, [], (event) => {
          release();
          onEvent(event);
        });
        done.then(() => release(), () => release());
      }));
      const result = started.then(() => done);
      // Controls follow the run's own request, never overtake it.
      const control = (type: 'pause' | 'resume' | 'stop') => started.then(() => send(type, { runId })).then(() => undefined);
      return { runId, done: result, pause: () => control('pause'), resume: () => control('resume'), stop: () => control('stop') };
    },

    withModel(task) {
      return modelLock.run(() => task(modelCalls));
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
