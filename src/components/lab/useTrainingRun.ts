/**
 * One panel's training run: prepares the engine and data, starts a run, folds its events into UI
 * state with the pure reducer in ./runEvents, and keeps the session's run record up to date, so
 * curves survive a reload. The engine keeps a checkpoint after every epoch (keyed by the panel):
 * a run cut short by a reload is offered for resuming, and one stopped by a lost GPU device can
 * continue on WebAssembly from its last completed epoch. A run training in another tab of the
 * lesson is not offered: the tab holding it says so (src/client/liveRuns.ts).
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { TrainingRun } from '../../client/trainingClient';
import type { UnfinishedRun } from '../../lib/engine/protocol';
import type { Task } from '../../lib/data/types';
import { CourseError, type ErrorInfo } from '../../lib/errors';
import type { TrainingEvent } from '../../lib/train/types';
import { taskDescriptor } from '../../lib/tasks';
import { measurementsSettled } from './deviceSpeed';
import { preparingRun, reduceRunEvent, type LiveProgress, type LivePhase, type RunView } from './runEvents';
import { toRunConfig, type PanelSettings } from './runSettings';
import { activeRunId, dataset, engine, modelRunId, runs, type LabRun, type RunEnvironment } from './page/signals';
import { version as courseVersion } from '../../../package.json';
import { asErrorInfo } from './page/errors';
import { dataUrl } from './page/urls';
import { getClient, switchBackend } from './page/engineStart';
import { liveRuns } from '../../client/liveRuns';
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


/** Versions, backend and device of this page's engine, for the run's record. */
function environmentOf(report: { tfjsVersion: string; backend: string; threads: number; wasmSimd: boolean | null }): RunEnvironment {
  return {
    course: courseVersion, tfjs: report.tfjsVersion, backend: report.backend, threads: report.threads, wasmSimd: report.wasmSimd,
    userAgent: navigator.userAgent, cores: navigator.hardwareConcurrency ?? 0,
  };
}

/** An unfinished run the panel found, and whether it is still training in another tab (then it is not to be resumed here). */
export type OfferedRun = UnfinishedRun & { liveInAnotherTab?: boolean };

/** A run stopped by a lost GPU device: what to continue on WebAssembly (its checkpoint, if an epoch completed). */
export interface LostRun {
  request: RunRequest;
  unfinished: UnfinishedRun | null;
}

