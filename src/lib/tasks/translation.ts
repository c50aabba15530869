/** Image translation (lesson 2): a linear output of T2 intensities from T1, MAE loss, MAE/PSNR/SSIM, difference maps on a fixed colour scale. */
import { absoluteDifferenceImage, percentileRange, sequentialColor, toGreyRgba, type Rgb } from '../render';
import { LESSON2_ADAM } from '../train/optimizerPresets';
import type { TestMetrics } from '../train/evaluate';
import { formatValue, METRICS } from './metrics';
import type { HistogramData, PredictedSlice, SliceView, TaskDescriptor, TestSummary } from './types';
import { headMask } from '../data/headMask';

/**
 * Top of the difference map's colour scale, in target units (the lesson's intensities lie in
 * [0, 1]): fixed, so that two slices or two models are coloured alike, never self-normalised.
 */
export const DIFFERENCE_SCALE_MAX = 0.25;

const SCALE_STOPS: Rgb[] = Array.from({ length: 9 }, (_, i) => sequentialColor(i / 8));

function meanAbs(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i] - b[i]);
  return a.length > 0 ? sum / a.length : Number.NaN;
}

/** |prediction − truth| of every pixel inside the head (mask from the input), over the difference map's scale. */
function errorHistogram({ input, target, output, width, height }: PredictedSlice): HistogramData {
  const head = headMask(input, 1, height, width);
  const values: number[] = [];
  for (let k = 0; k < head.length; k++) if (head[k] === 1) values.push(Math.abs(output[k] - target[k]));
  return { values, min: 0, max: DIFFERENCE_SCALE_MAX, digits: 2, label: `|prediction − truth| of the ${values.length} pixels inside the head (larger errors in the last bar)` };
}

function renderSlice(slice: PredictedSlice): SliceView {
  const { input, target, output, width, height } = slice;
  const range = percentileRange(target);
  const mae = meanAbs(output, target);
  const maeText = formatValue(mae, 4);
  const difference = { key: 'difference', image: absoluteDifferenceImage(output, target, width, height, DIFFERENCE_SCALE_MAX), label: `|prediction − truth|; MAE ${maeText}` };
  const predicted = { key: 'prediction', image: toGreyRgba(output, width, height, range), label: 'Predicted T2' };
  return {
    rows: [[
      { key: 'input', image: toGreyRgba(input, width, height, percentileRange(input)), label: 'Input T1' },
      difference,
      predicted,
      { key: 'truth', image: toGreyRgba(target, width, height, range), label: 'Actual T2' },
    ]],
    compact: [predicted, difference],
    legend: [],
    scale: { min: 0, max: DIFFERENCE_SCALE_MAX, label: '|prediction − truth| (target intensity units)', stops: SCALE_STOPS },
    score: { label: 'MAE', value: mae, text: maeText },
    histogram: errorHistogram(slice),
  };
}

function summarizeTest(metrics: TestMetrics): TestSummary {
  if (metrics.task !== 'translation') throw new Error(`Expected translation metrics, but got ${metrics.task} metrics.`);
  return {
    count: metrics.count,
    numbers: [
      { label: `MAE, all ${metrics.count} test slices`, value: metrics.mae, text: formatValue(metrics.mae, 4) },
      { label: 'MAE inside the head', value: metrics.maeInHead, text: formatValue(metrics.maeInHead, 4) },
      { label: 'PSNR (dB)', value: metrics.psnr, text: formatValue(metrics.psnr, 1) },
      { label: 'SSIM', value: metrics.ssim, text: formatValue(metrics.ssim, 3) },
    ],
    distribution: null,
    typicalSlice: null,
  };
}

export const translation: TaskDescriptor = {
  task: 'translation',
  labels: { title: 'Image translation', input: 'T1-weighted input', target: 'T2-weighted target', prediction: 'predicted T2', foregroundColumn: null },
  outputActivation: 'linear',
  targets: 'continuous',
  targetInterpolation: 'bilinear',
  losses: ['mae', 'mse'],
  defaultLoss: 'mae',
  epochMetric: METRICS.mae,
  evaluation: 'intensity-errors',
  defaultOptimizer: LESSON2_ADAM,
  defaultBatchSize: 16,
  // Off at first: on the 320 training slices a first run of about 10 epochs at 64×64 reaches a lower
  // validation MAE without augmentation (measured in Node, see the lesson); the learner can tick it.
  augmentByDefault: false,
  // Many short epochs at 64×64 beat a few at 128×128 in the same time; at most 6 minutes.
  firstRun: { minutes: 6, minEpochs: 8, maxEpochs: 12 },
  sliceControls: [],
  inputRange: (input) => percentileRange(input),
  outputRange: (target) => percentileRange(target),
  renderTarget: (target, width, height) => toGreyRgba(target, width, height, percentileRange(target)),
  overlayTarget: null,
  renderSlice,
  summarizeTest,
  baseline: {
    label: 'Lookup table T1 → T2',
    loss: 'mae',
    description: 'for each T1 intensity (256 bins over the training range), the median T2 intensity of the training pixels with that T1 intensity',
  },
  pairedImages: true,
};
