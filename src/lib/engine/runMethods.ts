import { CourseError, SettingsError } from '../errors';
import type { LessonDataset } from '../data/types';
import { unitsOfDataset } from '../data/inputUnits';
import { DeviceLostError } from '../train/deviceLoss';
import { setupBackend, type WasmPaths } from '../train/backend';
import { buildRunModel } from '../train/buildRunModel';
import { createPauseController } from '../train/pauseController';
import { fit } from '../train/fit';
import { summarizeModel } from '../models/summary';
import type { EngineApi } from './protocol';
import type { EngineState, Run } from './engineState';
import { measureSpeed } from './measureSpeed';
import { taskDescriptor } from '../tasks';
import { assertSameDataset, datasetFingerprint, keepingStore, toUnfinishedRun, type KeepCheckpoints, type RunCheckpoint } from './runCheckpoints';

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** The requests about the backend and training: set up, build, train, pause, resume, stop, time. */
export function runMethods(
  state: EngineState,
  options: { wasmPaths?: WasmPaths; log?: (message: string) => void },
): Pick<EngineApi, 'init' | 'buildModel' | 'train' | 'pause' | 'resume' | 'stop' | 'measureSpeed' | 'unfinishedRuns' | 'discardRun'> {
  let nextRunId = 1;
  const log = (message: string) => options.log?.(message);
  const fingerprints = new WeakMap<LessonDataset, string>();
  const fingerprintOf = (dataset: LessonDataset) => {
    const known = fingerprints.get(dataset) ?? datasetFingerprint(dataset);
    fingerprints.set(dataset, known);
    return known;
  };
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
      const built = buildRunModel(config, taskDescriptor(config.task));
      try {
        return summarizeModel(built);
      } finally {
        built.dispose();
      }
    },

    async train({ config: requested, keep: keepParam, resumeKey, resumeWith }, context) {
      const id = context?.requestId ?? nextRunId++;
      const backend = state.requireBackend();
      state.requireIdle('start another run');
      const { prepared } = state.requireData();
      const fingerprint = fingerprintOf(prepared.stored);
      let resumeFrom: RunCheckpoint | undefined;
      let keep: KeepCheckpoints | undefined = keepParam;
      if (resumeKey !== undefined) {
        resumeFrom = await state.runCheckpoints().get(resumeKey);
        if (!resumeFrom) throw new CourseError('There is no unfinished run to resume: it finished or was discarded.', 'Start the run again.');
        assertSameDataset(resumeFrom.dataset, { ...(keep?.dataset ?? { name: 'the data loaded now' }), fingerprint });
        keep ??= { key: resumeFrom.key, run: resumeFrom.run, dataset: resumeFrom.dataset };
        // The checkpoint was read across an await: another run may have started meanwhile.
        state.requireIdle('start another run');
      } else if (keep) {
        // A new run under this key abandons the old unfinished one at once (a reload now must not offer it).
        // Storage that refuses (blocked, as in some private windows) does not stop the run: its first checkpoint reports it.
        await state.runCheckpoints().delete(keep.key).catch((error: unknown) => log(`The earlier unfinished run could not be removed (${messageOf(error)}).`));
        state.requireIdle('start another run');
      }
      // A resumed run continues with its own settings (seed, normalisation with its statistics, subset, epochs), or the caller's when asked.
      const kept = resumeFrom && resumeWith !== 'config' ? resumeFrom : undefined;
      const config = kept ? structuredClone(kept.config) : requested;
      const dataset = prepared.forRun({ height: config.height, width: config.width, normalization: config.normalization, trainLimit: config.trainLimit });
      const input = { normalization: prepared.normalizationOfLastRun()!, units: unitsOfDataset(prepared.stored).units };
      const task = taskDescriptor(config.task);
      const model = buildRunModel(config, task);
      state.replaceModel(model, input);
      const abort = new AbortController();
      const pause = createPauseController();
      const store = keep ? state.runCheckpoints() : null;
      const fitting = fit({
        model,
        task,
        dataset,
        // The run's record (and its checkpoints) name the normalisation it trained with.
        config: { ...config, normalization: input.normalization },
        backend: backend.backend,
        // Events are structured-cloned, not transferred: their arrays may be views the run still uses.
        onEvent: (event) => {
          if (event.type === 'checkpoint-failed') log(`A checkpoint could not be kept (${event.message}); the run goes on, but cannot be resumed after a reload.`);
          context?.onEvent?.(event);
        },
        signal: abort.signal,
        pauseController: pause,
        ...(store && keep ? { checkpointStore: keepingStore(store, keep, { ...keep.dataset, fingerprint }, backend.backend), checkpointKey: keep.key } : {}),
        ...(resumeFrom ? { resumeFrom } : {}),
      });
      const current: Run = { id, abort, pause, finished: fitting.catch(() => undefined), ...(keep ? { keepKey: keep.key } : {}) };
      state.run = current;
      try {
        const result = await fitting;
        // Completed, or stopped by the learner: nothing is left to resume. (A disposed engine keeps it.)
        // Storage failing now does not undo a finished run.
        if (store && keep && !keep.keepAfterRun && (!result.stoppedEarly || current.stopRequested)) {
          await store.delete(keep.key).catch((error: unknown) => log(`The finished run's checkpoint could not be removed (${messageOf(error)}).`));
        }
        return result;
      } catch (error) {
        // A lost device keeps the last completed epoch, to continue on another backend; other failures leave nothing to resume.
        if (store && keep && !keep.keepAfterRun && !(error instanceof DeviceLostError)) await store.delete(keep.key).catch(() => undefined);
        throw error;
      } finally {
        if (state.run === current) state.run = null;
      }
    },

    async unfinishedRuns({ key }) {
      const store = state.runCheckpoints();
      const records = key === undefined ? await store.list() : [await store.get(key)].filter((r): r is RunCheckpoint => r !== undefined);
      return records.map(toUnfinishedRun);
    },

    async discardRun({ key }) {
      if (state.run?.keepKey === key) throw new SettingsError('That run is training now.', 'Stop it first; a stopped run leaves nothing to discard.');
      await state.runCheckpoints().delete(key);
      return null;
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
      current.stopRequested = true;
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
