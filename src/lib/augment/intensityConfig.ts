import { SettingsError } from '../errors';

/**
 * One image's change of intensities, in plain numbers (safe to post between worker and page). Every
 * amount is relative to the image itself, so the same numbers mean the same change on Hounsfield
 * units, on arbitrary MR units and on z-scored inputs:
 * - bias: a smooth multiplicative field exp(b₁x + b₂y + b₃x² + b₄y² + b₅xy) over x, y ∈ [−1, 1],
 *   applied above the image's minimum (the background stays), as coil shading or beam hardening does.
 * - blurSigma: Gaussian blur, σ in pixels (a softer reconstruction kernel, motion).
 * - lowRes: sampled down by this factor (nearest) and back up (bilinear): thicker or coarser acquisitions.
 * - contrast: multiplies each pixel's distance from the image's mean.
 * - brightness: added after contrast, in units of the image's standard deviation.
 * - gamma: exponent on the image rescaled to [0, 1] by its own minimum and maximum (a non-linear
 *   change of contrast that no per-image z-score undoes).
 * - noiseStd: Gaussian noise added last, its σ in units of the image's standard deviation.
 */
export interface IntensityParams {
  bias: [number, number, number, number, number];
  blurSigma: number;
  lowRes: number;
  contrast: number;
  brightness: number;
  gamma: number;
  noiseStd: number;
}

/** The change that changes nothing. */
export const IDENTITY_INTENSITY: Readonly<IntensityParams> = Object.freeze({
  bias: [0, 0, 0, 0, 0] as [number, number, number, number, number],
  blurSigma: 0,
  lowRes: 1,
  contrast: 1,
  brightness: 0,
  gamma: 1,
  noiseStd: 0,
});

/** True when `params` leaves an image exactly as it is. */
export function isIdentityIntensity(params: IntensityParams): boolean {
  return params.bias.every((b) => b === 0) && params.blurSigma === 0 && params.lowRes === 1 &&
    params.contrast === 1 && params.brightness === 0 && params.gamma === 1 && params.noiseStd === 0;
}

/**
 * Random intensity augmentation, as nnU-Net and SynthSeg use it: each change is applied to a sample
 * with its own probability, its amount drawn uniformly from its range. A probability of 0 turns a
 * change off. Ranges are in the units of IntensityParams.
 */
export interface IntensityAugmentConfig {
  /** The field's largest |log| anywhere in the image is at most this (0.3: shading between ×0.74 and ×1.35). */
  bias: { probability: number; max: number };
  blur: { probability: number; sigma: [number, number] };
  lowRes: { probability: number; factor: [number, number] };
  contrast: { probability: number; range: [number, number] };
  brightness: { probability: number; max: number };
  gamma: { probability: number; range: [number, number] };
  noise: { probability: number; std: [number, number] };
}

/** The name of one change, as IntensityAugmentConfig keys it. */
export type IntensityChange = keyof IntensityAugmentConfig;

/** Every change, in the order intensityBatch applies them (bias field first, noise last). */
export const INTENSITY_CHANGES: readonly IntensityChange[] = ['bias', 'blur', 'lowRes', 'contrast', 'brightness', 'gamma', 'noise'];

/** Changes that keep a target image right (acquisition, not tissue contrast): for translation, where the target would not change with them. */
export const ACQUISITION_CHANGES = ['bias', 'blur', 'lowRes', 'noise'] as const;

/** nnU-Net's intensity transforms and probabilities, adapted: every change on, each for some of the samples. */
export const DEFAULT_INTENSITY_AUGMENT: Readonly<IntensityAugmentConfig> = Object.freeze({
  bias: { probability: 0.3, max: 0.3 },
  blur: { probability: 0.2, sigma: [0.5, 1] as [number, number] },
  lowRes: { probability: 0.25, factor: [1, 2] as [number, number] },
  contrast: { probability: 0.15, range: [0.75, 1.25] as [number, number] },
  brightness: { probability: 0.15, max: 0.25 },
  gamma: { probability: 0.3, range: [0.7, 1.5] as [number, number] },
  noise: { probability: 0.15, std: [0, 0.1] as [number, number] },
});

/** The same configuration with only the changes named kept (the others' probability 0). */
export function onlyChanges(config: IntensityAugmentConfig, keep: readonly IntensityChange[]): IntensityAugmentConfig {
  const out = structuredClone(config) as IntensityAugmentConfig;
  for (const name of Object.keys(out) as IntensityChange[]) {
    if (!keep.includes(name)) out[name].probability = 0;
  }
  return out;
}

function checkNumber(name: string, value: unknown, min: number, max: number, hint: string): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw new SettingsError(`Expected ${name} to be a number from ${min} to ${max}, but got ${String(value)}.`, hint);
  }
}

function checkRange(name: string, range: unknown, min: number, max: number, hint: string): void {
  if (!Array.isArray(range) || range.length !== 2) {
    throw new SettingsError(`Expected ${name} to be [low, high], but got ${JSON.stringify(range)}.`, hint);
  }
  checkNumber(`${name}[0]`, range[0], min, max, hint);
  checkNumber(`${name}[1]`, range[1], range[0] as number, max, `${hint} Write the lower bound first.`);
}

/** Throws a SettingsError naming the first field of `config` that is missing or out of range. */
export function assertIntensityAugmentConfig(config: IntensityAugmentConfig): void {
  for (const name of INTENSITY_CHANGES) {
    checkNumber(`${name}.probability`, config[name]?.probability, 0, 1, 'A probability from 0 (never) to 1 (every sample).');
  }
  checkNumber('bias.max', config.bias.max, 0, 1, 'Bias coefficients above 1 would change intensities several-fold; 0.3 is typical.');
  checkRange('blur.sigma', config.blur.sigma, 0, 4, 'Blur σ is in pixels; 0.5–1 is typical.');
  checkRange('lowRes.factor', config.lowRes.factor, 1, 4, 'A factor of 2 halves the resolution; 1 keeps it.');
  checkRange('contrast.range', config.contrast.range, 0.1, 3, 'Contrast multiplies distances from the mean: [0.75, 1.25] is typical.');
  checkNumber('brightness.max', config.brightness.max, 0, 2, 'Brightness is added in standard deviations of the image; 0.25 is typical.');
  checkRange('gamma.range', config.gamma.range, 0.2, 5, 'Gamma 1 changes nothing; [0.7, 1.5] is typical.');
  checkRange('noise.std', config.noise.std, 0, 2, 'Noise σ is in standard deviations of the image; up to 0.1 is typical.');
}
