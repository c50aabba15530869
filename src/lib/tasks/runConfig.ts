/** Run configurations as a task sees them: its defaults, and the loss a run uses. */
import type { Task } from '../data/types';
import type { LossName } from '../losses/lossInfo';
import type { RunConfig } from '../train/types';
import { taskDescriptor } from './registry';

/** The loss a config uses: its own, or its task's default. */
export function lossNameOf(config: Pick<RunConfig, 'task' | 'loss'>): LossName {
  return config.loss ?? taskDescriptor(config.task).defaultLoss;
}

/** A full run configuration from the task's lesson defaults plus any overrides (a new object). */
export function createRunConfig(task: Task, overrides: Partial<RunConfig> = {}): RunConfig {
  const descriptor = taskDescriptor(task);
  return {
    task,
    model: 'skip',
    optimizer: { ...descriptor.defaultOptimizer },
    epochs: 5,
    batchSize: descriptor.defaultBatchSize,
    seed: 1,
    augment: null,
    height: 128,
    width: 128,
    displaySlices: [],
    validateEachEpoch: true,
    ...overrides,
  };
}
