/** Run configurations as a task sees them: its defaults, and the loss a run uses. */
import { DEFAULT_INTENSITY_AUGMENT, onlyChanges, type IntensityAugmentConfig } from '../augment/intensityConfig';
import type { Task } from '../data/types';
import type { LossName } from '../losses/lossInfo';
import type { RunConfig } from '../train/types';
import { taskDescriptor } from './registry';

/** The loss a config uses: its own, or its task's default. */
export function lossNameOf(config: Pick<RunConfig, 'task' | 'loss'>): LossName {
  return config.loss ?? taskDescriptor(config.task).defaultLoss;
}

/** The intensity augmentation a run of `task` gets when it asks for one: the course's default, with only the changes the task allows. */
export function intensityAugmentOf(task: Task): IntensityAugmentConfig {
  return onlyChanges(DEFAULT_INTENSITY_AUGMENT, taskDescriptor(task).intensityChanges);
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
