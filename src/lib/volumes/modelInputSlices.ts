/**
 * The one way a volume's axial slices become a model's input slices (HU clipped, resampled in-plane to
 * size×size with the aspect kept), shared by the import of a lesson file and by a prediction, and the
 * way back from the model's slices onto the volume's own pixel grid.
 */
import { ShapeError } from '../errors';
import { resampleSlices } from './resampleSlices';
import type { SliceStack } from './toAxialSlices';
import type { Volume } from './types';

/** The HU range the course's CT files hold (air outside the field of view is often −2048 or −3024). */
export const CT_CLIP_HU: readonly [number, number] = [-1024, 3071];

/**
 * The range a volume's values are clipped to before they become model slices: `clipHu` (default
 * CT_CLIP_HU) when the volume is in HU, null (no clipping) otherwise or when `clipHu` is null.
 */
export function huClipRange(volume: Pick<Volume, 'units'>, clipHu?: readonly [number, number] | null): readonly [number, number] | null {
  return volume.units === 'HU' && clipHu !== null ? (clipHu ?? CT_CLIP_HU) : null;
}

/** How model slices lie over the volume's slices: size×size square pixels of `spacing` mm, centred. */
export interface ModelSliceGrid {
  size: number;
  spacing: number;
}

/**
 * Image slices ([count, height, width]) as a model takes them: clipped to `clip` when given (on a copy, or
 * in `slices` itself with `inPlace` when the caller's copy is its own), then bilinearly resampled to
 * [count, size, size] at `spacing` mm, padded with each slice's minimum. Returns a new stack the caller owns.
 */
export function modelInputSlices<T extends SliceStack>(slices: T, options: ModelSliceGrid & { clip: readonly [number, number] | null; inPlace?: boolean }): T {
  const { clip, size, spacing } = options;
  let data = slices.data;
  if (clip) {
    // A 512×512×300 CT is 315 MB of float32: the import clips the slices it has just read without a copy.
    if (!options.inPlace) data = new Float32Array(slices.data.length);
    for (let v = 0; v < data.length; v++) data[v] = Math.min(clip[1], Math.max(clip[0], slices.data[v]));
  }
  return resampleSlices({ ...slices, data }, { size, spacing, interpolation: 'linear' });
}

/** Model-grid coordinate (index units, pixel centres at whole numbers) of each of `n` source pixels of `pixelMm` along one axis. */
function modelCoordinates(n: number, pixelMm: number, grid: ModelSliceGrid): Float64Array {
  const coords = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    // Both grids are centred on the field of view: the same mapping resampleSlices uses, solved the other way.
    const coord = ((i + 0.5 - n / 2) * pixelMm) / grid.spacing + grid.size / 2 - 0.5;
    // Rounding in the spacings must not blend neighbours where the grids coincide.
    const whole = Math.round(coord);
    coords[i] = Math.abs(coord - whole) < 1e-9 ? whole : coord;
  }
  return coords;
}

/**
 * The inverse of modelInputSlices for a model's outputs: `values` ([count, size, size], probabilities or
 * intensities) bilinearly sampled at the centres of the source slices' pixels, giving [count, height,
 * width] on the slices' own grid (padding dropped, in-plane resampling undone). Where the grids coincide
 * the values are copied exactly; a pixel outside the model's field of view gets `outside` (default 0).
 * Returns a new array the caller owns.
 */
export function fromModelSlices(
  values: ArrayLike<number>,
  slices: Pick<SliceStack, 'count' | 'height' | 'width' | 'rowSpacingMm' | 'columnSpacingMm'>,
  grid: ModelSliceGrid & { outside?: number },
): Float32Array {
  const { count, height, width } = slices;
  const { size } = grid;
  if (values.length !== count * size * size) {
    throw new ShapeError(`Expected ${count}×${size}×${size} = ${count * size * size} model outputs, but got ${values.length}.`, 'Pass one output per pixel of the model slices, in their order.');
  }
  const outside = grid.outside ?? 0;
  const rows = modelCoordinates(height, slices.rowSpacingMm, grid);
  const columns = modelCoordinates(width, slices.columnSpacingMm, grid);
  const inGrid = (coord: number) => coord >= -0.5 && coord < size - 0.5;
  const out = new Float32Array(count * height * width);
  for (let s = 0; s < count; s++) {
    const base = s * size * size;
    const at = (r: number, c: number) => values[base + r * size + c];
    for (let r = 0; r < height; r++) {
      const y = rows[r];
      const y0 = Math.floor(y);
      const fy = y - y0;
      const r0 = Math.max(0, y0);
      const r1 = Math.min(size - 1, y0 + 1);
      for (let c = 0; c < width; c++) {
        const x = columns[c];
        const index = s * height * width + r * width + c;
        if (!inGrid(y) || !inGrid(x)) {
          out[index] = outside;
          continue;
        }
        const x0 = Math.floor(x);
        const fx = x - x0;
        const c0 = Math.max(0, x0);
        const c1 = Math.min(size - 1, x0 + 1);
        // A zero weight skips the second neighbour, so coinciding pixels are copied exactly.
        const top = fx === 0 ? at(r0, c0) : at(r0, c0) * (1 - fx) + at(r0, c1) * fx;
        out[index] = fy === 0 ? top : top * (1 - fy) + (fx === 0 ? at(r1, c0) : at(r1, c0) * (1 - fx) + at(r1, c1) * fx) * fy;
      }
    }
  }
  return out;
}
