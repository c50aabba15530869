/**
 * The training panel's settings as the learner edits them, and their translation into the
 * engine's RunConfig. Pure: the optimiser and augmentation presets are the library's own, through
 * src/client/presets.
 */
import type { Task } from '../../lib/data/types';
import type { PanelSettings } from '../../lib/plan/panelSettings';
import type { AugmentSettings, OptimizerSettings, RunConfig } from '../../lib/train/types';
import { runConfigOfSettings } from '../../lib/plan/runConfigOfSettings';
import { DEFAULT_AUGMENT, LESSON1_SGD, LESSON2_ADAM, lossNameOf, NORMALIZATION_CHOICES, OPTIMIZERS, type NormalizationChoice } from '../../client/presets';

export type OptimizerChoice = OptimizerSettings['kind'];

// The normalisations a panel can be set to come from the library's one registry (src/lib/data/normalizations.ts).
export { NORMALIZATION_CHOICES, type NormalizationChoice };

export type { PanelSettings };

/** Lesson 1's SGD (the original's): lr 0.05, momentum 0.9, Nesterov, global-norm clip 0.5, decay 1e-6. */
export const SGD_PRESET: Readonly<OptimizerSettings> = LESSON1_SGD;

/** Adam with Keras's defaults. */
export const ADAM_PRESET: Readonly<OptimizerSettings> = LESSON2_ADAM;

/** The course's mild augmentation (the library's DEFAULT_AUGMENT). */
export const AUGMENT_PRESET: Readonly<AugmentSettings> = DEFAULT_AUGMENT;

/** One line describing AUGMENT_PRESET for the form. */
export const AUGMENT_DESCRIPTION = 'rotation ±10°, shear ±10°, shift ±10 %, zoom 0.8–1.2, left–right flips; each target moves with its image';

/** The learning rate the optimiser starts from. */
export function defaultLearningRate(optimizer: OptimizerChoice): number {
  return OPTIMIZERS[optimizer].preset.learningRate;
}

/** Builds the engine's run configuration from the form (a new object): the library's translation, shared with npm run train -- --defaults. */
export function toRunConfig(settings: PanelSettings, options: { task: Task; displaySlices: number[] }): RunConfig {
  return runConfigOfSettings(settings, options);
}

/**
 * The panel settings a run was trained with ("train again with these settings"). The normalisation
 * stays the panel's: the record holds the resolved one (with statistics), not the menu's choice.
 */
export function settingsOfConfig(config: RunConfig): PanelSettings {
  return {
    model: config.model, optimizer: config.optimizer.kind, loss: lossNameOf(config), learningRate: config.optimizer.learningRate,
    schedule: config.optimizer.schedule ?? 'constant',
    epochs: config.epochs, batchSize: config.batchSize, size: config.height, seed: config.seed,
    trainLimit: config.trainLimit ?? null, augment: config.augment !== null, intensityAugment: (config.intensityAugment ?? null) !== null,
  };
}

/**
 * "Same settings as …": the training settings of another run (optimiser, learning rate, loss, batch
 * size, image size, seed) for this panel. The panel keeps its own model. A demo panel (the bonus's
 * overfitting set-up) also keeps what makes it the demo: its small training subset, its many
 * epochs and its augmentation choice; otherwise the other run's epochs and subset come along too.
 */
export function copyTrainingSettings(from: RunConfig, keepDemoSetup: boolean): Partial<PanelSettings> {
  const training: Partial<PanelSettings> = {
    optimizer: from.optimizer.kind, loss: lossNameOf(from), learningRate: from.optimizer.learningRate, schedule: from.optimizer.schedule ?? 'constant',
    batchSize: from.batchSize, size: from.height, seed: from.seed,
  };
  if (keepDemoSetup) return training;
  return { ...training, epochs: from.epochs, trainLimit: from.trainLimit ?? null };
}

/** A fresh seed from a uniform number in [0, 1) (the caller passes Math.random() or a seeded draw). */
export function newSeed(uniform01: number): number {
  return Math.floor(uniform01 * 2 ** 31);
}
