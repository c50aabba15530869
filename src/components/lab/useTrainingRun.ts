/**
 * One panel's training run: prepares the engine and data, starts a run, turns its events into UI
 * state (progress, ETA, running curve, prediction frames, a polite per-epoch announcement) and
 * keeps the session's run record up to date, so curves survive a reload.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { TrainingRun } from '../../client/trainingClient';
import type { Task } from '../../lib/data/types';
import type { ErrorInfo } from '../../lib/errors';
import type { DisplaySlice, EpochRecord, TrainingEvent } from '../../lib/train/types';
import { formatDuration } from './defaults';
import { formatMetric, taskDescriptor, type MetricSpec } from '../../lib/tasks';
import { measurementsSettled } from './deviceSpeed';
import { remainingMs } from './runSeries';
import { pickDisplaySlices, spreadIndices, toRunConfig, type PanelSettings } from './runSettings';
import { activeRunId, dataset, modelRunId, type LabRun } from './page/signals';
import { asErrorInfo } from './page/errors';
import { dataUrl } from './page/urls';
import { getClient } from './page/engineStart';
import { ensureDataset } from './page/datasetLoading';
import { forgetRuns, saveRun } from './page/runHistory';
import { keepModel } from './page/keptModel';

export type LivePhase = 'preparing' | 'running' | 'pausing' | 'paused' | 'resuming' | 'stopping';

export interface LiveProgress {
  phase: LivePhase;
  /** What preparation is doing now. */
  message: string;
  /** 0-based epoch in progress and batches done in it. */
  epoch: number;
  epochs: number;
  batch: number;
  stepsPerEpoch: number;
  trainCount: number;
  etaMs: number | null;
  /** Running average of this epoch's batch losses so far. */
  partialRunning: number[];
}

export interface PredictionFrame {
  epoch: number;
  slices: DisplaySlice[];
}

export interface RunRequest {
  panel: string;
  lesson: string;
  label: string;
  task: Task;
  dataFile: string;
  settings: PanelSettings;
}

const GALLERY_SLICES = 3;
const MAX_FRAMES = 40;

/** "training loss 0.412, validation loss 0.398, validation Dice 0.731" */
function summarizeRecord(r: Pick<EpochRecord, 'trainLoss' | 'valLoss' | 'valMetric'>, spec: MetricSpec): string {
  const metric = Number.isFinite(r.valMetric) ? `, validation ${spec.short} ${formatMetric(spec, r.valMetric)}` : '';
  return `training loss ${r.trainLoss.toFixed(3)}, validation loss ${r.valLoss.toFixed(3)}${metric}`;
}

function describeEpoch(e: Extract<TrainingEvent, { type: 'epoch-end' }>, metric: MetricSpec, etaMs: number | null): string {
  const left = e.epoch + 1 < e.epochs && etaMs !== null ? ` About ${formatDuration(etaMs)} left.` : '';
  return `Epoch ${e.epoch + 1} of ${e.epochs} done: ${summarizeRecord(e, metric)}.${left}`;
}

