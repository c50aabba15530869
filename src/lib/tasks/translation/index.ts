/**
 * Image translation (lesson 2): a linear output of T2 intensities from T1, MAE loss, MAE/PSNR/SSIM,
 * difference maps on a fixed colour scale. Everything that differs from other tasks lives in this folder.
 */
import { ACQUISITION_CHANGES } from '../../augment/intensityConfig';
import { METRICS } from '../../losses/metrics';
import { percentileRange, toGreyRgba } from '../../render';
import { LESSON2_ADAM } from '../../train/optimizerRegistry';
import type { TaskDescriptor } from '../types';
import { createTranslationEvaluator, summarizeTranslationTest } from './evaluation';
import { renderTranslationSlice } from './sliceView';

export { createTranslationMetrics, type TranslationMetrics } from './evaluation';
export { DIFFERENCE_SCALE_MAX } from './sliceView';

export const translation: TaskDescriptor = {
  task: 'translation',
  labels: { title: 'Image translation', input: 'T1-weighted input', target: 'T2-weighted target', prediction: 'predicted T2', foregroundColumn: null },
  outputActivation: 'linear',
  targets: 'continuous',
  targetInterpolation: 'bilinear',
  losses: ['mae', 'mse'],
  defaultLoss: 'mae',
  epochMetric: METRICS.mae,
  // The lesson z-scores each slice itself, so a file should store physical intensities.
  data: { targets: 'continuous', warnNormalizedInput: true },
  hounsfieldInput: false,
  defaultOptimizer: LESSON2_ADAM,
  defaultBatchSize: 16,
  // Off at first: on the 320 training slices a first run of about 10 epochs at 64×64 reaches a lower
  // validation MAE without augmentation (measured in Node, see the lesson); the learner can tick it.
  augmentByDefault: false,
  // Only how the input was acquired (noise, blur, lower resolution, bias field): they leave the tissue
  // contrast the T2 target is predicted from as it was. A gamma or contrast change of the T1 input alone
  // would change that contrast, and teach a T1 → T2 mapping that the real target does not follow.
  intensityChanges: ACQUISITION_CHANGES,
  // Many short epochs at 64×64 beat a few at 128×128 in the same time; at most 6 minutes.
  firstRun: { minutes: 6, minEpochs: 8, maxEpochs: 12 },
  sliceControls: [],
  inputRange: (input) => percentileRange(input),
  outputRange: (target) => percentileRange(target),
  renderTarget: (target, width, height) => toGreyRgba(target, width, height, percentileRange(target)),
  overlayTarget: null,
  renderSlice: renderTranslationSlice,
  createEvaluator: createTranslationEvaluator,
  summarizeTest: summarizeTranslationTest,
  baseline: {
    label: 'Lookup table T1 → T2',
    loss: 'mae',
    description: 'for each T1 intensity (256 bins over the training range), the median T2 intensity of the training pixels with that T1 intensity',
    compared: [
      { key: 'mae', label: 'MAE', direction: 'lower', digits: 4 },
      { key: 'maeInHead', label: 'MAE inside the head', direction: 'lower', digits: 4 },
      { key: 'psnr', label: 'PSNR (dB)', direction: 'higher', digits: 2 },
      { key: 'ssim', label: 'SSIM', direction: 'higher', digits: 3 },
    ],
    advice: 'more optimisation steps (more epochs, or a smaller batch) or another learning rate (half or twice this one), then compare again',
  },
  pairedImages: true,
};
