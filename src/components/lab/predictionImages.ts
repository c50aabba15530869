import { CT_WINDOWS, errorMap, overlayPrediction, percentileRange, toGreyRgba, windowToRange, type ErrorCounts, type RgbaImage } from '../../lib/render';
import type { Predictions } from '../../lib/engine/protocol';

/** The pictures of one predicted slice that the evaluation views show. */
export interface PredictionImages {
  image: RgbaImage;
  probability: RgbaImage;
  truth: RgbaImage;
  overlay: RgbaImage;
  errors: RgbaImage;
  counts: ErrorCounts;
  dice: number;
}

/** Slice `k` of a Predictions result, as the row-major [height, width] arrays of input, target and output. */
export function sliceOf(p: Predictions, k: number) {
  const n = p.height * p.width;
  return {
    input: p.inputs.subarray(k * n, (k + 1) * n),
    target: p.targets.subarray(k * n, (k + 1) * n),
    output: p.predictions.subarray(k * n, (k + 1) * n),
  };
}

/** Builds image, probability, truth, overlay (truth contour + prediction fill) and error map for one slice. */
export function segmentationImages(p: Predictions, k: number, options: { threshold: number; opacity: number; ct: boolean }): PredictionImages {
  const { input, target, output } = sliceOf(p, k);
  const { width, height } = p;
  const range = options.ct ? windowToRange(CT_WINDOWS.lung) : percentileRange(input);
  const image = toGreyRgba(input, width, height, range);
  const { image: errors, counts } = errorMap(image, target, output, options.threshold, options.opacity);
  const tp = counts.truePositive;
  const denominator = 2 * tp + counts.falsePositive + counts.falseNegative;
  return {
    image,
    probability: toGreyRgba(output, width, height, { min: 0, max: 1 }),
    truth: toGreyRgba(target, width, height, { min: 0, max: 1 }),
    overlay: overlayPrediction(image, output, { threshold: options.threshold, opacity: options.opacity, truth: target }),
    errors,
    counts,
    // Hard Dice of this slice; an empty truth with an empty prediction counts as 1.
    dice: denominator === 0 ? 1 : (2 * tp) / denominator,
  };
}