/** The run state of one panel and its controls. */
export function useTrainingRun() {
  const [live, setLive] = useState<LiveProgress | null>(null);
  const [frames, setFrames] = useState<PredictionFrame[]>([]);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const [currentId, setCurrentId] = useState<string | null>(null);
  const handle = useRef<TrainingRun | null>(null);
  const unmounted = useRef(false);
  useEffect(() => () => { unmounted.current = true; }, []);

  const patch = (next: Partial<LiveProgress>) => setLive((old) => (old ? { ...old, ...next } : old));

  async function start(request: RunRequest): Promise<void> {
    if (activeRunId.value !== null) return;
    const id = `${request.panel}:${Date.now().toString(36)}`;
    activeRunId.value = id;
    setCurrentId(id);
    setError(null);
    setFrames([]);
    setAnnouncement('');
    setLive({ phase: 'preparing', message: 'Starting the training engine and loading the data…', epoch: 0, epochs: request.settings.epochs, batch: 0, stepsPerEpoch: 0, trainCount: 0, etaMs: null, partialRunning: [] });
    const metric = taskDescriptor(request.task).epochMetric;
    let record: LabRun | null = null;
    const save = (next: Partial<LabRun>) => {
      if (!record) return;
      record = { ...record, ...next };
      saveRun(record);
    };
    try {
      const summary = await ensureDataset({ url: dataUrl(request.dataFile) }, request.task);
      await measurementsSettled();
      patch({ message: 'Choosing validation slices to show after each epoch…' });
      const valCount = summary.splits.find((s) => s.split === 'val')?.count ?? 0;
      const candidates = spreadIndices(valCount, 12);
      const slices = candidates.length > 0 ? await getClient().getSlices('val', candidates) : null;
      const pixels = slices ? slices.height * slices.width : 0;
      const areas = candidates.map((index, i) => ({ index, area: slices ? slices.y.subarray(i * pixels, (i + 1) * pixels).reduce((a, b) => a + b, 0) : 0 }));
      const config = toRunConfig(request.settings, { task: request.task, displaySlices: pickDisplaySlices(areas, GALLERY_SLICES) });
      record = {
        id, label: request.label, model: config.model, config, status: 'running', backend: '', paramCount: 0, history: [],
        startedAt: new Date().toISOString(), dataset: request.dataFile, panel: request.panel,
      };
      saveRun(record);

      const history: EpochRecord[] = [];
      let partial: number[] = [];
      const batchMs: number[] = [];
      let lastMark = performance.now();
      let validationMs: number | null = null;
      let steps = 0;
      let epochs = config.epochs;

      const onEvent = (event: TrainingEvent) => {
        if (unmounted.current) return;
        const now = performance.now();
        switch (event.type) {
          case 'run-start':
            steps = event.stepsPerEpoch;
            epochs = event.config.epochs;
            lastMark = now;
            save({ backend: event.backend, paramCount: event.paramCount, config: { ...config, ...event.config } });
            patch({ phase: 'running', epochs, stepsPerEpoch: steps, trainCount: event.trainCount, epoch: event.startEpoch });
            setAnnouncement(`Training started: ${event.trainCount} training slices, ${epochs} ${epochs === 1 ? 'epoch' : 'epochs'} of ${steps} batches.`);
            break;
          case 'batch-end': {
            batchMs.push(now - lastMark);
            lastMark = now;
            partial = [...partial, event.runningLoss];
            const batchesLeft = (epochs - event.epoch) * steps - (event.batch + 1);
            const eta = remainingMs({ batchMs, validationMs, batchesLeft, validationsLeft: epochs - event.epoch });
            patch({ epoch: event.epoch, batch: event.batch + 1, partialRunning: partial, ...(eta !== null ? { etaMs: eta } : {}) });
            break;
          }
          case 'epoch-end': {
            validationMs = now - lastMark;
            lastMark = now;
            history.push({ epoch: event.epoch, trainLoss: event.trainLoss, valLoss: event.valLoss, metricName: event.metricName, valMetric: event.valMetric, durationMs: event.durationMs, runningLosses: partial });
            partial = [];
            save({ history: [...history] });
            patch({ epoch: event.epoch + 1, batch: 0, partialRunning: [], etaMs: event.etaMs });
            setAnnouncement(describeEpoch(event, metric, event.etaMs));
            break;
          }
          case 'predictions':
            setFrames((old) => {
              const next = [...old, { epoch: event.epoch, slices: event.slices }];
              // Keep the first epoch and the latest ones: enough to scrub through, bounded in memory.
              return next.length > MAX_FRAMES ? [next[0], ...next.slice(next.length - MAX_FRAMES + 1)] : next;
            });
            break;
          case 'paused':
            patch({ phase: 'paused' });
            setAnnouncement(`Paused in epoch ${event.epoch + 1}, after batch ${event.batch} of ${steps}.`);
            break;
          case 'resumed':
            // The pause is not training time.
            lastMark = now;
            patch({ phase: 'running' });
            setAnnouncement('Training resumed.');
            break;
          case 'run-end': {
            save({ history: event.history, status: event.stoppedEarly ? 'stopped' : 'completed' });
            const n = event.history.length;
            const last = event.history.at(-1);
            const numbers = last ? ` Last epoch: ${summarizeRecord(last, metric)}.` : '';
            setAnnouncement(event.stoppedEarly
              ? `Training stopped after ${n} complete ${n === 1 ? 'epoch' : 'epochs'}.${numbers}`
              : `Training finished: ${n} ${n === 1 ? 'epoch' : 'epochs'} in ${formatDuration(event.durationMs)}.${numbers}`);
            break;
          }
          default:
            break;
        }
      };

      // The subset size travels beside the config (TrainParams.trainLimit); the saved record keeps it for display.
      const { trainLimit, ...runConfig } = config;
      const run = getClient().train(runConfig, onEvent, trainLimit === undefined ? {} : { trainLimit });
      handle.current = run;
      await run.done;
      modelRunId.value = id;
      // Keep the weights in this browser so that a reload does not cost the learner their model.
      const data = dataset.value;
      void keepModel(id, data.state === 'ready' ? data.label : request.dataFile);
    } catch (thrown) {
      const info = asErrorInfo(thrown);
      // A run that failed before its first epoch leaves nothing worth keeping; a later failure keeps its curves.
      if (record && record.history.length > 0) save({ status: 'failed', error: info });
      else if (record) forgetRuns(id);
      if (modelRunId.value === id) modelRunId.value = null;
      if (!unmounted.current) {
        setError(info);
        setAnnouncement('');
      }
    } finally {
      handle.current = null;
      if (activeRunId.value === id) activeRunId.value = null;
      if (!unmounted.current) setLive(null);
    }
  }

  /** Sends a control to the engine; its failure (e.g. the run just ended) is shown, not thrown. */
  const control = (phase: LivePhase, action: (run: TrainingRun) => Promise<void>) => {
    const run = handle.current;
    if (!run) return;
    patch({ phase });
    action(run).catch((thrown: unknown) => setError(asErrorInfo(thrown)));
  };

  return {
    live,
    frames,
    error,
    announcement,
    currentId,
    start,
    pause: () => control('pausing', (run) => run.pause()),
    resume: () => control('resuming', (run) => run.resume()),
    stop: () => control('stopping', (run) => run.stop()),
    dismissError: () => setError(null),
  };
}
