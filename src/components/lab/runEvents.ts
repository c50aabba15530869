/**
 * What a panel shows of a training run, as a pure reducer over the engine's events: progress and
 * time left (the estimate fit emits), the epoch history with its running averages, the prediction
 * frames, a polite announcement per milestone, and what to save in the run's record.
 * No Preact, no engine (unit-tested in Node).
 */
import { formatMetric, type MetricSpec } from '../../lib/tasks';
import { formatDuration } from '../../lib/format';
import type { DisplaySlice, EpochRecord, RunConfig, TrainingEvent } from '../../lib/train/types';
import type { LabRun } from './page/signals';

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
  /** Milliseconds per training step measured in this run so far (warm-up left out), null until a few are timed. */
  msPerStep: number | null;
  /** Running average of this epoch's batch losses so far. */
  partialRunning: number[];
  /** Set while the run's latest checkpoint could not be stored: why a reload cannot resume it. */
  checkpointNotice: string | null;
}

export interface PredictionFrame {
  epoch: number;
  slices: DisplaySlice[];
}

/** A run as the panel follows it. */
export interface RunView {
  live: LiveProgress;
  /** Completed epochs, with the running averages of their batch losses. */
  history: EpochRecord[];
  frames: PredictionFrame[];
  announcement: string;
  /** The first epoch this engine run trains: later than 0 when it resumed a checkpoint. */
  startEpoch: number;
}

/** What the run's saved record should take from an event (null: nothing changes). */
export type RecordUpdate = Partial<Pick<LabRun, 'backend' | 'paramCount' | 'config' | 'history' | 'status'>> | null;

/** Frames kept: the first epoch and the latest ones, enough to scrub through, bounded in memory. */
export const MAX_FRAMES = 40;

/** A run that is preparing (engine start, data, display slices). */
export function preparingRun(epochs: number, message = 'Starting the training engine and loading the data…'): RunView {
  return {
    live: { phase: 'preparing', message, epoch: 0, epochs, batch: 0, stepsPerEpoch: 0, trainCount: 0, etaMs: null, msPerStep: null, partialRunning: [], checkpointNotice: null },
    history: [],
    frames: [],
    announcement: '',
    startEpoch: 0,
  };
}

const plural = (n: number, word: string) => `${n} ${n === 1 ? word : `${word}s`}`;

/** "training loss 0.412, validation loss 0.398, validation Dice 0.731" */
export function summarizeRecord(r: Pick<EpochRecord, 'trainLoss' | 'valLoss' | 'valMetric'>, metric: MetricSpec): string {
  const value = Number.isFinite(r.valMetric) ? `, validation ${metric.short} ${formatMetric(metric, r.valMetric)}` : '';
  return `training loss ${r.trainLoss.toFixed(3)}, validation loss ${r.valLoss.toFixed(3)}${value}`;
}

/**
 * What the panel says when a checkpoint could not be stored: the run goes on, a reload cannot
 * resume it from here, and why (from the storage error's DOMException name).
 */
export function checkpointNoticeFor(errorName: string): string {
  const why = errorName === 'QuotaExceededError'
    ? 'this browser’s storage for the course is full'
    : 'this browser does not let the page store data here (as in some private windows)';
  return `Training goes on, but it cannot be resumed after a reload: its progress could not be saved, because ${why}.`;
}

/** Time a run took over all its epochs: `durationMs` of this engine run plus the recorded durations of the epochs before `startEpoch` (a resumed run). */
export function totalDurationMs(history: readonly EpochRecord[], startEpoch: number, durationMs: number): number {
  return history.filter((r) => r.epoch < startEpoch).reduce((sum, r) => sum + r.durationMs, durationMs);
}

/** The next view of a run after one engine event, and what its record should save. */
export function reduceRunEvent(view: RunView, event: TrainingEvent, context: { metric: MetricSpec; config: RunConfig }): { view: RunView; save: RecordUpdate } {
  const live = view.live;
  switch (event.type) {
    case 'run-start': {
      const epochs = event.config.epochs;
      return {
        view: {
          ...view,
          live: { ...live, phase: 'running', epochs, stepsPerEpoch: event.stepsPerEpoch, trainCount: event.trainCount, epoch: event.startEpoch },
          startEpoch: event.startEpoch,
          announcement: `Training started: ${event.trainCount} training slices, ${plural(epochs, 'epoch')} of ${event.stepsPerEpoch} batches.`,
        },
        save: { backend: event.backend, paramCount: event.paramCount, config: { ...context.config, ...event.config } },
      };
    }
    case 'batch-end':
      return {
        view: { ...view, live: { ...live, epoch: event.epoch, batch: event.batch + 1, partialRunning: [...live.partialRunning, event.runningLoss], etaMs: event.etaMs ?? live.etaMs, msPerStep: event.msPerStep ?? live.msPerStep } },
        save: null,
      };
    case 'epoch-end': {
      const record: EpochRecord = {
        epoch: event.epoch, trainLoss: event.trainLoss, valLoss: event.valLoss, metricName: event.metricName, valMetric: event.valMetric,
        durationMs: event.durationMs, runningLosses: live.partialRunning,
      };
      const history = [...view.history, record];
      const left = event.epoch + 1 < event.epochs && event.etaMs !== null ? ` About ${formatDuration(event.etaMs)} left.` : '';
      return {
        view: {
          ...view,
          history,
          live: { ...live, epoch: event.epoch + 1, batch: 0, partialRunning: [], etaMs: event.etaMs, msPerStep: event.msPerStep ?? live.msPerStep },
          announcement: `Epoch ${event.epoch + 1} of ${event.epochs} done: ${summarizeRecord(event, context.metric)}.${left}`,
        },
        save: { history },
      };
    }
    case 'predictions': {
      const next = [...view.frames, { epoch: event.epoch, slices: event.slices }];
      return { view: { ...view, frames: next.length > MAX_FRAMES ? [next[0], ...next.slice(next.length - MAX_FRAMES + 1)] : next }, save: null };
    }
    case 'paused':
      return { view: { ...view, live: { ...live, phase: 'paused' }, announcement: `Paused in epoch ${event.epoch + 1}, after batch ${event.batch} of ${live.stepsPerEpoch}.` }, save: null };
    case 'resumed':
      return { view: { ...view, live: { ...live, phase: 'running' }, announcement: 'Training resumed.' }, save: null };
    case 'checkpoint-failed': {
      const notice = checkpointNoticeFor(event.errorName);
      // Announced once: later failures of the same kind change nothing.
      if (live.checkpointNotice === notice) return { view, save: null };
      return { view: { ...view, live: { ...live, checkpointNotice: notice }, announcement: notice }, save: null };
    }
    case 'checkpoint-saved':
      // A later epoch was stored after all: a reload resumes from it.
      return live.checkpointNotice === null ? { view, save: null } : { view: { ...view, live: { ...live, checkpointNotice: null } }, save: null };
    case 'run-end': {
      const n = event.history.length;
      const last = event.history.at(-1);
      const numbers = last ? ` Last epoch: ${summarizeRecord(last, context.metric)}.` : '';
      return {
        view: {
          ...view,
          announcement: event.stoppedEarly
            ? `Training stopped after ${n} complete ${n === 1 ? 'epoch' : 'epochs'}.${numbers}`
            : `Training finished: ${plural(n, 'epoch')} in ${formatDuration(totalDurationMs(event.history, view.startEpoch, event.durationMs))}.${numbers}`,
        },
        save: { history: event.history, status: event.stoppedEarly ? 'stopped' : 'completed' },
      };
    }
    default:
      return { view, save: null };
  }
}
