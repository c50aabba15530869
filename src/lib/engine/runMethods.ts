import { unitsOfDataset } from '../data/normalize';
import { setupBackend, type WasmPaths } from '../train/backend';
import { buildRunModel } from '../train/buildRunModel';
import { createPauseController } from '../train/pauseController';
import { fit } from '../train/fit';
import { summarizeModel } from '../models/summary';
import type { EngineApi } from './protocol';
import type { EngineState, Run } from './engineState';
import { measureSpeed } from './measureSpeed';

/** The requests about the backend and training: set up, build, train, pause, resume, stop, time. */
export function runMethods(
  state: EngineState,
  options: { wasmPaths?: WasmPaths; log?: (message: string) => void },
): Pick<EngineApi, 'init' | 'buildModel' | 'train' | 'pause' | 'resume' | 'stop' | 'measureSpeed'> {
  let nextRunId = 1;
  return {
    async init(params) {
      state.requireIdle('change the backend');
      state.backend = await setupBackend({
        preferred: params.backend,
        capabilities: params.capabilities,
        threads: params.threads,
        wasmPaths: options.wasmPaths,
        onLog: options.log,
      });
      return state.backend;
    },

    async buildModel({ config }) {
      state.requireBackend();
      state.requireIdle('build a model');
      // Only for its summary: the trained model (if any) stays in place for predictions and evaluation.
      const built = buildRunModel(config);
      try {
        return summarizeModel(built);
      } finally {
        built.dispose();
      }
    },

    async train({ config, normalization }, context) {
      const id = context?.requestId ?? nextRunId++;
      const backend = state.requireBackend();
      state.requireIdle('start another run');
      const { prepared } = state.requireData();
      const dataset = prepared.forRun({ height: config.height, width: config.width, normalization: normalization ?? config.normalization, trainLimit: config.trainLimit });
      const input = { normalization: prepared.normalizationOfLastRun()!, units: unitsOfDataset(prepared.stored).units };
      const model = buildRunModel(config);
      state.replaceModel(model, input);
      const abort = new AbortController();
      const pause = createPauseController();
      const fitting = fit({
        model,
        dataset,
        // The run's record (and its checkpoints) name the normalisation it trained with.
        config: { ...config, normalization: input.normalization },
        backend: backend.backend,
        // Events are structured-cloned, not transferred: their arrays may be views the run still uses.
        onEvent: context?.onEvent,
        signal: abort.signal,
        pauseController: pause,
      });
      const current: Run = { id, abort, pause, finished: fitting.catch(() => undefined) };
      state.run = current;
      try {
        return await fitting;
      } finally {
        if (state.run === current) state.run = null;
      }
    },

    async pause({ runId }) {
      state.requireRun(runId).pause.pause();
      return null;
    },

    async resume({ runId }) {
      state.requireRun(runId).pause.resume();
      return null;
    },

    async stop({ runId }) {
      const current = state.requireRun(runId);
      current.abort.abort();
      // A paused run must wake up to notice the stop.
      current.pause.resume();
      return null;
    },

    async measureSpeed(params) {
      state.requireBackend();
      state.requireIdle('measure the speed');
      return measureSpeed(params);
    },
  };
}
