/**
 * The settings a training panel starts with, before anything is known of the device: the task's
 * optimiser, loss and augmentation (or the overfitting demo's own), then a first-run rule's choices
 * laid over them.
 */
import type { NormalizationChoice } from '../data/normalizations';
import type { TaskDescriptor } from '../tasks/types';
import type { LearningRateScheduleName, LossName, ModelKind } from '../train/types';
import type { OverfitPlan } from './overfitDefaults';
import type { TrainingDefaults } from './trainingDefaults';

/** The run settings a panel plans (the panel's form holds these and may add its own). */
export interface PlannedSettings {
  model: ModelKind;
  optimizer: 'sgd' | 'adam';
  loss: LossName;
  learningRate: number;
  schedule: LearningRateScheduleName;
  epochs: number;
  batchSize: number;
  size: number;
  seed: number;
  /** Train on the first N training slices; null for all. */
  trainLimit: number | null;
  augment: boolean;
  /** Random intensity changes of the inputs (those the task allows, see intensityAugmentOf). */
  intensityAugment: boolean;
}

/** What the panel's form holds: the planned settings and the input normalisation (absent or `auto`: the one the file's units call for). Numbers may be NaN while a field is empty; the engine rejects them with a SettingsError. */
export interface PanelSettings extends PlannedSettings {
  normalization?: NormalizationChoice;
}

/** What of a task the plans read. */
export type PlannedTask = Pick<TaskDescriptor, 'defaultOptimizer' | 'defaultLoss' | 'augmentByDefault' | 'firstRun'>;

/** The seed a panel starts with, so that first runs repeat. */
export const FIRST_SEED = 42;

/**
 * A panel's settings before the device is known: the task's optimiser (at its learning rate), loss
 * and augmentation, 3 epochs of batches of 16 at 64×64 on every slice; the overfitting demo's plan
 * (Adam, its subset, epochs, loss and size, no augmentation) instead when there is one. Intensity
 * augmentation starts off (a lesson's recipe may turn it on).
 */
export function initialSettings({ model, overfit, task }: { model: ModelKind; overfit?: OverfitPlan; task: PlannedTask }): PlannedSettings {
  const common = { model, schedule: 'constant', size: 64, seed: FIRST_SEED } as const;
  return overfit
    ? { ...common, optimizer: 'adam', learningRate: overfit.learningRate, loss: overfit.loss, epochs: overfit.epochs, batchSize: overfit.batchSize, size: overfit.size, trainLimit: overfit.trainSlices, augment: false, intensityAugment: false }
    : { ...common, optimizer: task.defaultOptimizer.kind, learningRate: task.defaultOptimizer.learningRate, loss: task.defaultLoss, epochs: 3, batchSize: 16, trainLimit: null, augment: task.augmentByDefault, intensityAugment: false };
}

/** `settings` with a first-run rule's choices laid over them (a new object): size, epochs, batch, subset, and what the rule fixes. */
export function applyDefaults<S extends PlannedSettings>(settings: S, defaults: TrainingDefaults): S {
  const fixed = {
    ...(defaults.optimizer ? { optimizer: defaults.optimizer } : {}), ...(defaults.learningRate ? { learningRate: defaults.learningRate } : {}),
    ...(defaults.schedule ? { schedule: defaults.schedule } : {}), ...(defaults.augment !== undefined ? { augment: defaults.augment } : {}),
    ...(defaults.intensityAugment !== undefined ? { intensityAugment: defaults.intensityAugment } : {}),
  };
  return { ...settings, ...fixed, size: defaults.size, epochs: defaults.epochs, batchSize: defaults.batchSize, trainLimit: defaults.trainLimit ?? null };
}
