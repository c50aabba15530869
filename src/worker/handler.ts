/**
 * The training engine's request handler: one module shared by the Web Worker entry and the
 * main-thread fallback, so the logic exists once. It owns the engine's state (backend, dataset,
 * model, the current run) and answers every request with exactly one 'result' or 'error'.
 */
import type * as tf from '@tensorflow/tfjs';
import { CourseError, SettingsError, toErrorInfo } from '../lib/errors';
import type { Task } from '../lib/data/types';
import { readLessonDataset } from '../lib/data/readLessonDataset';
import { inspectDataset } from '../lib/data/inspectDataset';
import { setupBackend, type BackendReport, type WasmPaths } from '../lib/train/backend';
import { buildRunModel } from '../lib/train/buildRunModel';
import { createPauseController } from '../lib/train/pauseController';
import { fit } from '../lib/train/fit';
import { fromLayersModelFiles, toLayersModelFiles } from '../lib/train/layersModelFiles';
import { createIndexedDbModelStore, type ModelStore } from '../lib/train/modelStore';
import type { PauseController } from '../lib/train/types';
import { summarizeModel } from '../lib/models/summary';
import type { EngineMessage, ParamsOf, Request, RequestType, ResultOf } from '../client/protocol';
import { assertIndices, gatherSlices, splitOf } from './sliceArrays';
import { createPreparedData, datasetBytes, summarizeDataset, type PreparedData } from './datasetRequests';
import { augmentPreview, evaluateSplit, inputSize, predictSlices } from './modelRequests';
import { measureSpeed } from './measureSpeed';

/** How the handler talks back: postMessage in a worker, a direct call on the main thread. */
export interface EngineBindings {
  post(message: EngineMessage, transfer?: Transferable[]): void;
  /** URLs of the wasm binaries (bundled by Vite); omit in Node. */
  wasmPaths?: WasmPaths;
  /** Where trained models are kept between visits; default IndexedDB where it exists, else none. */
  modelStore?: ModelStore;
}

export interface RequestHandler {
  /** Handles one request; never rejects (failures are posted as 'error' messages). */
  handle(request: Request): Promise<void>;
}

interface Run {
  id: number;
  abort: AbortController;
  pause: PauseController;
  /** Settles when fit has returned (or thrown). */
  finished: Promise<unknown>;
}

type Reply<K extends RequestType> = { result: ResultOf<K>; transfer?: Transferable[] };
type Handlers = { [K in RequestType]: (params: ParamsOf<K>, id: number) => Promise<Reply<K>> };

/** Buffers that can be moved rather than copied: only whole, non-shared buffers (never a view into a bigger one). */
function transferable(...arrays: Float32Array[]): Transferable[] {
  return arrays
    .filter((a) => a.byteOffset === 0 && a.byteLength === a.buffer.byteLength && a.buffer instanceof ArrayBuffer)
    .map((a) => a.buffer as ArrayBuffer);
}

const notStarted = () => new CourseError('The training engine has not been started.', 'Call init() on the training client first.');