/** The run state of panel `panel` and its controls. */
export function useTrainingRun(panel: string) {
  const [view, setView] = useState<RunView | null>(null);
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [unfinished, setUnfinished] = useState<OfferedRun | null>(null);
  // Bumped when a run this panel found live in another tab ends there: look again.
  const [recheck, setRecheck] = useState(0);
  const [lost, setLost] = useState<LostRun | null>(null);
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

  // A run of this panel that a reload (or a lost device, then a reload) cut short, kept by the engine.
  const ready = engine.value.state === 'ready';
  useEffect(() => {
    if (!ready || running || activeRunId.value !== null) return;
    let cancelled = false;
    let stopWatching = () => undefined as void;
    getClient().unfinishedRuns({ key: panel }).then(
      async ([found]) => {
        // Every tab's engine keeps its checkpoints in the same storage: this one may be another tab's live run.
        const elsewhere = found ? await liveRuns().isLiveElsewhere(panel) : false;
        if (cancelled || unmounted.current || activeRunId.value !== null) return;
        setUnfinished(found ? { ...found, liveInAnotherTab: elsewhere } : null);
        if (elsewhere) stopWatching = liveRuns().watchEnd(panel, () => setRecheck((n) => n + 1));
      },
      () => undefined, // no storage: nothing was kept
    );
    return () => {
      cancelled = true;
      stopWatching();
    };
  }, [ready, panel, recheck]);

  const show = (next: RunView) => {
    current.current = next;
    if (!unmounted.current) setView(next);
  };
  const patchLive = (next: Partial<LiveProgress>) => {
    if (current.current) show({ ...current.current, live: { ...current.current.live, ...next } });
  };

  /** Starts a new run, or (with `resume`) continues an unfinished one from its last completed epoch. */
  async function start(request: RunRequest, resume?: UnfinishedRun): Promise<void> {
    if (activeRunId.value !== null) return;
    const id = resume?.run.id ?? `${request.panel}:${Date.now().toString(36)}`;
    activeRunId.value = id;
    // Other tabs of the lesson see this panel's run as live (and do not offer its checkpoint) until it ends here.
    const releaseLive = liveRuns().hold(panel);
    setCurrentId(id);
    setError(null);
    setLost(null);
    setUnfinished(null);
    setRunning(true);
    const preparing = preparingRun(resume?.config.epochs ?? request.settings.epochs);
    // A resumed run shows its completed epochs at once: the curves continue where they stopped.
    show(resume ? { ...preparing, history: resume.history, live: { ...preparing.live, epoch: resume.epochsCompleted } } : preparing);
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
      const config = resume?.config ?? toRunConfig(request.settings, { task: request.task, displaySlices: summary.gallerySlices });
      const loaded = dataset.value;
      const data = { name: loaded.state === 'ready' ? loaded.label : request.dataFile, ...(loaded.state === 'ready' && loaded.sha256 ? { sha256: loaded.sha256 } : {}) };
      if (resume) assertSameFile(resume, data);
      const earlier = resume ? runs.value.find((r) => r.id === id) : undefined;
      record = {
        ...earlier,
        id, label: resume?.run.label ?? request.label, model: config.model, config, status: 'running', backend: earlier?.backend ?? '', paramCount: earlier?.paramCount ?? 0,
        history: resume?.history ?? [], startedAt: resume?.run.startedAt ?? new Date().toISOString(), dataset: data.name, panel: request.panel,
      };
      delete record.error;
      if (data.sha256) record.dataSha256 = data.sha256;
      const report = engine.value.state === 'ready' ? engine.value.report : null;
      if (report) record.environment = environmentOf(report);
      saveRun(record);

      const onEvent = (event: TrainingEvent) => {
        if (unmounted.current || !current.current) return;
        const next = reduceRunEvent(current.current, event, { metric, config });
        show(next.view);
        if (next.save) save(next.save);
      };

      const keep = { key: panel, run: { id, label: record.label, startedAt: record.startedAt }, dataset: data };
      const run = getClient().train({ config, keep, ...(resume ? { resumeKey: panel } : {}) }, onEvent);
      handle.current = run;
      const result = await run.done;
      // Keep the weights in this browser so that a reload does not cost the learner their model. Kept
      // before the model is shown as the page's: until then the run counts as active (a reload warns),
      // so a reload right after the model appears in evaluation finds it kept.
      const now = dataset.value;
      await keepModel(id, now.state === 'ready' ? now.label : request.dataFile);
      modelRunId.value = id;
      // A demo counts as completed when its run trained every epoch (learning progress, src/scripts/progress.ts).
      if (!result.stoppedEarly) window.dispatchEvent(new CustomEvent('course:demo-completed', { detail: { lesson: request.lesson, panel: request.panel } }));
    } catch (thrown) {
      const info = asErrorInfo(thrown);
      // A run that failed before its first epoch leaves nothing worth keeping; a later failure keeps its curves.
      if (record && record.history.length > 0) save({ status: 'failed', error: info });
      else if (record) forgetRuns(id);
      if (modelRunId.value === id) modelRunId.value = null;
      if (!unmounted.current) setError(info);
      if (current.current) show({ ...current.current, announcement: '' });
      // The GPU went away: offer to continue on WebAssembly, from the checkpoint of the last completed epoch if there is one.
      if (info.name === 'DeviceLostError') {
        const kept = await getClient().unfinishedRuns({ key: panel }).catch(() => []);
        const mine = kept.find((u) => u.run.id === id) ?? null;
        if (!unmounted.current) setLost({ request, unfinished: mine && mine.epochsCompleted > 0 ? mine : null });
      }
    } finally {
      releaseLive();
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

  /** After a lost device: switch the engine to WebAssembly, then continue the run (or start it again when no epoch completed). */
  async function continueOnWasm(): Promise<void> {
    if (!lost || activeRunId.value !== null) return;
    const { request, unfinished: from } = lost;
    setLost(null);
    setError(null);
    try {
      await switchBackend('wasm');
    } catch (thrown) {
      setLost({ request, unfinished: from });
      setError(asErrorInfo(thrown));
      return;
    }
    await start(request, from ?? undefined);
  }

  /** Forgets the unfinished run this panel offered to resume (its curves stay in the run list). */
  async function discard(): Promise<void> {
    const offered = unfinished;
    // Another tab's live run is that tab's to stop.
    if (!offered || offered.liveInAnotherTab) return;
    try {
      // The offer goes once the engine has removed the checkpoint, so a reload right after cannot bring it back.
      await getClient().discardRun({ key: offered.key });
      if (!unmounted.current) setUnfinished(null);
    } catch (thrown) {
      setError(asErrorInfo(thrown));
    }
  }

  return {
    live: running && view ? view.live : null,
    unfinished: running ? null : unfinished,
    lost: running ? null : lost,
    continueOnWasm,
    discard,
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

/** Refuses to resume on another file than the run trained on (the learner's own file must be loaded again). */
function assertSameFile(resume: UnfinishedRun, data: { name: string; sha256?: string }): void {
  const saved = resume.dataset;
  if (saved.sha256 && data.sha256 && saved.sha256 !== data.sha256) {
    throw new CourseError(
      `“${resume.run.label}” trained on ${saved.name}, but the data loaded now is ${data.name}${saved.name === data.name ? ' with other contents' : ''}.`,
      `Load ${saved.name} again (the same file) with “Use your own HDF5 file” in the data explorer, then resume; or discard the unfinished run.`,
    );
  }
}

export type { LiveProgress, LivePhase, PredictionFrame } from './runEvents';
