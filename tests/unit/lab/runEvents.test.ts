import { describe, expect, it } from 'vitest';
import { MAX_FRAMES, checkpointNoticeFor, preparingRun, reduceRunEvent, summarizeRecord, totalDurationMs, type RunView } from '../../../src/components/lab/runEvents';
import { METRICS, createRunConfig } from '../../../src/lib/tasks';
import type { TrainingEvent } from '../../../src/lib/train/types';

const config = createRunConfig('segmentation', { epochs: 2 });
const context = { metric: METRICS.hardDice, config };

/** Folds events into a view, collecting what the record should save. */
function fold(events: TrainingEvent[], start: RunView = preparingRun(2)) {
  const saves: unknown[] = [];
  let view = start;
  for (const e of events) {
    const next = reduceRunEvent(view, e, context);
    view = next.view;
    if (next.save) saves.push(next.save);
  }
  return { view, saves };
}

const runStart: TrainingEvent = { type: 'run-start', backend: 'wasm', paramCount: 190_771, config, stepsPerEpoch: 2, trainCount: 8, valCount: 4, startEpoch: 0 };
const batch = (epoch: number, b: number, runningLoss: number, etaMs: number | null): TrainingEvent => ({ type: 'batch-end', epoch, batch: b, stepsPerEpoch: 2, loss: runningLoss, runningLoss, etaMs });
const epochEnd = (epoch: number, etaMs: number | null): TrainingEvent => ({ type: 'epoch-end', epoch, epochs: 2, trainLoss: 0.5, valLoss: 0.4, metricName: 'hardDice', valMetric: 0.71234, durationMs: 1000, etaMs });