/** Creates the engine state and its request handler; `bindings.post` receives every reply. */
export function createRequestHandler(bindings: EngineBindings): RequestHandler {
  let backend: BackendReport | null = null;
  let data: { prepared: PreparedData; task: Task } | null = null;
  let model: tf.LayersModel | null = null;
  let run: Run | null = null;
  let disposed = false;

  const requireBackend = () => {
    if (!backend) throw notStarted();
  };
  const requireData = () => {
    if (!data) throw new CourseError('No dataset is loaded.', 'Load a dataset first (loadDataset).');
    return data;
  };
  const requireModel = () => {
    if (!model) throw new CourseError('There is no model yet.', 'Build or train a model first.');
    return model;
  };
  const requireIdle = (what: string) => {
    if (run) throw new SettingsError(`Cannot ${what} while a training run is going.`, 'Stop the run (or wait for it to end) first.');
  };
  const requireRun = (runId: number) => {
    if (!run || run.id !== runId) throw new SettingsError(`There is no training run with id ${runId} going.`, 'The run may have ended already.');
    return run;
  };
  let modelStore: ModelStore | null | undefined = bindings.modelStore;
  const requireModelStore = () => {
    modelStore ??= typeof indexedDB === 'undefined' ? null : createIndexedDbModelStore(indexedDB);
    if (!modelStore) throw new CourseError('This browser offers no storage (IndexedDB) to keep a trained model in.', 'The model stays usable until the page is reloaded.');
    return modelStore;
  };
  const replaceModel = (next: tf.LayersModel | null) => {
    model?.dispose();
    model = next;
  };

  const handlers: Handlers = {
    async init(params) {
      requireIdle('change the backend');
      backend = await setupBackend({
        preferred: params.backend,
        capabilities: params.capabilities,
        threads: params.threads,
        wasmPaths: bindings.wasmPaths,
        onLog: (message) => bindings.post({ kind: 'log', message }),
      });
      return { result: backend };
    },

    async 'inspect-dataset'({ source, label = 'The file' }) {
      return { result: await inspectDataset(await datasetBytes(source, label), { label }) };
    },

    async 'load-dataset'({ source, task, label }) {
      requireIdle('load a dataset');
      const name = label ?? ('url' in source ? `The file at ${source.url}` : 'The file');
      const dataset = await readLessonDataset(await datasetBytes(source, name), { task, label: name });
      data = { prepared: createPreparedData(dataset), task };
      return { result: summarizeDataset(dataset, task) };
    },

    async 'get-slices'({ split, indices }) {
      const dataset = requireData().prepared.stored;
      const arrays = splitOf(dataset, split);
      assertIndices(split, indices, arrays.count);
      const sliceSize = dataset.height * dataset.width;
      const x = gatherSlices(arrays.x, indices, sliceSize);
      const y = gatherSlices(arrays.y, indices, sliceSize);
      return { result: { split, indices: [...indices], height: dataset.height, width: dataset.width, x, y }, transfer: transferable(x, y) };
    },

    async 'build-model'({ config }) {
      requireBackend();
      requireIdle('build a model');
      // Only for its summary: the trained model (if any) stays in place for predictions and evaluation.
      const built = buildRunModel(config);
      try {
        return { result: summarizeModel(built) };
      } finally {
        built.dispose();
      }
    },

    async train({ config, normalization }, id) {
      requireBackend();
      requireIdle('start another run');
      const dataset = requireData().prepared.forRun({ height: config.height, width: config.width, normalization, trainLimit: config.trainLimit });
      replaceModel(buildRunModel(config));
      const abort = new AbortController();
      const pause = createPauseController();
      const fitting = fit({
        model: requireModel(),
        dataset,
        config,
        backend: backend?.backend,
        // Events are structured-cloned, not transferred: their arrays may be views the run still uses.
        onEvent: (event) => bindings.post({ kind: 'event', id, event }),
        signal: abort.signal,
        pauseController: pause,
      });
      const current: Run = { id, abort, pause, finished: fitting.catch(() => undefined) };
      run = current;
      try {
        return { result: await fitting };
      } finally {
        if (run === current) run = null;
      }
    },

    async pause({ runId }) {
      requireRun(runId).pause.pause();
      return { result: null };
    },

    async resume({ runId }) {
      requireRun(runId).pause.resume();
      return { result: null };
    },

    async stop({ runId }) {
      const current = requireRun(runId);
      current.abort.abort();
      // A paused run must wake up to notice the stop.
      current.pause.resume();
      return { result: null };
    },

    async predict({ split, indices }) {
      requireIdle('predict');
      const current = requireModel();
      const { height, width } = inputSize(current);
      const dataset = requireData().prepared.forModel(height, width);
      const arrays = splitOf(dataset, split);
      assertIndices(split, indices, arrays.count);
      const out = await predictSlices(current, arrays, indices, height, width);
      // Show the learner the input in its own units (Hounsfield units for CT), not as normalised for the network.
      const inputs = gatherSlices(splitOf(requireData().prepared.forDisplay(height, width), split).x, indices, height * width);
      return {
        result: { split, indices: [...indices], height, width, ...out, inputs },
        transfer: transferable(inputs, out.targets, out.predictions),
      };
    },

    async evaluate({ split }) {
      requireIdle('evaluate');
      const current = requireModel();
      const { height, width } = inputSize(current);
      const { prepared, task } = requireData();
      const dataset = prepared.forModel(height, width);
      return { result: await evaluateSplit(current, dataset, splitOf(dataset, split), task) };
    },

    async 'augment-preview'(params) {
      requireBackend();
      const { prepared, task } = requireData();
      const dataset = prepared.stored;
      const split = params.split ?? 'train';
      const arrays = splitOf(dataset, split);
      assertIndices(split, params.indices, arrays.count);
      const result = await augmentPreview(arrays, dataset.height, dataset.width, task, { ...params, split });
      return { result, transfer: transferable(result.inputs, result.targets) };
    },

    async 'measure-speed'(params) {
      requireBackend();
      requireIdle('measure the speed');
      return { result: await measureSpeed(params) };
    },

    async 'keep-model'({ key, tag, dataset }) {
      requireIdle('keep the model');
      const current = requireModel();
      const store = requireModelStore();
      const files = await toLayersModelFiles(current);
      const { height, width } = inputSize(current);
      const meta = { tag, task: requireData().task, height, width, dataset, savedAt: new Date().toISOString() };
      await store.put({ key, files, meta });
      return { result: { ...meta, bytes: files.weights.byteLength } };
    },

    async 'restore-model'({ key, tag }) {
      requireBackend();
      requireIdle('restore a kept model');
      const stored = await requireModelStore().get(key);
      if (!stored || stored.meta.tag !== tag) throw new CourseError('No trained model is kept for this run.', 'Train the model again.');
      if (data && data.task !== stored.meta.task) {
        throw new SettingsError(`The kept model does ${stored.meta.task}, but the loaded data is for ${data.task}.`, 'Load the data the model was trained on, or train a new model.');
      }
      const restored = await fromLayersModelFiles(stored.files);
      // A run may have started while the model was read: it owns the current model now.
      if (run) {
        restored.dispose();
        throw new SettingsError('A training run started while the kept model was being restored.', 'The new run’s model is used instead.');
      }
      replaceModel(restored);
      return { result: { ...stored.meta, bytes: stored.files.weights.byteLength } };
    },

    async 'forget-model'({ key }) {
      await requireModelStore().delete(key);
      return { result: null };
    },

    async dispose() {
      disposed = true;
      if (run) {
        run.abort.abort();
        run.pause.resume();
        // fit still holds the model until its next batch boundary.
        await run.finished;
      }
      replaceModel(null);
      data = null;
      return { result: null };
    },
  };

  return {
    async handle(request) {
      try {
        if (disposed && request.type !== 'dispose') throw new CourseError('The training engine was disposed.', 'Create a new training client.');
        const handler = handlers[request.type] as ((params: unknown, id: number) => Promise<Reply<RequestType>>) | undefined;
        if (!handler) throw new SettingsError(`Unknown request type '${String(request.type)}'.`, 'The page and the training worker come from different builds: reload the page.');
        const { result, transfer } = await handler(request.params, request.id);
        bindings.post({ kind: 'result', id: request.id, result }, transfer);
      } catch (error) {
        bindings.post({ kind: 'error', id: request.id, error: toErrorInfo(error) });
      }
    },
  };
}
