/** Segmentation (lesson 1): a sigmoid mask of the lungs, Dice loss, hard Dice per slice, overlays and error maps. */
import { CT_WINDOWS, errorMap, overlayPrediction, PALETTE, toGreyRgba, windowToRange } from '../render';
import { LESSON1_SGD } from '../train/optimizerPresets';
import type { TestMetrics } from '../train/evaluate';
import { formatValue, METRICS } from './metrics';
import type { PredictedSlice, SliceView, SliceViewOptions, TaskDescriptor, TestSummary } from './types';
import { typicalSliceIndex } from './typicalSlice';

const UNIT = { min: 0, max: 1 } as const;

function renderSlice(slice: PredictedSlice, options: SliceViewOptions): SliceView {
  const { input, target, output, width, height } = slice;
  const image = toGreyRgba(input, width, height, windowToRange(CT_WINDOWS.lung));
  const { image: errors, counts } = errorMap(image, target, output, options.threshold, options.opacity);
  const denominator = 2 * counts.truePositive + counts.falsePositive + counts.falseNegative;
  // Hard Dice of this slice; an empty truth with an empty prediction counts as 1.
  const dice = denominator === 0 ? 1 : (2 * counts.truePositive) / denominator;
  const diceText = formatValue(dice, 3);
  const overlay = { key: 'overlay', image: overlayPrediction(image, output, { threshold: options.threshold, opacity: options.opacity, truth: target }), label: `Prediction (fill) and truth (outline); hard Dice ${diceText}` };
  const errorImage = { key: 'errors', image: errors, label: `Errors: ${counts.truePositive} TP, ${counts.falsePositive} FP, ${counts.falseNegative} FN pixels` };
  return {
    rows: [
      [
        { key: 'input', image, label: 'CT (lung window)' },
        { key: 'prediction', image: toGreyRgba(output, width, height, UNIT), label: 'Predicted probability' },
        { key: 'truth', image: toGreyRgba(target, width, height, UNIT), label: 'Truth' },
      ],
      [overlay, errorImage],
    ],
    compact: [overlay, errorImage],
    legend: [
      { colour: PALETTE.prediction, label: 'prediction' },
      { colour: PALETTE.truthContour, label: 'truth outline' },
      { colour: PALETTE.truePositive, label: 'true positive' },
      { colour: PALETTE.falsePositive, label: 'false positive' },
      { colour: PALETTE.falseNegative, label: 'false negative' },
    ],
    scale: null,
    score: { label: 'hard Dice', value: dice, text: diceText },
  };
}

function summarizeTest(metrics: TestMetrics): TestSummary {
  if (metrics.task !== 'segmentation') throw new Error(`Expected segmentation metrics, but got ${metrics.task} metrics.`);
  const group = (label: string, g: { count: number; mean: number }) => ({ label: `${label} (${g.count})`, value: g.mean, text: g.count ? formatValue(g.mean, 3) : '–' });
  const withLung = metrics.perSlice.filter((_, i) => metrics.hasForeground[i] === 1);
  const typical = withLung.length > 0 ? typicalSliceIndex(metrics.perSlice, metrics.hasForeground) : null;
  return {
    count: metrics.count,
    numbers: [
      { label: `Hard Dice, all ${metrics.count} test slices`, value: metrics.meanHardDice, text: formatValue(metrics.meanHardDice, 3) },
      group('Slices with lung', metrics.withForeground),
      group('Slices without lung', metrics.withoutForeground),
    ],
    distribution: { values: withLung, min: 0, max: 1, label: 'Hard Dice per test slice (slices with lung)' },
    typicalSlice: typical === null ? null : { index: typical, note: `The slider starts at slice ${typical + 1}, a typical case: its hard Dice is the median among the slices with lung.` },
  };
}

export const segmentation: TaskDescriptor = {
  task: 'segmentation',
  labels: { title: 'Segmentation', input: 'CT slice', target: 'lung mask', prediction: 'predicted lung probability', foregroundColumn: 'with lung' },
  outputActivation: 'sigmoid',
  targets: 'binary',
  targetInterpolation: 'nearest',
  losses: ['dice', 'bce'],
  defaultLoss: 'dice',
  epochMetric: METRICS.hardDice,
  evaluation: 'per-slice-hard-dice',
  defaultOptimizer: LESSON1_SGD,
  defaultBatchSize: 32,
  augmentByDefault: false,
  sliceControls: ['threshold', 'opacity'],
  inputRange: () => windowToRange(CT_WINDOWS.lung),
  outputRange: () => UNIT,
  renderTarget: (target, width, height) => toGreyRgba(target, width, height, UNIT),
  overlayTarget: (image, target) => overlayPrediction(image, target, { threshold: 0.5, opacity: 0.45 }),
  renderSlice,
  summarizeTest,
  firstRun: { minutes: 4, minEpochs: 3, maxEpochs: 7 },
  baseline: null,
  pairedImages: false,
};