describe('reduceRunEvent', () => {
  it('starts running and saves backend, parameters and config on run-start', () => {
    const { view, saves } = fold([runStart]);
    expect(view.live).toMatchObject({ phase: 'running', epochs: 2, stepsPerEpoch: 2, trainCount: 8, epoch: 0 });
    expect(view.announcement).toBe('Training started: 8 training slices, 2 epochs of 2 batches.');
    expect(saves).toEqual([{ backend: 'wasm', paramCount: 190_771, config }]);
  });

  it('shows the time left that fit estimates, keeping the last one while a batch has none', () => {
    const { view } = fold([runStart, batch(0, 0, 0.9, null), batch(0, 1, 0.8, 4000)]);
    expect(view.live).toMatchObject({ batch: 2, etaMs: 4000, partialRunning: [0.9, 0.8] });
    expect(fold([runStart, batch(0, 0, 0.9, 4000), batch(0, 1, 0.8, null)]).view.live.etaMs).toBe(4000);
  });

  it('turns an epoch into a history record with its running averages, saves it and announces it', () => {
    const { view, saves } = fold([runStart, batch(0, 0, 0.9, null), batch(0, 1, 0.8, 3000), epochEnd(0, 2500)]);
    expect(view.history).toEqual([{ epoch: 0, trainLoss: 0.5, valLoss: 0.4, metricName: 'hardDice', valMetric: 0.71234, durationMs: 1000, runningLosses: [0.9, 0.8] }]);
    expect(view.live).toMatchObject({ epoch: 1, batch: 0, partialRunning: [], etaMs: 2500 });
    expect(view.announcement).toBe('Epoch 1 of 2 done: training loss 0.500, validation loss 0.400, validation Dice 0.712. About 3 s left.');
    expect(saves.at(-1)).toEqual({ history: view.history });
  });

  it('prints the metric the task reports, with its own decimals', () => {
    expect(summarizeRecord({ trainLoss: 0.05, valLoss: 0.04, valMetric: 0.01234 }, METRICS.mae)).toBe('training loss 0.050, validation loss 0.040, validation MAE 0.0123');
    expect(summarizeRecord({ trainLoss: 0.05, valLoss: Number.NaN, valMetric: Number.NaN }, METRICS.mae)).toBe('training loss 0.050, validation loss NaN');
  });

  it('keeps the first and the latest prediction frames', () => {
    const frames: TrainingEvent[] = Array.from({ length: MAX_FRAMES + 5 }, (_, epoch) => ({ type: 'predictions', epoch, slices: [] }));
    const { view } = fold(frames);
    expect(view.frames).toHaveLength(MAX_FRAMES);
    expect(view.frames[0].epoch).toBe(0);
    expect(view.frames.at(-1)!.epoch).toBe(MAX_FRAMES + 4);
    expect(view.frames[1].epoch).toBe(6);
  });

  it('pauses, resumes and ends with a record status and a closing sentence', () => {
    const paused = fold([runStart, { type: 'paused', epoch: 0, batch: 1 }]).view;
    expect(paused.live.phase).toBe('paused');
    expect(paused.announcement).toBe('Paused in epoch 1, after batch 1 of 2.');
    expect(fold([{ type: 'resumed', epoch: 0, batch: 1 }], paused).view.live.phase).toBe('running');
    const history = fold([runStart, epochEnd(0, 0)]).view.history;
    const stopped = fold([{ type: 'run-end', history, stoppedEarly: true, reason: 'aborted', durationMs: 5000 }]);
    expect(stopped.saves).toEqual([{ history, status: 'stopped' }]);
    expect(stopped.view.announcement).toMatch(/^Training stopped after 1 complete epoch\. Last epoch: training loss 0\.500/);
    const done = fold([{ type: 'run-end', history, stoppedEarly: false, reason: 'completed', durationMs: 65_000 }]);
    expect(done.saves).toEqual([{ history, status: 'completed' }]);
    expect(done.view.announcement).toMatch(/^Training finished: 1 epoch in 1 min 05 s\./);
  });

  it('leaves the view alone for events it does not show', () => {
    const start = preparingRun(2);
    const next = reduceRunEvent(start, { type: 'checkpoint-saved', epoch: 0, key: 'k' }, context);
    expect(next.view).toBe(start);
    expect(next.save).toBeNull();
  });

  it('says once, and shows while it lasts, that a run whose checkpoint failed goes on but cannot be resumed', () => {
    const failed: TrainingEvent = { type: 'checkpoint-failed', epoch: 0, key: 'k', errorName: 'QuotaExceededError', message: 'quota' };
    const once = fold([runStart, epochEnd(0, 1000), failed]).view;
    expect(once.live.checkpointNotice).toBe(checkpointNoticeFor('QuotaExceededError'));
    expect(once.announcement).toBe(once.live.checkpointNotice);
    expect(once.announcement).toMatch(/^Training goes on, but it cannot be resumed after a reload: .*storage for the course is full\.$/);
    // The same failure again changes nothing; the next epoch's announcement takes over the live region.
    const again = fold([epochEnd(1, 0), { ...failed, epoch: 1 }], once).view;
    expect(again.announcement).toMatch(/^Epoch 2 of 2 done/);
    expect(again.live.checkpointNotice).toBe(once.live.checkpointNotice);
    // A later checkpoint that was stored makes the run resumable again.
    expect(fold([{ type: 'checkpoint-saved', epoch: 1, key: 'k' }], again).view.live.checkpointNotice).toBeNull();
    // Blocked storage gets its own reason.
    expect(checkpointNoticeFor('InvalidStateError')).toMatch(/does not let the page store data here/);
    expect(checkpointNoticeFor('InvalidStateError')).not.toBe(checkpointNoticeFor('QuotaExceededError'));
  });

  it('counts the epochs trained before a reload in a resumed run\'s time', () => {
    const history = [0, 1, 2, 3].map((epoch) => ({ epoch, trainLoss: 0.5, valLoss: 0.4, metricName: 'hardDice' as const, valMetric: 0.7, durationMs: 20_000, runningLosses: [] }));
    expect(totalDurationMs(history, 0, 85_000)).toBe(85_000);
    expect(totalDurationMs(history, 2, 45_000)).toBe(85_000);
    // Resumed after 2 of 4 epochs (40 s before the reload), then 45 s in this engine run.
    const resumed = fold([{ ...runStart, startEpoch: 2 }, { type: 'run-end', history, stoppedEarly: false, reason: 'completed', durationMs: 45_000 }]);
    expect(resumed.view.announcement).toMatch(/^Training finished: 4 epochs in 1 min 25 s\./);
    // An uninterrupted run reports the engine's own time, as before.
    const fresh = fold([runStart, { type: 'run-end', history, stoppedEarly: false, reason: 'completed', durationMs: 45_000 }]);
    expect(fresh.view.announcement).toMatch(/^Training finished: 4 epochs in 45 s\./);
  });
});
