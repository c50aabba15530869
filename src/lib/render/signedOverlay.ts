import type { Rgb } from './colormap';
import type { RgbaImage } from './grey';

/** Okabe–Ito vermillion for positive values and blue for negative ones: apart under the common colour-vision deficiencies. */
export const SIGNED_COLOURS = { positive: [213, 94, 0] as Rgb, negative: [0, 114, 178] as Rgb } as const;

function mix(rgba: Uint8ClampedArray, at: number, colour: Rgb, alpha: number): void {
  for (let c = 0; c < 3; c++) rgba[at + c] = Math.round(rgba[at + c] * (1 - alpha) + colour[c] * alpha);
}

/** The largest absolute value of an array, or 0 for an empty or all-zero one (non-finite values ignored). */
export function maxAbs(values: ArrayLike<number>): number {
  let max = 0;
  for (let i = 0; i < values.length; i++) {
    const v = Math.abs(values[i]);
    if (Number.isFinite(v) && v > max) max = v;
  }
  return max;
}

/**
 * Draws signed values ([height, width], e.g. an attribution) over a grey picture: positive in vermillion,
 * negative in blue, each pixel as opaque as |value| / scale × opacity (scale defaults to the largest |value|);
 * zero leaves the picture as it is. Returns a new image.
 */
export function signedOverlay(base: RgbaImage, values: ArrayLike<number>, options: { opacity?: number; scale?: number } = {}): RgbaImage {
  const rgba = new Uint8ClampedArray(base.rgba);
  const scale = options.scale ?? maxAbs(values);
  const opacity = options.opacity ?? 0.85;
  if (scale > 0) {
    for (let i = 0; i < base.width * base.height; i++) {
      const v = values[i];
      if (!Number.isFinite(v) || v === 0) continue;
      mix(rgba, i * 4, v > 0 ? SIGNED_COLOURS.positive : SIGNED_COLOURS.negative, Math.min(1, Math.abs(v) / scale) * opacity);
    }
  }
  return { width: base.width, height: base.height, rgba };
}

/** Paints the pixels where `mask` is non-zero in `colour` at `opacity` over a picture. Returns a new image. */
export function paintMask(base: RgbaImage, mask: ArrayLike<number>, colour: Rgb, opacity = 0.7): RgbaImage {
  const rgba = new Uint8ClampedArray(base.rgba);
  for (let i = 0; i < base.width * base.height; i++) if (mask[i]) mix(rgba, i * 4, colour, opacity);
  return { width: base.width, height: base.height, rgba };
}
