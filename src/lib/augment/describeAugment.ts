import type { AugmentConfig, FillMode } from './augmentConfig';
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
