/**
 * A volume prediction scored against a reference on the image's own grid: 3-D Dice and HD95 (mm) for a
 * mask, MAE, PSNR and SSIM inside the head for an image. Framework-free; the metric code is the shared
 * one in src/lib/losses/volumeMetrics.
 */
import { headMask } from '../data/headMask';
import { TARGET_SCALE_PERCENTILE, divideInPlace, targetScale } from '../data/targetScale';
import { DatasetFormatError } from '../errors';
import { formatValue } from '../losses/metrics';
import { dice3d, hausdorff95, regionIntensityMetrics } from '../losses/volumeMetrics';
import { labelMask } from '../volumes/labelMask';
import { resampleOnto } from '../volumes/resampleOnto';
import { toAxialMask, toAxialSlices, type AxialLayout } from '../volumes/toAxialSlices';
import type { Volume } from '../volumes/types';
import { volumeLabel } from '../volumes/volumeLabel';
import type { VolumeMetric } from './volumeProtocol';

/** More distinct values than this, or any fractional one, and a "mask" is an image, not a label map. */
const MAX_LABELS = 255;

/** Refuses a reference that is an image where a mask is due (a scan passed with --mask), before it becomes "all non-zero". */
function assertMaskLike(reference: Volume, task: string): void {
  const seen = new Set<number>();
  for (const value of reference.data) {
    if (Number.isNaN(value)) continue;
    if (Number.isInteger(value)) {
      seen.add(value);
      if (seen.size <= MAX_LABELS) continue;
    }
    throw new DatasetFormatError(
      `Expected the reference ${volumeLabel(reference)} to be a mask or label map for the ${task} model, but it holds ${Number.isInteger(value) ? `more than ${MAX_LABELS} distinct values` : `the fractional value ${value}`}, like an image.`,
      'Pass the segmentation of this scan as the reference (--mask), or score an image-to-image model with --target.',
    );
  }
}

/** Refuses a 0/1 mask where a target image is due: its MAE would compare intensities to labels. */
function assertImageLike(reference: Volume, task: string): void {
  for (const value of reference.data) if (value !== 0 && value !== 1) return;
  throw new DatasetFormatError(
    `Expected the reference ${volumeLabel(reference)} to be a target image for the ${task} model, but it holds only 0 and 1, like a segmentation mask.`,
    'Pass the target image of this scan (for example its T2-weighted scan) with --target; a mask scores a segmentation model (--mask).',
  );
}

const metric = (key: string, label: string, value: number, digits: number): VolumeMetric => ({ key, label, value, text: formatValue(value, digits) });

/** The largest minus the smallest value inside `region` (> 0.5): the peak PSNR is measured against. */
function rangeInside(values: ArrayLike<number>, region: ArrayLike<number>): number {
  let low = Infinity;
  let high = -Infinity;
  for (let v = 0; v < values.length; v++) {
    if (region[v] > 0.5) {
      low = Math.min(low, values[v]);
      high = Math.max(high, values[v]);
    }
  }
  return high > low ? high - low : 1;
}

/** A reference on the image's grid, as axial slices in the display convention, ready to score against. */
export interface PreparedReference {
  /** [count, height, width] like the image's axial slices: a 0/1 mask (binary) or intensities as stored. */
  truth: Float32Array | Uint8Array;
  /** The reference's units when its file says (e.g. 'HU'), else null. */
  units: string | null;
  /**
   * For an image reference, the factor it was divided by to put it in the course's target units (its
   * 99.95th percentile, src/lib/data/targetScale.ts), which a model's output is in; 1 for a mask.
   */
  scale: number;
  /** Set when the grids differed and the reference was resampled onto the image's. */
  warnings: string[];
}

/**
 * The reference put on the image's grid: a mask (binary-target tasks; `label` picks one value, default every
 * non-zero voxel) by nearest neighbour, an image trilinearly; through the affines when the grids differ,
 * which a warning says; refused when they do not overlap. Throws a DatasetFormatError for a reference whose
 * kind does not fit the task (a mask for an image-to-image model, an image for a segmentation model).
 * `reference` is not changed unless `consume` (a mask is then made in its array).
 */
export function prepareReference(options: { image: Volume; reference: Volume; binary: boolean; label?: number; task: string; consume?: boolean }): PreparedReference {
  const { image, reference, binary, task } = options;
  if (binary) assertMaskLike(reference, task);
  else assertImageLike(reference, task);
  // With `consume` the reference is a reader's copy nobody else holds: the mask is made over it, not beside it.
  const source = binary ? labelMask(reference, { inPlace: options.consume ?? false, ...(options.label === undefined ? {} : { label: options.label }) }) : reference;
  // Shared when the grids match: the axial slices below are a copy of their own anyway.
  const onGrid = resampleOnto(source, image, binary ? 'nearest' : 'linear', { share: true });
  // A mask as bytes: a quarter of the memory of float32 on a full-size scan.
  // An image reference in the course's target units, as the model learnt to predict them, whatever factor its file stored it with.
  const scale = binary ? 1 : targetScale(onGrid.volume.data, volumeLabel(reference));
  const truth = binary ? toAxialMask(onGrid.volume) : divideInPlace(toAxialSlices(onGrid.volume).data, scale);
  return { truth, units: reference.units, scale, warnings: onGrid.note ? [onGrid.note] : [] };
}

/**
 * The volume metrics of a prediction against a prepared reference, both [count, height, width] on the
 * image's axial slices (`layout`, from axialLayout): 3-D Dice and HD95 in mm (contiguous slices, 3-D boundaries) for a mask; MAE, PSNR
 * and SSIM inside the head (a head mask from the image's slices, as the translation lesson scores) otherwise.
 */
export function scoreAgainstReference(options: { image: Volume; layout: AxialLayout; prediction: ArrayLike<number>; reference: PreparedReference; binary: boolean }): VolumeMetric[] {
  const { image, layout, prediction, binary } = options;
  const { truth } = options.reference;
  const { count, height, width } = layout;
  if (binary) {
    const slicePositions = Array.from({ length: count }, (_, s) => s * layout.sliceSpacingMm);
    const hd95 = hausdorff95(truth, prediction, { slices: count, height, width, rowSpacing: layout.rowSpacingMm, columnSpacing: layout.columnSpacingMm, slicePositions });
    return [metric('dice3d', '3-D Dice (whole volume)', dice3d(truth, prediction), 3), metric('hd95Mm', 'HD95 (mm, 3-D boundaries)', hd95, 2)];
  }
  const head = headMask(toAxialSlices(image).data, count, height, width);
  // Both in the course's target units: the reference divided by its own bright end, as lesson targets are.
  const dataRange = rangeInside(truth, head);
  const region = regionIntensityMetrics(truth, prediction, head, { slices: count, height, width, dataRange });
  const units = `target units: fractions of the reference's ${TARGET_SCALE_PERCENTILE}th percentile, ${formatValue(options.reference.scale, 4)}${options.reference.units ? ` ${options.reference.units}` : ''}`;
  return [
    metric('maeInHead', `MAE inside the head (${units})`, region.mae, 4),
    metric('psnrInHead', `PSNR inside the head (dB, peak = the reference's range there, ${formatValue(dataRange, 4)})`, region.psnr, 1),
    metric('ssimInHead', 'SSIM inside the head', region.ssim, 3),
  ];
}
