/**
 * Segmentation (lesson 1): a sigmoid mask of the lungs from a CT slice, Dice loss, hard Dice per
 * slice, overlays and error maps. Everything that differs from other tasks lives in this folder.
 */
import { INTENSITY_CHANGES } from '../../augment/intensityConfig';
import { METRICS } from '../../losses/metrics';
import { overlayPrediction, toGreyRgba } from '../../render';
import { LESSON1_SGD } from '../../train/optimizerRegistry';
import type { TaskDescriptor } from '../types';
import { createSegmentationEvaluator, summarizeSegmentationTest } from './evaluation';
import { ctDisplayRange, renderSegmentationSlice, UNIT_RANGE } from './sliceView';

export type { SegmentationMetrics } from './evaluation';

export const segmentation: TaskDescriptor = {
  task: 'segmentation',
  labels: { title: 'Segmentation', input: 'CT slice', target: 'lung mask', prediction: 'predicted lung probability', foregroundColumn: 'with lung' },
  outputActivation: 'sigmoid',
  targets: 'binary',
  targetInterpolation: 'nearest',
  losses: ['dice', 'bce'],
  defaultLoss: 'dice',
  epochMetric: METRICS.hardDice,
  data: { targets: 'binary', warnNormalizedInput: false },
  hounsfieldInput: true,
  defaultOptimizer: LESSON1_SGD,
  defaultBatchSize: 32,
  augmentByDefault: false,
  // Every change: a lung mask stays the same whatever the scanner's noise, blur, shading or contrast.
  intensityChanges: INTENSITY_CHANGES,
  sliceControls: ['threshold', 'opacity'],
  inputRange: (input) => ctDisplayRange(input).range,
  outputRange: () => UNIT_RANGE,
  renderTarget: (target, width, height) => toGreyRgba(target, width, height, UNIT_RANGE),
  overlayTarget: (image, target) => overlayPrediction(image, target, { threshold: 0.5, opacity: 0.45 }),
  renderSlice: renderSegmentationSlice,
  createEvaluator: createSegmentationEvaluator,
  summarizeTest: summarizeSegmentationTest,
  firstRun: { minutes: 4, minEpochs: 3, maxEpochs: 7 },
  baseline: null,
  pairedImages: false,
};
