/**
 * The library's training presets, re-exported for the UI, and how a normalisation reads in words. The
 * source modules are plain data with no TensorFlow.js, so importing them keeps a lesson page light.
 */
export { LESSON1_SGD, LESSON2_ADAM, LEARNING_RATE_SCHEDULES, OPTIMIZER_KINDS, OPTIMIZERS, SCHEDULES } from '../lib/train/optimizerRegistry';
export { LOSS_INFO, LOSSES, lossAxisLabel } from '../lib/losses/lossInfo';
export { lossNameOf } from '../lib/tasks';
export { NORMALIZATION_CHOICES, type NormalizationChoice } from '../lib/data/normalizationChoices';
export { DEFAULT_AUGMENT } from '../lib/augment/augmentConfig';
export { describeNormalization, LUNG_WINDOW, parseNormalization } from '../lib/data/normalize';
export type { Normalization } from '../lib/data/normalize';
