/**
 * A volume's axial slices in the course's display convention, for any affine, without resampling:
 * slices from inferior to superior, each with anterior at the top row and the patient's right on the
 * image's left (radiological). Voxel axes are only permuted and flipped, so every pixel is a voxel.
 */
import { DatasetFormatError } from '../errors';
import { OBLIQUE_TOLERANCE_DEGREES, voxelOrientation, type WorldAxis } from './orientation';
import type { Volume } from './types';

/** How one display axis (slice, row or column) reads the voxel grid: which voxel axis, and reversed or not. */
export interface DisplayAxis {
  /** 0 = i, 1 = j, 2 = k. */
  voxelAxis: 0 | 1 | 2;
  /** True when display index 0 is the voxel axis's last index. */
  flipped: boolean;
}

/** A stack of 2-D slices, [count, height, width] row-major float32, with its pixel size. */
export interface SliceStack {
  count: number;
  height: number;
  width: number;
  data: Float32Array;
  /** Millimetres between row centres (the vertical pixel size) and between column centres. */
  rowSpacingMm: number;
  columnSpacingMm: number;
}

/** Axial slices of a volume in display order, with how they map back onto the volume's grid. */
export interface AxialSlices extends SliceStack {
  /** Millimetres between slice centres. */
  sliceSpacingMm: number;
  /** The input grid's orientation letters (where i, j, k point), e.g. 'LPS' or 'RAS'. */
  orientation: string;
  /** Slice, row and column axes in terms of the voxel grid. */
  axes: [DisplayAxis, DisplayAxis, DisplayAxis];
  /** The volume's dims (i, j, k), to map results back onto its grid. */
  dims: [number, number, number];
  /** Largest angle between a voxel axis and the world axis it stands for, in degrees. */
  obliquityDegrees: number;
  /** What was noticed: an oblique grid, shown along its closest axes. */
  warnings: string[];
}

// Display axis → world axis, and the world direction display index 0 → n−1 runs in:
// slices go superior (+z), rows go posterior (−y), columns go to the patient's left (−x).
const DISPLAY: ReadonlyArray<{ world: WorldAxis; direction: 1 | -1 }> = [
  { world: 2, direction: 1 },
  { world: 1, direction: -1 },
  { world: 0, direction: -1 },
];

function assertUsableAffine(volume: Volume): void {
  const { affine, dims, data } = volume;
  if (affine.length !== 16 || !affine.every(Number.isFinite)) {
    throw new DatasetFormatError(
      `Expected ${volume.source.files[0] ?? 'the volume'} to have a finite 4×4 affine (16 numbers), but got ${affine.length} value(s)${affine.every(Number.isFinite) ? '' : ' with NaN or Infinity'}.`,
      'Re-save the volume with a valid orientation (sform or qform), for example with nibabel or 3D Slicer.',
    );
  }
  if (!dims.every((n) => Number.isInteger(n) && n > 0) || data.length !== dims[0] * dims[1] * dims[2]) {
    throw new DatasetFormatError(
      `Expected ${dims.join('×')} = ${dims[0] * dims[1] * dims[2]} voxels, but the volume holds ${data.length}.`,
      'The reader produced an inconsistent volume; re-save the file and try again.',
    );
  }
}

/** Start offset and step in the voxel array for each display axis. */
function displaySteps(axes: AxialSlices['axes'], dims: readonly number[]): { start: number; steps: [number, number, number] } {
  const strides = [1, dims[0], dims[0] * dims[1]];
  let start = 0;
  const steps = axes.map(({ voxelAxis, flipped }) => {
    if (flipped) start += (dims[voxelAxis] - 1) * strides[voxelAxis];
    return flipped ? -strides[voxelAxis] : strides[voxelAxis];
  }) as [number, number, number];
  return { start, steps };
}

/** Everything toAxialSlices says of a volume except the pixels: how its grid reads as axial slices. */
export type AxialLayout = Omit<AxialSlices, 'data'>;

/**
 * How a volume reads as axial slices in the display convention (slice 0 inferior, row 0 anterior,
 * column 0 the patient's right), without copying a voxel: the voxel axis closest to each world axis
 * becomes the slice, row or column axis. Oblique grids get a warning naming the angle.
 */
