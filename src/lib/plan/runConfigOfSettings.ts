/**
 * A panel's settings as the engine's RunConfig: the one translation the page and `npm run train --
 * --defaults` share, so the same settings train the same run (optimiser presets, augmentation and the
 * task's intensity augmentation, subset, normalisation) wherever they are started.
 */
import { DEFAULT_AUGMENT } from '../augment/augmentConfig';
import { parseNormalization } from '../data/normalizations';
import type { Task } from '../data/types';
import { intensityAugmentOf } from '../tasks/runConfig';
import { LESSON1_SGD, LESSON2_ADAM } from '../train/optimizerRegistry';
import type { RunConfig } from '../train/types';
import type { PanelSettings } from './panelSettings';

/** The engine's run configuration of a panel's settings (a new object); `auto` normalisation is left to the file's units. */
export function runConfigOfSettings(settings: PanelSettings, { task, displaySlices }: { task: Task; displaySlices: readonly number[] }): RunConfig {
  const preset = settings.optimizer === 'sgd' ? LESSON1_SGD : LESSON2_ADAM;
  const config: RunConfig = {
    task,
    model: settings.model,
    loss: settings.loss,
    optimizer: { ...preset, learningRate: settings.learningRate, schedule: settings.schedule },
    epochs: settings.epochs,
    batchSize: settings.batchSize,
    seed: settings.seed,
    augment: settings.augment ? { ...DEFAULT_AUGMENT, zoomRange: [...DEFAULT_AUGMENT.zoomRange] } : null,
    height: settings.size,
    width: settings.size,
    displaySlices: [...displaySlices],
    validateEachEpoch: true,
  };
  // Left out when off, so a run without it records the same configuration as before it existed.
  if (settings.intensityAugment) config.intensityAugment = intensityAugmentOf(task);
  if (settings.trainLimit !== null) config.trainLimit = settings.trainLimit;
  if (settings.normalization && settings.normalization !== 'auto') config.normalization = parseNormalization(settings.normalization);
  return config;
}
