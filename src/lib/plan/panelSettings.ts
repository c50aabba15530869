/** A training panel's settings as the learner edits them: plain data shared by the panels, the course configuration and URL presets. */
import type { NormalizationChoice } from '../data/normalizations';
import type { LearningRateScheduleName, LossName, ModelKind, OptimizerSettings } from '../train/types';

/** What the form holds. Numbers may be NaN while a field is empty; the engine rejects them with a SettingsError. */
export interface PanelSettings {
  model: ModelKind;
  optimizer: OptimizerSettings['kind'];
  loss: LossName;
  learningRate: number;
  /** How the learning rate changes over the run ('constant' or 'cosine' to zero at the last step). */
  schedule: LearningRateScheduleName;
  epochs: number;
  batchSize: number;
  size: number;
  seed: number;
  /** Train on the first N training slices; null for all. */
  trainLimit: number | null;
  augment: boolean;
  /** Input normalisation; absent or `auto` for the one the file's units call for. */
  normalization?: NormalizationChoice;
}
