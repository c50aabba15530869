import type { AugmentConfig, FillMode } from './augmentConfig';
import { INTENSITY_CHANGES, isIdentityIntensity, type IntensityChange, type IntensityParams } from './intensityConfig';
import type { AugmentParams } from './sampleAugmentParams';

const FILL_TEXT: Record<FillMode, (cval: number) => string> = {
  nearest: () => 'Outside the image: repeat the nearest edge pixel.',
  constant: (cval) => `Outside the image: the constant value ${cval}.`,
  reflect: () => 'Outside the image: mirror the image at its edge.',
  wrap: () => 'Outside the image: tile the image (the opposite edge comes in).',
};

function formatNumber(value: number, digits = 1): string {
  return Number(value.toFixed(digits)).toString();
}

function signed(value: number, digits = 1): string {
  const rounded = Number(value.toFixed(digits));
  if (rounded === 0) return '0';
  return rounded > 0 ? `+${rounded}` : `−${-rounded}`;
}

function percent(fraction: number): string {
  return `${formatNumber(fraction * 100)} %`;
}

/** One plain-language line per setting of `config`, for the lesson UI (units always stated). */
export function describeAugment(config: AugmentConfig): string[] {
  const lines: string[] = [];
  lines.push(config.rotationRange > 0
    ? `Rotation: a random angle within ±${formatNumber(config.rotationRange)}° (positive turns counter-clockwise).`
    : 'Rotation: off.');
  lines.push(config.shearRange > 0
    ? `Shear: a random angle within ±${formatNumber(config.shearRange, 2)}° (degrees, not radians).`
    : 'Shear: off.');
  if (config.shearRange > 0 && config.shearRange < 1) {
    const radians = formatNumber((config.shearRange * 180) / Math.PI);
    lines.push(`Note: a shear of ${formatNumber(config.shearRange, 2)}° is invisible; ${formatNumber(config.shearRange, 2)} radians would be ${radians}°.`);
  }
  lines.push(config.widthShiftRange > 0
    ? `Horizontal shift: up to ±${percent(config.widthShiftRange)} of the width.`
    : 'Horizontal shift: off.');
  lines.push(config.heightShiftRange > 0
    ? `Vertical shift: up to ±${percent(config.heightShiftRange)} of the height.`
    : 'Vertical shift: off.');
  const [zoomMin, zoomMax] = config.zoomRange;
  lines.push(zoomMin === 1 && zoomMax === 1
    ? 'Zoom: off.'
    : `Zoom: factors from ${formatNumber(zoomMin, 2)} to ${formatNumber(zoomMax, 2)}, drawn separately for width and height (below 1 zooms in, above 1 zooms out).`);
  lines.push(config.horizontalFlip ? 'Horizontal flip: half of the samples are mirrored left–right.' : 'Horizontal flip: off.');
  lines.push(config.verticalFlip
    ? 'Vertical flip: half of the samples are turned upside-down.'
    : 'Vertical flip: off.');
  lines.push(FILL_TEXT[config.fillMode](config.cval));
  return lines;
}

/** A one-line summary of one drawn transform, for the preview caption. */
export function describeAugmentParams(params: AugmentParams): string {
  const parts = [
    `rotation ${signed(params.theta)}°`,
    `shear ${signed(params.shear)}°`,
    `shift ${signed(params.tx)} px, ${signed(params.ty)} px`,
    `zoom ${formatNumber(params.zx, 2)} × ${formatNumber(params.zy, 2)}`,
  ];
  if (params.flipH) parts.push('flipped left–right');
  if (params.flipV) parts.push('flipped upside-down');
  return parts.join(', ');
}

/** Each intensity change in words, for lists of what a task's augmentation may change. */
export const INTENSITY_CHANGE_WORDS: Readonly<Record<IntensityChange, string>> = {
  bias: 'bias field (smooth shading)',
  blur: 'blur',
  lowRes: 'lower resolution',
  contrast: 'contrast',
  brightness: 'brightness',
  gamma: 'gamma',
  noise: 'noise',
};

/** "blur, lower resolution and noise": the changes named, in the order they are applied; "none" for none. */
export function describeIntensityChanges(changes: readonly IntensityChange[]): string {
  const words = INTENSITY_CHANGES.filter((name) => changes.includes(name)).map((name) => INTENSITY_CHANGE_WORDS[name]);
  if (words.length === 0) return 'none';
  return words.length === 1 ? words[0] : `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
}

/** Lowest and highest factor of a bias field over the image (x, y ∈ [−1, 1], on a 17 × 17 grid that includes the corners). */
function biasSpan(bias: IntensityParams['bias']): [number, number] {
  let low = Infinity;
  let high = -Infinity;
  for (let i = 0; i <= 16; i++) {
    for (let j = 0; j <= 16; j++) {
      const x = i / 8 - 1;
      const y = j / 8 - 1;
      const factor = Math.exp(bias[0] * x + bias[1] * y + bias[2] * x * x + bias[3] * y * y + bias[4] * x * y);
      low = Math.min(low, factor);
      high = Math.max(high, factor);
    }
  }
  return [low, high];
}

/**
 * One drawn intensity change in a few words, in the order it is applied, e.g. "gamma 1.32, noise
 * 0.06σ" (σ: the image's own standard deviation); "no intensity change" for the identity.
 */
export function describeIntensityParams(params: IntensityParams): string {
  if (isIdentityIntensity(params)) return 'no intensity change';
  const parts: string[] = [];
  if (params.bias.some((b) => b !== 0)) {
    const [low, high] = biasSpan(params.bias);
    parts.push(`shading ×${formatNumber(low, 2)} to ×${formatNumber(high, 2)}`);
  }
  if (params.blurSigma > 0) parts.push(`blur σ ${formatNumber(params.blurSigma)} px`);
  if (params.lowRes > 1) parts.push(`resolution ÷${formatNumber(params.lowRes)}`);
  if (params.contrast !== 1) parts.push(`contrast ×${formatNumber(params.contrast, 2)}`);
  if (params.brightness !== 0) parts.push(`brightness ${signed(params.brightness, 2)}σ`);
  if (params.gamma !== 1) parts.push(`gamma ${formatNumber(params.gamma, 2)}`);
  if (params.noiseStd > 0) parts.push(`noise ${formatNumber(params.noiseStd, 2)}σ`);
  return parts.join(', ');
}
