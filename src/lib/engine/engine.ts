/**
 * The training engine: TensorFlow.js, h5wasm, the models and the fit loop behind one plain object
 * with a method per request (see protocol.ts). The worker entry and the main-thread host wrap it in
 * a dispatcher; Node scripts and tests call it directly.
 */
import { CourseError } from '../errors';
import type { WasmPaths } from '../train/backend';
import type { ModelStore } from '../train/modelStore';
import type { RunCheckpointStore } from './runCheckpoints';
import type { CallContext, EngineApi } from './protocol';
import { EngineState } from './engineState';
import { datasetMethods } from './datasetMethods';
import { runMethods } from './runMethods';
import { modelMethods } from './modelMethods';
import { volumeMethods } from './volumeMethods';
import { predictVolumeMethods } from './predictVolumeMethod';
import { inspectMethods } from './inspectMethods';
import { withFeatureMaps } from './featureMapMethods';
import { uncertaintyMethods } from './uncertaintyMethod';
import { shiftCurveMethods } from './shiftCurveMethod';

/** What the engine needs from where it runs. */
export interface EngineOptions {
  /** Diagnostics (which backends were tried, and why). */
  log?: (message: string) => void;
  /** URLs of the wasm binaries (bundled by Vite); omit in Node. */
  wasmPaths?: WasmPaths;
  /** Where trained models are kept between visits; default IndexedDB where it exists, else none. */
  modelStore?: ModelStore;
  /** Where unfinished runs' checkpoints are kept; default IndexedDB where it exists, else memory. */
  checkpointStore?: RunCheckpointStore;
  /** Largest dataset loadDataset and inspectDataset accept, in bytes of float32 arrays (and of the file); default 512 MiB. */
  maxDatasetBytes?: number;
  /** Largest scan importVolumes reads, in bytes of its float32 voxels (and of the import's working arrays); default 1 GiB. */
  maxVolumeBytes?: number;
}

/**
 * Creates the training engine: its state (backend, dataset, model, the current run) and one method
 * per request of the protocol. The same object runs in Node, behind the worker's dispatcher and on
 * the page's thread. Arrays in results are new and handed over to the caller.
 */
export function createEngine(options: EngineOptions = {}): EngineApi {
  const state = new EngineState(options.modelStore, options.checkpointStore);
  let disposed = false;
  const methods: Omit<EngineApi, 'dispose'> = { ...datasetMethods(state, options), ...withFeatureMaps(state, runMethods(state, options)), ...modelMethods(state), ...volumeMethods(options), ...predictVolumeMethods(state, options), ...inspectMethods(state), ...uncertaintyMethods(state), ...shiftCurveMethods(state) };
  // Every request but dispose is refused once the engine is disposed.
  const guarded = Object.fromEntries(
    Object.entries(methods).map(([name, method]) => [
      name,
      (params: unknown, context?: CallContext) => disposed
        ? Promise.reject(new CourseError('The training engine was disposed.', 'Create a new training client.'))
        : (method as (params: unknown, context?: CallContext) => Promise<unknown>)(params, context),
    ]),
  ) as Omit<EngineApi, 'dispose'>;
  return {
    ...guarded,
    async dispose() {
      disposed = true;
      const { run } = state;
      if (run) {
        run.abort.abort();
        run.pause.resume();
        // fit still holds the model until its next batch boundary.
        await run.finished;
      }
      state.replaceModel(null, null);
      state.data = null;
      return null;
    },
  };
}
