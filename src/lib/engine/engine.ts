/**
 * The training engine: TensorFlow.js, h5wasm, the models and the fit loop behind one plain object
 * with a method per request (see protocol.ts). The worker entry and the main-thread host wrap it in
 * a dispatcher; Node scripts and tests call it directly.
 */
import type * as tf from '@tensorflow/tfjs';
import { CourseError, SettingsError } from '../errors';
import type { Task } from '../data/types';
import { readLessonDataset } from '../data/readLessonDataset';
import { inspectDataset } from '../data/inspectDataset';
import { setupBackend, type BackendReport, type WasmPaths } from '../train/backend';
import { buildRunModel } from '../train/buildRunModel';
import { createPauseController } from '../train/pauseController';
import { fit } from '../train/fit';
import { fromLayersModelFiles, readModelMetadata, toLayersModelFiles } from '../train/layersModelFiles';
import { unitsOfDataset, type InputUnits, type Normalization } from '../data/normalize';
import { createIndexedDbModelStore, type ModelStore } from '../train/modelStore';
import type { PauseController } from '../train/types';
import { summarizeModel } from '../models/summary';
import type { CallContext, EngineApi } from './protocol';
import { handOver } from './transfer';
import { assertIndices, gatherSlices, splitOf } from './sliceArrays';
import { createPreparedData, datasetBytes, summarizeDataset, type PreparedData } from './preparedData';
import { augmentPreview, evaluateSplit, inputSize, predictSlices } from './modelRequests';
import { measureSpeed } from './measureSpeed';

/** What the engine needs from where it runs. */
export interface EngineOptions {
  /** Diagnostics (which backends were tried, and why). */
  log?: (message: string) => void;
  /** URLs of the wasm binaries (bundled by Vite); omit in Node. */
  wasmPaths?: WasmPaths;
  /** Where trained models are kept between visits; default IndexedDB where it exists, else none. */
  modelStore?: ModelStore;
}

interface Run {
  id: number;
  abort: AbortController;
  pause: PauseController;
  /** Settles when fit has returned (or thrown). */
  finished: Promise<unknown>;
}

const notStarted = () => new CourseError('The training engine has not been started.', 'Call init() on the training client first.');

/**
 * Creates the training engine: its state (backend, dataset, model, the current run) and one method
 * per request of the protocol. The same object runs in Node, behind the worker's dispatcher and on
 * the page's thread. Arrays in results are new and handed over to the caller.
 */
