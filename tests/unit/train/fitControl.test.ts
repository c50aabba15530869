import { beforeAll, describe, expect, it } from 'vitest';
import { SettingsError, ShapeError, TrainingError } from '../../../src/lib/errors';
import { buildRunModel } from '../../../src/lib/train/buildRunModel';
import { fit } from '../../../src/lib/train/fit';
import { createPauseController } from '../../../src/lib/train/pauseController';
import { createRunConfig, taskDescriptor } from '../../../src/lib/tasks';
import type { FitDataset, RunConfig, TrainingEvent } from '../../../src/lib/train/types';
import { discDataset, useWasm } from './fitTestData';

beforeAll(useWasm);

const SIZE = 16;
const data = discDataset({ size: SIZE, train: 16, val: 4, test: 0, seed: 5 });
const config: RunConfig = createRunConfig('segmentation', { height: SIZE, width: SIZE, epochs: 2, batchSize: 4, seed: 1 });
const macrotasks = async (n: number) => {
  for (let i = 0; i < n; i++) await new Promise((r) => setTimeout(r, 0));
};

async function withModel<T>(c: RunConfig, use: (model: ReturnType<typeof buildRunModel>) => Promise<T>): Promise<T> {
  const model = buildRunModel(c, taskDescriptor(c.task));
  try {
    return await use(model);
  } finally {
    model.dispose();
  }
}

describe('fit control', () => {
  it('stops at the next batch boundary when the signal aborts and resolves with stoppedEarly', async () => {
    const abort = new AbortController();
    const events: TrainingEvent[] = [];
    const result = await withModel(config, (model) =>
      fit({
        task: taskDescriptor(config.task), model, dataset: data, config, signal: abort.signal,
        onEvent: (e) => {
          events.push(e);
          if (e.type === 'batch-end' && e.epoch === 1 && e.batch === 1) abort.abort();
        },
      }),
    );
    expect(result).toMatchObject({ stoppedEarly: true, reason: 'aborted' });
    expect(result.history.map((h) => h.epoch)).toEqual([0]);
    expect(events.filter((e) => e.type === 'batch-end')).toHaveLength(4 + 2);
    expect(events.at(-1)).toMatchObject({ type: 'run-end', stoppedEarly: true, reason: 'aborted' });
  });

  it('pauses at a batch boundary, makes no progress while paused, and resumes to the end', async () => {
    const pause = createPauseController();
    const events: TrainingEvent[] = [];
    const done = withModel(config, (model) =>
      fit({
        task: taskDescriptor(config.task), model, dataset: data, config, pauseController: pause,
        onEvent: (e) => {
          events.push(e);
          if (e.type === 'batch-end' && e.epoch === 0 && e.batch === 1) pause.pause();
        },
      }),
    );
    while (!events.some((e) => e.type === 'paused')) await macrotasks(1);
    const countWhilePaused = events.length;
    await macrotasks(50);
    expect(events.length).toBe(countWhilePaused);
    expect(events.at(-1)).toEqual({ type: 'paused', epoch: 0, batch: 2 });
    pause.resume();
    const result = await done;
    expect(result.stoppedEarly).toBe(false);
    expect(result.history).toHaveLength(2);
    expect(events).toContainEqual({ type: 'resumed', epoch: 0, batch: 2 });
    expect(events.filter((e) => e.type === 'batch-end')).toHaveLength(8);
  });

  it('stops a paused run when the signal aborts', async () => {
    const pause = createPauseController();
    const abort = new AbortController();
    pause.pause();
    const done = withModel(config, (model) => fit({ task: taskDescriptor(config.task), model, dataset: data, config, pauseController: pause, signal: abort.signal }));
    await macrotasks(5);
    abort.abort();
    const result = await done;
    expect(result).toMatchObject({ stoppedEarly: true, history: [] });
  });

  it('stops with a TrainingError that names bad data when a NaN is in the batch', async () => {
    const broken: FitDataset = { ...data, train: { ...data.train, x: data.train.x.slice() } };
    broken.train.x.fill(Number.NaN, 0, 3);
    const error = await withModel(config, (model) => fit({ task: taskDescriptor(config.task), model, dataset: broken, config })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TrainingError);
    expect((error as TrainingError).message).toMatch(/NaN or infinite values \(3 in the inputs\)/);
    expect((error as TrainingError).hint).toMatch(/normalisation/);
  });

  it('stops with a TrainingError that blames the learning rate when training diverges', async () => {
    const diverging = createRunConfig('translation', {
      height: SIZE, width: SIZE, epochs: 3, batchSize: 4, seed: 1, model: 'plain', loss: 'mse',
      optimizer: { kind: 'sgd', learningRate: 10, momentum: 0.9, nesterov: true, clipNorm: null },
    });
    const error = await withModel(diverging, (model) => fit({ task: taskDescriptor(diverging.task), model, dataset: data, config: diverging })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TrainingError);
    expect((error as TrainingError).message).toMatch(/training diverged/);
    expect((error as TrainingError).hint).toMatch(/learning rate \(10\) is probably too high.*gradient clipping/);
  });

  it('refuses bad settings before starting', async () => {
    await withModel(config, async (model) => {
      await expect(fit({ task: taskDescriptor(config.task), model, dataset: data, config: { ...config, batchSize: 0 } })).rejects.toThrow(SettingsError);
      await expect(fit({ task: taskDescriptor(config.task), model, dataset: data, config: { ...config, displaySlices: [4] } })).rejects.toThrow(/display slice/);
      const short: FitDataset = { ...data, val: { ...data.val, y: data.val.y.subarray(1) } };
      await expect(fit({ task: taskDescriptor(config.task), model, dataset: short, config })).rejects.toThrow(ShapeError);
    });
  });
});
