/**
 * In-plane resampling of a stack of slices to size×size square pixels, keeping the aspect ratio in
 * millimetres: the field of view is centred and padded, never stretched.
 */
import { SettingsError } from '../errors';
import type { SliceStack } from './toAxialSlices';

/** 'linear' for images; 'nearest' for masks and label maps, so no value appears that was not in the input. */
export type SliceInterpolation = 'linear' | 'nearest';

export interface ResampleSlicesOptions {
  /** Output height = width in pixels. */
  size: number;
  /** Output pixel size in mm (default: the larger field of view divided by `size`, so the whole slice fits). */
  spacing?: number;
  interpolation: SliceInterpolation;
  /**
   * Value outside the input's field of view: 'minimum' (each slice's own minimum, i.e. its background such as
   * air) or a number. Default 'minimum' for 'linear', 0 for 'nearest' (a mask's background).
   */
  pad?: 'minimum' | number;
}

/** Pixel size that fits the whole field of view of `slices` into size×size pixels. */
export function fittingSpacing(slices: Pick<SliceStack, 'height' | 'width' | 'rowSpacingMm' | 'columnSpacingMm'>, size: number): number {
  return Math.max(slices.height * slices.rowSpacingMm, slices.width * slices.columnSpacingMm) / size;
}

function assertOptions(slices: SliceStack, options: ResampleSlicesOptions): void {
  const { size, spacing } = options;
  if (!Number.isInteger(size) || size < 1 || size > 4096) {
    throw new SettingsError(`Expected the slice size to be a whole number of pixels from 1 to 4096, but got ${size}.`, 'The lessons use 128 (or 256 with a GPU).');
  }
  if (spacing !== undefined && !(spacing > 0 && Number.isFinite(spacing))) {
    throw new SettingsError(`Expected the pixel spacing to be a positive number of millimetres, but got ${spacing}.`, 'Leave it out to fit the whole field of view.');
  }
  if (!(slices.rowSpacingMm > 0) || !(slices.columnSpacingMm > 0)) {
    throw new SettingsError(
      `Expected positive pixel sizes, but the slices have ${slices.rowSpacingMm} × ${slices.columnSpacingMm} mm.`,
      'The volume’s affine has a zero-length axis; re-save it with its voxel size.',
    );
  }
}

/** Input pixel coordinate (index units, centre of pixel i at i) for each output position along one axis, with its sub-samples. */
function coordinates(outSize: number, inSize: number, outSpacing: number, inSpacing: number, subsamples: number): Float64Array {
  const coords = new Float64Array(outSize * subsamples);
  const ratio = outSpacing / inSpacing;
  for (let o = 0; o < outSize; o++) {
    for (let t = 0; t < subsamples; t++) {
      // Sub-samples spread evenly over the output pixel; with one, it is the pixel centre.
      const position = o + (t + 0.5) / subsamples;
      const coord = (position - outSize / 2) * ratio + inSize / 2 - 0.5;
      // Rounding in the spacings (0.8 · 24 / 24 ≠ 0.8) must not blend neighbours or move the edge of the
      // field of view: positions within 1e-9 of a pixel centre or edge are taken as exactly there.
      const half = Math.round(coord * 2) / 2;
      coords[o * subsamples + t] = Math.abs(coord - half) < 1e-9 ? half : coord;
    }
  }
  return coords;
}

const inside = (coord: number, n: number) => coord >= -0.5 && coord < n - 0.5;

/**
 * Resamples every slice of `slices` ([count, height, width]) to [count, size, size] with square pixels of
 * `spacing` mm, centred, padded outside the field of view. 'linear' is bilinear, averaged over each output
 * pixel when shrinking (so fine structure does not alias); 'nearest' copies input values only, so a mask stays a mask.
 * Returns a new stack (the caller owns it) carrying over the other fields of `slices`.
 */
export function resampleSlices<T extends SliceStack>(slices: T, options: ResampleSlicesOptions): T {
  assertOptions(slices, options);
  const { size, interpolation } = options;
  const spacing = options.spacing ?? fittingSpacing(slices, size);
  const { count, height, width } = slices;
  const linear = interpolation === 'linear';
  // Sub-samples per output pixel along each axis: enough that each input pixel is visited when shrinking.
  const subRows = linear ? Math.max(1, Math.ceil(spacing / slices.rowSpacingMm - 1e-9)) : 1;
  const subColumns = linear ? Math.max(1, Math.ceil(spacing / slices.columnSpacingMm - 1e-9)) : 1;
  const rows = coordinates(size, height, spacing, slices.rowSpacingMm, subRows);
  const columns = coordinates(size, width, spacing, slices.columnSpacingMm, subColumns);
  const pad = options.pad ?? (linear ? 'minimum' : 0);
  const out = new Float32Array(count * size * size);
  const perSlice = height * width;
  for (let s = 0; s < count; s++) {
    const base = s * perSlice;
    let padValue = typeof pad === 'number' ? pad : Infinity;
    if (pad === 'minimum') for (let k = 0; k < perSlice; k++) padValue = Math.min(padValue, slices.data[base + k]);
    const at = (r: number, c: number) => slices.data[base + r * width + c];
    const sample = (y: number, x: number): number => {
      if (!inside(y, height) || !inside(x, width)) return padValue;
      if (!linear) return at(Math.min(height - 1, Math.max(0, Math.round(y))), Math.min(width - 1, Math.max(0, Math.round(x))));
      // Between the edge pixel's centre and its outer edge the edge value holds (clamped neighbours).
      const y0 = Math.floor(y);
      const x0 = Math.floor(x);
      const fy = y - y0;
      const fx = x - x0;
      const r0 = Math.max(0, y0);
      const r1 = Math.min(height - 1, y0 + 1);
      const c0 = Math.max(0, x0);
      const c1 = Math.min(width - 1, x0 + 1);
      const top = fx === 0 ? at(r0, c0) : at(r0, c0) * (1 - fx) + at(r0, c1) * fx;
      if (fy === 0) return top;
      const bottom = fx === 0 ? at(r1, c0) : at(r1, c0) * (1 - fx) + at(r1, c1) * fx;
      return top * (1 - fy) + bottom * fy;
    };
    for (let r = 0; r < size; r++) {
      for (let c = 0; c < size; c++) {
        let sum = 0;
        for (let tr = 0; tr < subRows; tr++) {
          for (let tc = 0; tc < subColumns; tc++) sum += sample(rows[r * subRows + tr], columns[c * subColumns + tc]);
        }
        out[s * size * size + r * size + c] = sum / (subRows * subColumns);
      }
    }
  }
  return { ...slices, height: size, width: size, data: out, rowSpacingMm: spacing, columnSpacingMm: spacing };
}