export function createEngine(options: EngineOptions = {}): EngineApi {
  let backend: BackendReport | null = null;
  let data: { prepared: PreparedData; task: Task } | null = null;
  let model: tf.LayersModel | null = null;
  // How the current model's inputs were normalised (and their units as stored): re-applied by predict/evaluate, kept with the model.
  let modelInput: { normalization: Normalization; units: InputUnits } | null = null;
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
  let modelStore: ModelStore | null | undefined = options.modelStore;
  let nextRunId = 1;
  const requireModelStore = () => {
    modelStore ??= typeof indexedDB === 'undefined' ? null : createIndexedDbModelStore(indexedDB);
    if (!modelStore) throw new CourseError('This browser offers no storage (IndexedDB) to keep a trained model in.', 'The model stays usable until the page is reloaded.');
    return modelStore;
  };
  const replaceModel = (next: tf.LayersModel | null) => {
    model?.dispose();
    model = next;
  };

  const engine: EngineApi = {
    async init(params) {
      requireIdle('change the backend');
      backend = await setupBackend({
        preferred: params.backend,
        capabilities: params.capabilities,
        threads: params.threads,
        wasmPaths: options.wasmPaths,
        onLog: options.log,
      });
      return backend;
    },

    async inspectDataset({ source, label = 'The file' }) {
      return inspectDataset(await datasetBytes(source, label), { label });
    },

    async loadDataset({ source, task, label, purpose }) {
      requireIdle('load a dataset');
      const name = label ?? ('url' in source ? `The file at ${source.url}` : 'The file');
      const dataset = await readLessonDataset(await datasetBytes(source, name), { task, label: name, ...(purpose ? { purpose } : {}) });
      data = { prepared: createPreparedData(dataset), task };
      return summarizeDataset(dataset, task);
    },

    async getSlices({ split, indices }) {
      const dataset = requireData().prepared.stored;
      const arrays = splitOf(dataset, split);
      assertIndices(split, indices, arrays.count);
      const sliceSize = dataset.height * dataset.width;
      const x = gatherSlices(arrays.x, indices, sliceSize);
      const y = gatherSlices(arrays.y, indices, sliceSize);
      return { split, indices: [...indices], height: dataset.height, width: dataset.width, x: handOver(x, y), y };
    },

    async buildModel({ config }) {
      requireBackend();
      requireIdle('build a model');
      // Only for its summary: the trained model (if any) stays in place for predictions and evaluation.
      const built = buildRunModel(config);
      try {
        return summarizeModel(built);
      } finally {
        built.dispose();
      }
    },

    async train({ config, normalization, trainLimit }, context) {
      const id = context?.requestId ?? nextRunId++;
      requireBackend();
      requireIdle('start another run');
      const { prepared } = requireData();
      const dataset = prepared.forRun({ height: config.height, width: config.width, normalization: normalization ?? config.normalization, trainLimit });
      replaceModel(buildRunModel(config));
      modelInput = { normalization: prepared.normalizationOfLastRun()!, units: unitsOfDataset(prepared.stored).units };
      const abort = new AbortController();
      const pause = createPauseController();
      const fitting = fit({
        model: requireModel(),
        dataset,
        // The run's record (and its checkpoints) name the normalisation it trained with.
        config: { ...config, normalization: modelInput.normalization },
        backend: backend?.backend,
        // Events are structured-cloned, not transferred: their arrays may be views the run still uses.
        onEvent: context?.onEvent,
        signal: abort.signal,
        pauseController: pause,
      });
      const current: Run = { id, abort, pause, finished: fitting.catch(() => undefined) };
      run = current;
      try {
        return await fitting;
      } finally {
        if (run === current) run = null;
      }
    },

    async pause({ runId }) {
      requireRun(runId).pause.pause();
      return null;
    },

    async resume({ runId }) {
      requireRun(runId).pause.resume();
      return null;
    },

    async stop({ runId }) {
      const current = requireRun(runId);
      current.abort.abort();
      // A paused run must wake up to notice the stop.
      current.pause.resume();
      return null;
    },

    async predict({ split, indices }) {
      requireIdle('predict');
      const current = requireModel();
      const { height, width } = inputSize(current);
      const dataset = requireData().prepared.forModel(height, width, modelInput?.normalization);
      const arrays = splitOf(dataset, split);
      assertIndices(split, indices, arrays.count);
      const out = await predictSlices(current, arrays, indices, height, width);
      // Show the learner the input in its own units (Hounsfield units for CT), not as normalised for the network.
      const inputs = gatherSlices(splitOf(requireData().prepared.forDisplay(height, width), split).x, indices, height * width);
      handOver(inputs, out.targets, out.predictions);
      return { split, indices: [...indices], height, width, ...out, inputs };
    },

    async evaluate({ split }) {
      requireIdle('evaluate');
      const current = requireModel();
      const { height, width } = inputSize(current);
      const { prepared, task } = requireData();
      const dataset = prepared.forModel(height, width, modelInput?.normalization);
      return evaluateSplit(current, dataset, splitOf(dataset, split), task, modelInput && { ...modelInput, stored: prepared.stored });
    },

    async augmentPreview(params) {
      requireBackend();
      const { prepared, task } = requireData();
      const dataset = prepared.stored;
      const split = params.split ?? 'train';
      const arrays = splitOf(dataset, split);
      assertIndices(split, params.indices, arrays.count);
      const result = await augmentPreview(arrays, dataset.height, dataset.width, task, { ...params, split });
      handOver(result.inputs, result.targets);
      return result;
    },

    async measureSpeed(params) {
      requireBackend();
      requireIdle('measure the speed');
      return measureSpeed(params);
    },

    async keepModel({ key, tag, dataset }) {
      requireIdle('keep the model');
      const current = requireModel();
      const store = requireModelStore();
      const task = requireData().task;
      const input = modelInput && { normalization: modelInput.normalization, inputUnits: modelInput.units };
      const files = await toLayersModelFiles(current, input ? { task, ...input } : undefined);
      const { height, width } = inputSize(current);
      const meta = { tag, task, height, width, dataset, savedAt: new Date().toISOString(), ...input };
      await store.put({ key, files, meta });
      return { ...meta, bytes: files.weights.byteLength };
    },

    async restoreModel({ key, tag }) {
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
      const saved = stored.meta.normalization ? stored.meta : readModelMetadata(stored.files.modelJson);
      modelInput = saved?.normalization ? { normalization: saved.normalization, units: saved.inputUnits ?? 'other' } : null;
      return { ...stored.meta, bytes: stored.files.weights.byteLength };
    },

    async forgetModel({ key }) {
      await requireModelStore().delete(key);
      return null;
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
      modelInput = null;
      data = null;
      return null;
    },
  };

  // Every request but dispose is refused once the engine is disposed.
  for (const name of Object.keys(engine) as (keyof EngineApi)[]) {
    if (name === 'dispose') continue;
    const method = engine[name] as (params: unknown, context?: CallContext) => Promise<unknown>;
    (engine as Record<string, unknown>)[name] = (params: unknown, context?: CallContext) => {
      if (disposed) return Promise.reject(new CourseError('The training engine was disposed.', 'Create a new training client.'));
      return method(params, context);
    };
  }
  return engine;
}
