import { ShapeError } from '../errors';
import { uniform, type Rng } from '../random';
import { assertAugmentConfig, type AugmentConfig } from './augmentConfig';

/**
 * One drawn transform, in plain numbers (safe to post between worker and page).
 * - theta: rotation in degrees; positive turns the content counter-clockwise on screen (row 0 at the top).
 * - tx, ty: shift in pixels; positive moves the content right (tx) and down (ty).
 * - shear: shear angle in degrees; positive leans vertical lines so their bottom moves right.
 * - zx, zy: zoom factors; > 1 shows more of the field (content shrinks), as in Keras.
 * - flipH, flipV: mirror left–right / top–bottom after the affine part, as Keras does.
 */
export interface AugmentParams {
  theta: number;
  tx: number;
  ty: number;
  shear: number;
  zx: number;
  zy: number;
  flipH: boolean;
  flipV: boolean;
}

/** The transform that changes nothing. */
export const IDENTITY_PARAMS: Readonly<AugmentParams> = Object.freeze({
  theta: 0, tx: 0, ty: 0, shear: 0, zx: 1, zy: 1, flipH: false, flipV: false,
});

/** Size of the images the shifts are measured against. */
export interface ImageSize {
  height: number;
  width: number;
}

/** Number of rng draws per sample, fixed so that switching one range off leaves the others' draws unchanged. */
export const DRAWS_PER_SAMPLE = 8;

/**
 * Draws `count` transforms from `rng` (8 draws each, in the order theta, tx, ty, shear, zx, zy,
 * flipH, flipV). Same rng state and config → same params. Shifts are in pixels of `size`.
 */
export function sampleAugmentParams(rng: Rng, config: AugmentConfig, count: number, size: ImageSize): AugmentParams[] {
  assertAugmentConfig(config);
  if (!Number.isInteger(count) || count < 0) {
    throw new ShapeError(`Expected count to be a whole number ≥ 0, but got ${count}.`, 'Pass the number of samples in the batch.');
  }
  const { height, width } = size;
  if (!Number.isInteger(height) || !Number.isInteger(width) || height < 1 || width < 1) {
    throw new ShapeError(`Expected a positive whole image size, but got ${height}×${width}.`, 'Pass {height, width} of the images being augmented.');
  }
  const [zoomMin, zoomMax] = config.zoomRange;
  const out: AugmentParams[] = [];
  for (let i = 0; i < count; i++) {
    // Every draw happens even when its range is 0, so the stream stays aligned across configs.
    const theta = uniform(rng, -config.rotationRange, config.rotationRange);
    const tx = uniform(rng, -config.widthShiftRange, config.widthShiftRange) * width;
    const ty = uniform(rng, -config.heightShiftRange, config.heightShiftRange) * height;
    const shear = uniform(rng, -config.shearRange, config.shearRange);
    const zx = uniform(rng, zoomMin, zoomMax);
    const zy = uniform(rng, zoomMin, zoomMax);
    const flipH = rng() < 0.5 && config.horizontalFlip;
    const flipV = rng() < 0.5 && config.verticalFlip;
    // uniform(rng, 0, 0) is 0, but write -0 as 0 so params print and compare cleanly.
    out.push({ theta: theta + 0, tx: tx + 0, ty: ty + 0, shear: shear + 0, zx, zy, flipH, flipV });
  }
  return out;
}

/** True when `params` leaves an image exactly unchanged. */
export function isIdentityParams(params: AugmentParams): boolean {
  return params.theta === 0 && params.tx === 0 && params.ty === 0 && params.shear === 0 &&
    params.zx === 1 && params.zy === 1 && !params.flipH && !params.flipV;
}
