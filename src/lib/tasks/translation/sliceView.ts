/** Translation's pictures of one predicted slice: T1, |prediction − truth| on a fixed scale, predicted and actual T2 (and the baseline's T2 with its error map, when given), and the error histogram. */
import { headMask } from '../../data/headMask';
import { createIntensityErrors } from '../../losses/intensityMetrics';
import { formatValue } from '../../losses/metrics';
import { absoluteDifferenceImage, percentileRange, sequentialColor, toGreyRgba, type DisplayRange, type Rgb } from '../../render';
import type { HistogramData, PredictedSlice, SliceView } from '../types';

/**
 * Top of the difference map's colour scale, in target units (the lesson's intensities lie in
 * [0, 1]): fixed, so that two slices or two models are coloured alike, never self-normalised.
 */
export const DIFFERENCE_SCALE_MAX = 0.25;

const SCALE_STOPS: Rgb[] = Array.from({ length: 9 }, (_, i) => sequentialColor(i / 8));

/** |prediction − truth| of every pixel inside the head (mask from the input), over the difference map's scale. */
function errorHistogram({ input, target, output, width, height }: PredictedSlice): HistogramData {
  const head = headMask(input, 1, height, width);
  const values: number[] = [];
  for (let k = 0; k < head.length; k++) if (head[k] === 1) values.push(Math.abs(output[k] - target[k]));
  return { values, min: 0, max: DIFFERENCE_SCALE_MAX, digits: 2, label: `|prediction − truth| of the ${values.length} pixels inside the head (larger errors in the last bar)` };
}

/** The baseline's T2 of the slice (on the truth's grey range) and its |baseline − truth| map with its MAE. */
function baselinePictures({ baseline, target, width, height }: PredictedSlice, range: DisplayRange) {
  const { label, output } = baseline!;
  const errors = createIntensityErrors();
  errors.add(target, output);
  return {
    image: { key: 'baseline', image: toGreyRgba(output, width, height, range), label },
    difference: { key: 'baseline-difference', image: absoluteDifferenceImage(output, target, width, height, DIFFERENCE_SCALE_MAX), label: `${label}: |baseline − truth|; MAE ${formatValue(errors.mae(), 4)}` },
  };
}

/** The pictures of one predicted slice, scored by its MAE (the shared intensity metric); the baseline's beside them when the slice has one. */
export function renderTranslationSlice(slice: PredictedSlice): SliceView {
  const { input, target, output, width, height } = slice;
  const range = percentileRange(target);
  const errors = createIntensityErrors();
  errors.add(target, output);
  const mae = errors.mae();
  const maeText = formatValue(mae, 4);
  const baseline = slice.baseline ? baselinePictures(slice, range) : null;
  const difference = { key: 'difference', image: absoluteDifferenceImage(output, target, width, height, DIFFERENCE_SCALE_MAX), label: `|prediction − truth|; MAE ${maeText}` };
  const predicted = { key: 'prediction', image: toGreyRgba(output, width, height, range), label: 'Predicted T2' };
  const inputImage = { key: 'input', image: toGreyRgba(input, width, height, percentileRange(input)), label: 'Input T1' };
  const truth = { key: 'truth', image: toGreyRgba(target, width, height, range), label: 'Actual T2' };
  return {
    // With a baseline: input, network, baseline and truth in one row on one grey scale, and the two
    // error maps under them on one colour scale, so the learner sees where the network beats the table.
    rows: baseline ? [[inputImage, predicted, baseline.image, truth], [difference, baseline.difference]]
      : [[inputImage, difference, predicted, truth]],
    ...(baseline ? { alignColumns: true } : {}),
    compact: [predicted, difference],
    legend: [],
    scale: { min: 0, max: DIFFERENCE_SCALE_MAX, label: `|prediction − truth|${baseline ? ' and |baseline − truth|' : ''} (target intensity units)`, stops: SCALE_STOPS },
    score: { label: 'MAE', value: mae, text: maeText },
    histogram: errorHistogram(slice),
  };
}
