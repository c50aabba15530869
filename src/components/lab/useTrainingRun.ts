/**
 * One panel's training run: prepares the engine and data, starts a run, folds its events into UI
 * state with the pure reducer in ./runEvents, and keeps the session's run record up to date, so
 * curves survive a reload.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { TrainingRun } from '../../client/trainingClient';
import type { Task } from '../../lib/data/types';
import type { ErrorInfo } from '../../lib/errors';
import type { TrainingEvent } from '../../lib/train/types';
import { taskDescriptor } from '../../lib/tasks';
import { measurementsSettled } from './deviceSpeed';
import { preparingRun, reduceRunEvent, type LiveProgress, type LivePhase, type RunView } from './runEvents';
import { pickDisplaySlices, spreadIndices, toRunConfig, type PanelSettings } from './runSettings';
import { activeRunId, dataset, engine, modelRunId, type LabRun, type RunEnvironment } from './page/signals';
import { version as courseVersion } from '../../../package.json';
import { asErrorInfo } from './page/errors';
import { dataUrl } from './page/urls';
import { getClient } from './page/engineStart';
import { ensureCourseFile } from './page/datasetLoading';
import { forgetRuns, saveRun } from './page/runHistory';
import { keepModel } from './page/keptModel';

export interface RunRequest {
  panel: string;
  lesson: string;
  label: string;
  task: Task;
  dataFile: string;
  settings: PanelSettings;
}

const GALLERY_SLICES = 3;

/** Versions, backend and device of this page's engine, for the run's record. */
function environmentOf(report: { tfjsVersion: string; backend: string; threads: number; wasmSimd: boolean | null }): RunEnvironment {
  return {
    course: courseVersion, tfjs: report.tfjsVersion, backend: report.backend, threads: report.threads, wasmSimd: report.wasmSimd,
    userAgent: navigator.userAgent, cores: navigator.hardwareConcurrency ?? 0,
  };
}

/** The run state of one panel and its controls. */
export function useTrainingRun() {
  const [view, setView] = useState<RunView | null>(null);
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [currentId, setCurrentId] = useState<string | null>(null);
  const handle = useRef<TrainingRun | null>(null);
  const current = useRef<RunView | null>(null);
  const unmounted = useRef(false);
  useEffect(() => () => { unmounted.current = true; }, []);
  // Leaving or reloading during a run loses the epoch in progress: the browser asks the learner first.
  useEffect(() => {
    if (!running) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [running]);

  const show = (next: RunView) => {
    current.current = next;
    if (!unmounted.current) setView(next);
  };
  const patchLive = (next: Partial<LiveProgress>) => {
    if (current.current) show({ ...current.current, live: { ...current.current.live, ...next } });
  };

  async function start(request: RunRequest): Promise<void> {
    if (activeRunId.value !== null) return;
    const id = `${request.panel}:${Date.now().toString(36)}`;
    activeRunId.value = id;
    setCurrentId(id);
    setError(null);
    setRunning(true);
    show(preparingRun(request.settings.epochs));
    const metric = taskDescriptor(request.task).epochMetric;
    let record: LabRun | null = null;
    const save = (next: Partial<LabRun>) => {
      if (!record) return;
      record = { ...record, ...next };
      saveRun(record);
    };
    try {
      const summary = await ensureCourseFile(dataUrl(request.dataFile), request.task);
      await measurementsSettled();
      patchLive({ message: 'Choosing validation slices to show after each epoch…' });
      const valCount = summary.splits.find((s) => s.split === 'val')?.count ?? 0;
      const candidates = spreadIndices(valCount, 12);
      const slices = candidates.length > 0 ? await getClient().getSlices({ split: 'val', indices: candidates }) : null;
      const pixels = slices ? slices.height * slices.width : 0;
      const areas = candidates.map((index, i) => ({ index, area: slices ? slices.y.subarray(i * pixels, (i + 1) * pixels).reduce((a, b) => a + b, 0) : 0 }));
      const config = toRunConfig(request.settings, { task: request.task, displaySlices: pickDisplaySlices(areas, GALLERY_SLICES) });
      record = {
        id, label: request.label, model: config.model, config, status: 'running', backend: '', paramCount: 0, history: [],
        startedAt: new Date().toISOString(), dataset: request.dataFile, panel: request.panel,
      };
      const loaded = dataset.value;
      if (loaded.state === 'ready') {
        record.dataset = loaded.label;
        if (loaded.sha256) record.dataSha256 = loaded.sha256;
      }
      const report = engine.value.state === 'ready' ? engine.value.report : null;
      if (report) record.environment = environmentOf(report);
      saveRun(record);

      const onEvent = (event: TrainingEvent) => {
        if (unmounted.current || !current.current) return;
        const next = reduceRunEvent(current.current, event, { metric, config });
        show(next.view);
        if (next.save) save(next.save);
      };

      const run = getClient().train({ config }, onEvent);
      handle.current = run;
      const result = await run.done;
      modelRunId.value = id;
      // A demo counts as completed when its run trained every epoch (learning progress, src/scripts/progress.ts).
      if (!result.stoppedEarly) window.dispatchEvent(new CustomEvent('course:demo-completed', { detail: { lesson: request.lesson, panel: request.panel } }));
      // Keep the weights in this browser so that a reload does not cost the learner their model.
      const data = dataset.value;
      void keepModel(id, data.state === 'ready' ? data.label : request.dataFile);
    } catch (thrown) {
      const info = asErrorInfo(thrown);
      // A run that failed before its first epoch leaves nothing worth keeping; a later failure keeps its curves.
      if (record && record.history.length > 0) save({ status: 'failed', error: info });
      else if (record) forgetRuns(id);
      if (modelRunId.value === id) modelRunId.value = null;
      if (!unmounted.current) setError(info);
      if (current.current) show({ ...current.current, announcement: '' });
    } finally {
      handle.current = null;
      if (activeRunId.value === id) activeRunId.value = null;
      if (!unmounted.current) setRunning(false);
    }
  }

  /** Sends a control to the engine; its failure (e.g. the run just ended) is shown, not thrown. */
  const control = (phase: LivePhase, action: (run: TrainingRun) => Promise<void>) => {
    const run = handle.current;
    if (!run) return;
    patchLive({ phase });
    action(run).catch((thrown: unknown) => setError(asErrorInfo(thrown)));
  };

  return {
    live: running && view ? view.live : null,
    frames: view?.frames ?? [],
    error,
    announcement: view?.announcement ?? '',
    currentId,
    start,
    pause: () => control('pausing', (run) => run.pause()),
    resume: () => control('resuming', (run) => run.resume()),
    stop: () => control('stopping', (run) => run.stop()),
    dismissError: () => setError(null),
  };
}

export type { LiveProgress, LivePhase, PredictionFrame } from './runEvents';
