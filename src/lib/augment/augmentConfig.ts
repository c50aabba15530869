import { SettingsError } from '../errors';

/**
 * How samples that land outside the input are filled (the names and behaviour of Keras's
 * `fill_mode`, on a row `a b c d`):
 * - 'nearest':  `a a a a | a b c d | d d d d` (repeat the edge pixel)
 * - 'constant': `k k k k | a b c d | k k k k` (k = cval)
 * - 'reflect':  `d c b a | a b c d | d c b a` (mirror about the outer edge of the border pixel)
 * - 'wrap':     `a b c d | a b c d | a b c d` (tile; between the last and first pixel the value
 *               is not blended, it snaps to the edge, as in TensorFlow's kernel)
 */
export type FillMode = 'nearest' | 'constant' | 'reflect' | 'wrap';

/** Resampling: bilinear for images, nearest for label masks (keeps them binary). */
export type Interpolation = 'bilinear' | 'nearest';

/**
 * Random affine augmentation with the semantics of Keras's ImageDataGenerator. Every angle is in
 * DEGREES. (The original notebook set `shear_range=0.2`, probably meaning radians ≈ 11.5°; Keras
 * reads degrees, so it sheared by at most 0.2° — no visible effect.)
 */
export interface AugmentConfig {
  /** Rotation angle drawn uniformly from ±rotationRange degrees (0–180). */
  rotationRange: number;
  /** Shear angle drawn uniformly from ±shearRange degrees (0–80); vertical lines lean by it. */
  shearRange: number;
  /** Horizontal shift drawn uniformly from ±widthShiftRange × width (a fraction, 0–1). */
  widthShiftRange: number;
  /** Vertical shift drawn uniformly from ±heightShiftRange × height (a fraction, 0–1). */
  heightShiftRange: number;
  /** Zoom factors zx and zy drawn independently from [min, max]; > 1 zooms out (Keras's sense). */
  zoomRange: [number, number];
  /** Mirror left–right for half of the samples. */
  horizontalFlip: boolean;
  /** Mirror top–bottom for half of the samples (off for axial brains: nobody is upside-down). */
  verticalFlip: boolean;
  fillMode: FillMode;
  /** Value used outside the image when fillMode is 'constant'. */
  cval: number;
}

/** Lesson 2 (and the lesson 1 bonus): mild, anatomically plausible transforms. */
export const DEFAULT_AUGMENT: Readonly<AugmentConfig> = Object.freeze({
  rotationRange: 10,
  // 10° is about what the original's 0.2 (read as radians, 11.5°) was meant to give.
  shearRange: 10,
  widthShiftRange: 0.1,
  heightShiftRange: 0.1,
  zoomRange: [0.8, 1.2] as [number, number],
  horizontalFlip: true,
  verticalFlip: false,
  fillMode: 'nearest' as FillMode,
  cval: 0,
});

/** A configuration that leaves every sample unchanged (validation data, "augmentation off"). */
export const NO_AUGMENT: Readonly<AugmentConfig> = Object.freeze({
  rotationRange: 0,
  shearRange: 0,
  widthShiftRange: 0,
  heightShiftRange: 0,
  zoomRange: [1, 1] as [number, number],
  horizontalFlip: false,
  verticalFlip: false,
  fillMode: 'nearest' as FillMode,
  cval: 0,
});

const FILL_MODES: readonly FillMode[] = ['nearest', 'constant', 'reflect', 'wrap'];

function checkRange(name: string, value: unknown, min: number, max: number, unit: string, hint: string): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw new SettingsError(`Expected ${name} to be a number from ${min} to ${max}${unit}, but got ${String(value)}.`, hint);
  }
}

/** Throws a SettingsError naming the first field of `config` that is missing or out of range. */
export function assertAugmentConfig(config: AugmentConfig): void {
  checkRange('rotationRange', config.rotationRange, 0, 180, ' degrees', 'Typical values are 5–20 degrees; 0 turns rotation off.');
  checkRange('shearRange', config.shearRange, 0, 80, ' degrees', 'Shear is an angle in degrees (not radians); typical values are 5–15.');
  checkRange('widthShiftRange', config.widthShiftRange, 0, 1, ' (a fraction of the width)', 'Use 0.1 for ±10 % of the width.');
  checkRange('heightShiftRange', config.heightShiftRange, 0, 1, ' (a fraction of the height)', 'Use 0.1 for ±10 % of the height.');
  const zoom = config.zoomRange;
  if (!Array.isArray(zoom) || zoom.length !== 2) {
    throw new SettingsError(`Expected zoomRange to be [min, max], but got ${JSON.stringify(zoom)}.`, 'Use [0.8, 1.2] for ±20 % zoom, or [1, 1] for none.');
  }
  checkRange('zoomRange[0]', zoom[0], 0.1, 10, '', 'Zoom factors are ratios: 0.8 zooms in, 1.2 zooms out.');
  checkRange('zoomRange[1]', zoom[1], zoom[0], 10, ' (not below zoomRange[0])', 'Write the smaller zoom factor first: [0.8, 1.2].');
  if (typeof config.horizontalFlip !== 'boolean' || typeof config.verticalFlip !== 'boolean') {
    throw new SettingsError('Expected horizontalFlip and verticalFlip to be true or false.', 'Flips are switched on or off, not given a probability.');
  }
  if (!FILL_MODES.includes(config.fillMode)) {
    throw new SettingsError(`Expected fillMode to be one of ${FILL_MODES.join(', ')}, but got ${String(config.fillMode)}.`, "'nearest' repeats the edge pixel, as the lesson does.");
  }
  if (typeof config.cval !== 'number' || !Number.isFinite(config.cval)) {
    throw new SettingsError(`Expected cval to be a finite number, but got ${String(config.cval)}.`, 'cval is the value put outside the image in constant fill mode, usually 0.');
  }
}
