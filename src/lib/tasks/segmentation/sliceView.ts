/** Segmentation's pictures of one predicted slice: the CT, the probability, the truth, an overlay and an error map. */
import { hardDicePerSlice } from '../../losses/hardDice';
import { formatValue } from '../../losses/metrics';
import { CT_WINDOWS, errorMap, overlayPrediction, PALETTE, percentileRange, toGreyRgba, windowToRange, type DisplayRange } from '../../render';
import type { PredictedSlice, SliceView, SliceViewOptions } from '../types';

export const UNIT_RANGE = { min: 0, max: 1 } as const;

/** Below this a value can only be air in Hounsfield units: no z-scored or 0..1 slice reaches it. */
const AIR_HU = -500;

/**
 * How a CT slice is drawn: through the lung window when its values are Hounsfield units (it holds
 * air), otherwise (a z-scored or rescaled file) from its own percentiles, so it is never a flat image.
 */
export function ctDisplayRange(input: ArrayLike<number>): { range: DisplayRange; hounsfield: boolean } {
  let min = Infinity;
  for (let i = 0; i < input.length; i++) if (input[i] < min) min = input[i];
  const hounsfield = min <= AIR_HU;
  return { range: hounsfield ? windowToRange(CT_WINDOWS.lung) : percentileRange(input), hounsfield };
}

/** The pictures of one predicted slice, scored by its hard Dice (an empty truth with an empty prediction counts as 1). */
export function renderSegmentationSlice(slice: PredictedSlice, options: SliceViewOptions): SliceView {
  const { input, target, output, width, height } = slice;
  const display = ctDisplayRange(input);
  const image = toGreyRgba(input, width, height, display.range);
  const { image: errors, counts } = errorMap(image, target, output, options.threshold, options.opacity);
  const dice = hardDicePerSlice(target, output, { height, width, threshold: options.threshold }).perSlice[0];
  const diceText = formatValue(dice, 3);
  const overlay = { key: 'overlay', image: overlayPrediction(image, output, { threshold: options.threshold, opacity: options.opacity, truth: target }), label: `Prediction (fill) and truth (outline); hard Dice ${diceText}` };
  const errorImage = { key: 'errors', image: errors, label: `Errors: ${counts.truePositive} TP, ${counts.falsePositive} FP, ${counts.falseNegative} FN pixels` };
  const inputLabel = display.hounsfield ? 'CT (lung window)' : 'CT (not in HU: drawn over its own range)';
  return {
    rows: [
      [
        { key: 'input', image, label: inputLabel },
        { key: 'prediction', image: toGreyRgba(output, width, height, UNIT_RANGE), label: 'Predicted probability' },
        { key: 'truth', image: toGreyRgba(target, width, height, UNIT_RANGE), label: 'Truth' },
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
