/**
 * The second volume of a pair (a mask or a target contrast) put onto the first one's grid through both
 * affines, so that voxel (i, j, k) of each means the same place in the patient.
 */
import { DatasetFormatError } from '../errors';
import { applyAffine, invertAffine, multiplyAffines } from './invertAffine';
import type { Volume } from './types';
import { volumeLabel } from './volumeLabel';

/** 'linear' (trilinear) for images, 'nearest' for masks and label maps. */
export type VolumeInterpolation = 'linear' | 'nearest';

/** A volume on the fixed grid, and what happened on the way. */
export interface ResampledVolume {
  volume: Volume;
  /** A sentence for the learner when the grids differed and the moving volume was resampled; null when they were the same. */
  note: string | null;
  /** Fraction of the fixed grid's voxels that lie inside the moving volume (1 for identical grids). */
  coveredFraction: number;
}

/** Affines equal to this many millimetres (or of a voxel per mm) count as the same grid: file formats round. */
const SAME_GRID_TOLERANCE = 1e-4;
/** Voxel coordinates this close to a whole number are taken as that voxel, so a grid shifted by whole voxels copies values exactly. */
const SNAP = 1e-6;

function sameGrid(a: Volume, b: Volume): boolean {
  return a.dims.every((n, axis) => n === b.dims[axis]) && a.affine.every((v, k) => Math.abs(v - b.affine[k]) <= SAME_GRID_TOLERANCE);
}

function describeGrid(volume: Volume): string {
  return `${volume.dims.join('×')} voxels of ${volume.spacing.map((s) => +s.toFixed(2)).join('×')} mm`;
}

/** World bounding box (mm, RAS+) of a volume's voxels, outer edges included, as text for messages. */
function worldBox(volume: Volume): string {
  const low = [Infinity, Infinity, Infinity];
  const high = [-Infinity, -Infinity, -Infinity];
  for (const i of [-0.5, volume.dims[0] - 0.5]) {
    for (const j of [-0.5, volume.dims[1] - 0.5]) {
      for (const k of [-0.5, volume.dims[2] - 0.5]) {
        applyAffine(volume.affine, i, j, k).forEach((v, axis) => {
          low[axis] = Math.min(low[axis], v);
          high[axis] = Math.max(high[axis], v);
        });
      }
    }
  }
  return low.map((v, axis) => `${'xyz'[axis]} ${v.toFixed(0)}…${high[axis].toFixed(0)}`).join(', ');
}

const snap = (v: number) => {
  const rounded = Math.round(v);
  return Math.abs(v - rounded) < SNAP ? rounded : v;
};

/**
 * `moving` resampled onto `fixed`'s grid (dims, affine, spacing) through their affines: trilinear or nearest,
 * with voxels outside `moving` set to `fill` (default: 0 for 'nearest', moving's minimum for 'linear').
 * Identical grids copy the values exactly (or, with `share`, hand back moving's own array: no copy of a
 * large scan when nothing moves). Throws a DatasetFormatError when the two volumes do not overlap in the
 * patient. The caller owns the new volume; neither input is changed.
 */
export function resampleOnto(moving: Volume, fixed: Volume, interpolation: VolumeInterpolation, options: { fill?: number; share?: boolean } = {}): ResampledVolume {
  const base = { ...moving, dims: [...fixed.dims] as Volume['dims'], affine: [...fixed.affine], affineSource: fixed.affineSource, spacing: [...fixed.spacing] as Volume['spacing'] };
  if (sameGrid(moving, fixed)) return { volume: { ...base, data: options.share ? moving.data : Float32Array.from(moving.data), warnings: [...moving.warnings] }, note: null, coveredFraction: 1 };
  const inverse = invertAffine(moving.affine);
  if (!inverse) {
    throw new DatasetFormatError(`Expected ${volumeLabel(moving)} to have an invertible affine, but its axes are degenerate (zero voxel size or parallel axes).`, 'Re-save the volume with a valid orientation, for example with nibabel or 3D Slicer.');
  }
  const toMoving = multiplyAffines(inverse, fixed.affine);
  const [ni, nj, nk] = moving.dims;
  const src = moving.data;
  let fill = options.fill;
  if (fill === undefined) {
    fill = 0;
    if (interpolation === 'linear') {
      fill = Infinity;
      for (let v = 0; v < src.length; v++) fill = Math.min(fill, src[v]);
    }
  }
  const at = (i: number, j: number, k: number) => src[i + ni * (j + nj * k)];
  const clampI = (v: number, n: number) => (v < 0 ? 0 : v > n - 1 ? n - 1 : v);
  const [fi, fj, fk] = fixed.dims;
  const data = new Float32Array(fi * fj * fk);
  let covered = 0;
  let index = 0;
  const m = toMoving;
  for (let k = 0; k < fk; k++) {
    for (let j = 0; j < fj; j++) {
      // Moving-grid position of fixed voxel (0, j, k); each step in i adds the first column (no allocation per voxel).
      const bx = m[1] * j + m[2] * k + m[3];
      const by = m[5] * j + m[6] * k + m[7];
      const bz = m[9] * j + m[10] * k + m[11];
      for (let i = 0; i < fi; i++, index++) {
        const x = snap(bx + m[0] * i);
        const y = snap(by + m[4] * i);
        const z = snap(bz + m[8] * i);
        if (!(x >= -0.5 && x < ni - 0.5 && y >= -0.5 && y < nj - 0.5 && z >= -0.5 && z < nk - 0.5)) {
          data[index] = fill;
          continue;
        }
        covered++;
        if (interpolation === 'nearest') {
          data[index] = at(clampI(Math.round(x), ni), clampI(Math.round(y), nj), clampI(Math.round(z), nk));
          continue;
        }
        const x0 = Math.floor(x);
        const y0 = Math.floor(y);
        const z0 = Math.floor(z);
        const fx = x - x0;
        const fy = y - y0;
        const fz = z - z0;
        const xa = clampI(x0, ni);
        const xb = clampI(x0 + 1, ni);
        // Along each axis a zero weight skips the second corner, so whole-voxel positions give the voxel's value exactly.
        const line = (jj: number, kk: number) => (fx === 0 ? at(xa, jj, kk) : at(xa, jj, kk) * (1 - fx) + at(xb, jj, kk) * fx);
        const plane = (kk: number) => {
          const near = line(clampI(y0, nj), kk);
          return fy === 0 ? near : near * (1 - fy) + line(clampI(y0 + 1, nj), kk) * fy;
        };
        const low = plane(clampI(z0, nk));
        data[index] = fz === 0 ? low : low * (1 - fz) + plane(clampI(z0 + 1, nk)) * fz;
      }
    }
  }
  if (covered === 0) {
    throw new DatasetFormatError(
      `Expected ${volumeLabel(moving)} to overlap ${volumeLabel(fixed)} in the patient, but their volumes do not meet: ${volumeLabel(fixed)} spans ${worldBox(fixed)} mm and ${volumeLabel(moving)} spans ${worldBox(moving)} mm (RAS+).`,
      'Choose the mask or target that belongs to this scan (same patient and session); a file re-saved without its orientation loses its position.',
    );
  }
  const coveredFraction = covered / data.length;
  const method = interpolation === 'linear' ? 'trilinear' : 'nearest-neighbour';
  const note = `${volumeLabel(moving)} (${describeGrid(moving)}) was resampled onto the grid of ${volumeLabel(fixed)} (${describeGrid(fixed)}) with ${method} interpolation; it covers ${(coveredFraction * 100).toFixed(0)} % of that grid.`;
  return { volume: { ...base, data, warnings: [...moving.warnings, note] }, note, coveredFraction };
}
