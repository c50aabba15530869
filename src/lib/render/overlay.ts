import { PALETTE, sequentialColor, type Rgb } from './colormap';
import type { RgbaImage } from './grey';

/** Options for drawing a prediction over an image. */
export interface OverlayOptions {
  /** Probability above which a pixel counts as predicted foreground. */
  threshold: number;
  /** Opacity of the prediction fill, 0–1. */
  opacity: number;
  /** Fill with the probability itself (soft) instead of the thresholded mask. */
  soft?: boolean;
  /** Draw the truth's outline on top. */
  truth?: ArrayLike<number>;
  fill?: Rgb;
  contour?: Rgb;
}

function blend(rgba: Uint8ClampedArray, o: number, [r, g, b]: Rgb, alpha: number): void {
  rgba[o] += (r - rgba[o]) * alpha;
  rgba[o + 1] += (g - rgba[o + 1]) * alpha;
  rgba[o + 2] += (b - rgba[o + 2]) * alpha;
}

/** True where `mask` (> 0.5) has a neighbour (4-connected) outside it or touches the border. */
export function contourOf(mask: ArrayLike<number>, width: number, height: number): Uint8Array {
  const out = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      if (!(mask[i] > 0.5)) continue;
      const edge = x === 0 || y === 0 || x === width - 1 || y === height - 1 ||
        !(mask[i - 1] > 0.5) || !(mask[i + 1] > 0.5) || !(mask[i - width] > 0.5) || !(mask[i + width] > 0.5);
      if (edge) out[i] = 1;
    }
  }
  return out;
}

/** Draws a prediction (probabilities, [height, width]) over a grey image and optionally the truth contour. Returns a new image. */
export function overlayPrediction(base: RgbaImage, probability: ArrayLike<number>, options: OverlayOptions): RgbaImage {
  const { width, height } = base;
  const rgba = new Uint8ClampedArray(base.rgba);
  const fill = options.fill ?? PALETTE.prediction;
  for (let i = 0; i < width * height; i++) {
    const p = probability[i];
    const alpha = options.soft ? options.opacity * p : p > options.threshold ? options.opacity : 0;
    if (alpha > 0) blend(rgba, i * 4, fill, alpha);
  }
  if (options.truth) {
    const edge = contourOf(options.truth, width, height);
    const colour = options.contour ?? PALETTE.truthContour;
    for (let i = 0; i < edge.length; i++) if (edge[i]) blend(rgba, i * 4, colour, 1);
  }
  return { width, height, rgba };
}

/** Pixel counts of an error map. */
export interface ErrorCounts {
  truePositive: number;
  falsePositive: number;
  falseNegative: number;
  trueNegative: number;
}

/** Colours true positives, false positives and false negatives over a grey image; counts them. */
export function errorMap(base: RgbaImage, truth: ArrayLike<number>, probability: ArrayLike<number>, threshold: number, opacity = 0.7): { image: RgbaImage; counts: ErrorCounts } {
  const { width, height } = base;
  const rgba = new Uint8ClampedArray(base.rgba);
  const counts: ErrorCounts = { truePositive: 0, falsePositive: 0, falseNegative: 0, trueNegative: 0 };
  for (let i = 0; i < width * height; i++) {
    const t = truth[i] > 0.5;
    const p = probability[i] > threshold;
    if (t && p) { counts.truePositive++; blend(rgba, i * 4, PALETTE.truePositive, opacity); }
    else if (!t && p) { counts.falsePositive++; blend(rgba, i * 4, PALETTE.falsePositive, opacity); }
    else if (t && !p) { counts.falseNegative++; blend(rgba, i * 4, PALETTE.falseNegative, opacity); }
    else counts.trueNegative++;
  }
  return { image: { width, height, rgba }, counts };
}

/** Colours |a − b| on the sequential ramp from 0 to `maxAbs` (absolute units, not self-normalised). */
export function absoluteDifferenceImage(a: ArrayLike<number>, b: ArrayLike<number>, width: number, height: number, maxAbs: number): RgbaImage {
  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    const [r, g, bl] = sequentialColor(Math.abs(a[i] - b[i]) / (maxAbs || 1));
    const o = i * 4;
    rgba[o] = r;
    rgba[o + 1] = g;
    rgba[o + 2] = bl;
    rgba[o + 3] = 255;
  }
  return { width, height, rgba };
}