export function axialLayout(volume: Volume): AxialLayout {
  assertUsableAffine(volume);
  const orientation = voxelOrientation(volume.affine);
  const axes = DISPLAY.map(({ world, direction }) => {
    const voxelAxis = orientation.axes.findIndex((a) => a.worldAxis === world) as 0 | 1 | 2;
    return { voxelAxis, flipped: orientation.axes[voxelAxis].sign !== direction };
  }) as AxialSlices['axes'];
  const [count, height, width] = axes.map((a) => volume.dims[a.voxelAxis]);
  const warnings: string[] = [];
  if (orientation.obliquityDegrees > OBLIQUE_TOLERANCE_DEGREES) {
    warnings.push(
      `The volume's grid is oblique: its axes lie up to ${orientation.obliquityDegrees.toFixed(orientation.obliquityDegrees < 1 ? 2 : 1)}° from the patient's axes, so the slices are shown along the closest axes (${orientation.codes}) without resampling and are tilted by that much.`,
    );
  }
  const spacing = axes.map((a) => volume.spacing[a.voxelAxis]);
  return {
    count, height, width,
    sliceSpacingMm: spacing[0], rowSpacingMm: spacing[1], columnSpacingMm: spacing[2],
    orientation: orientation.codes,
    axes,
    dims: [...volume.dims],
    obliquityDegrees: orientation.obliquityDegrees,
    warnings,
  };
}

/**
 * Copies display slices `indices` of a volume (laid out by `layout`, from axialLayout) into a new stack,
 * in that order: like pickSlices(toAxialSlices(volume), indices) without the copy of the whole volume,
 * so a 512×512×300 scan costs only the slices a lesson keeps. `count` is indices.length.
 */
export function readAxialSlices(volume: Volume, layout: AxialLayout, indices: readonly number[]): AxialSlices {
  const { height, width } = layout;
  const { start, steps } = displaySteps(layout.axes, volume.dims);
  const data = new Float32Array(indices.length * height * width);
  let out = 0;
  for (const s of indices) {
    if (!Number.isInteger(s) || s < 0 || s >= layout.count) {
      throw new DatasetFormatError(`Expected slice indices from 0 to ${layout.count - 1}, but got ${s}.`, 'Pick slices the volume has.');
    }
    for (let r = 0; r < height; r++) {
      let offset = start + s * steps[0] + r * steps[1];
      for (let c = 0; c < width; c++, offset += steps[2]) data[out++] = volume.data[offset];
    }
  }
  return { ...layout, count: indices.length, data };
}

/**
 * A mask volume's axial slices as bytes (1 where the voxel is above 0.5), in the display order of
 * toAxialSlices: a quarter of the float32 copy's memory on a full-size scan.
 */
export function toAxialMask(volume: Volume): Uint8Array {
  const layout = axialLayout(volume);
  const { count, height, width } = layout;
  const { start, steps } = displaySteps(layout.axes, volume.dims);
  const out = new Uint8Array(count * height * width);
  let at = 0;
  for (let s = 0; s < count; s++) {
    for (let r = 0; r < height; r++) {
      let offset = start + s * steps[0] + r * steps[1];
      for (let c = 0; c < width; c++, offset += steps[2]) out[at++] = volume.data[offset] > 0.5 ? 1 : 0;
    }
  }
  return out;
}

/**
 * The volume's axial slices, [count, height, width] in the display convention, pixel-exact for any
 * affine (see axialLayout). The caller owns the new arrays; the volume is not changed.
 */
export function toAxialSlices(volume: Volume): AxialSlices {
  const layout = axialLayout(volume);
  return readAxialSlices(volume, layout, Array.from({ length: layout.count }, (_, s) => s));
}

/**
 * The inverse of toAxialSlices: `values` laid out as its slices ([count, height, width], e.g. a model's
 * predictions) put back in the volume's voxel order (i fastest), into `out` when given (e.g. a Uint8Array
 * for a mask: a quarter of float32's memory on a full-size scan), else a new Float32Array the caller owns.
 */
export function fromAxialSlices<T extends Float32Array | Uint8Array = Float32Array>(
  values: ArrayLike<number>, slices: Pick<AxialSlices, 'axes' | 'dims' | 'count' | 'height' | 'width'>, out?: T,
): T {
  const { count, height, width, dims } = slices;
  if (values.length !== count * height * width) {
    throw new DatasetFormatError(
      `Expected ${count}×${height}×${width} = ${count * height * width} values to put back on the volume's grid, but got ${values.length}.`,
      'Pass one value per pixel of the axial slices, at their size before resampling.',
    );
  }
  const { start, steps } = displaySteps(slices.axes, dims);
  if (out && out.length !== values.length) {
    throw new DatasetFormatError(`Expected an output array of ${values.length} voxels, but got ${out.length}.`, 'Pass an array with one element per voxel of the volume.');
  }
  const data = out ?? (new Float32Array(values.length) as T);
  let index = 0;
  for (let s = 0; s < count; s++) {
    for (let r = 0; r < height; r++) {
      let offset = start + s * steps[0] + r * steps[1];
      for (let c = 0; c < width; c++, offset += steps[2]) data[offset] = values[index++];
    }
  }
  return data;
}
