/**
 * The library's training presets, re-exported for the UI, and how a normalisation reads in words. The
 * source modules are plain data with no TensorFlow.js, so importing them keeps a lesson page light.
 */
export { LESSON1_SGD, LESSON2_ADAM, LEARNING_RATE_SCHEDULES, OPTIMIZER_KINDS, OPTIMIZERS, SCHEDULES } from '../lib/train/optimizerRegistry';
export { LOSS_INFO, LOSSES, lossAxisLabel } from '../lib/losses/lossInfo';
export { lossNameOf } from '../lib/tasks';
export { DEFAULT_AUGMENT } from '../lib/augment/augmentConfig';
export { describeIntensityChanges } from '../lib/augment/describeAugment';
export { describeNormalization, LUNG_WINDOW, NORMALIZATION_CHOICES, normalizationEntry, parseNormalization } from '../lib/data/normalizations';
export type { Normalization, NormalizationChoice } from '../lib/data/normalizations';
