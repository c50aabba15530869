/** Volumes built in the tests: a labelled grid in world space, and the same grid stored in any of the 48 orientations. */
import type { Volume } from '../../../src/lib/volumes/types';

/** World (x → right, y → anterior, z → superior) sizes and voxel sizes of a canonical grid. */
export interface WorldGrid {
  n: [number, number, number];
  spacing: [number, number, number];
  origin: [number, number, number];
}

export type Permutation = [0 | 1 | 2, 0 | 1 | 2, 0 | 1 | 2];
export type Signs = [1 | -1, 1 | -1, 1 | -1];

export const PERMUTATIONS: Permutation[] = [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]];
export const SIGNS: Signs[] = [1, -1].flatMap((a) => [1, -1].flatMap((b) => [1, -1].map((c) => [a, b, c] as Signs)));

/** Every way to store a grid: voxel axis a runs along world axis permutation[a], in direction signs[a] (6 × 8 = 48). */
export const ALL_ORIENTATIONS = PERMUTATIONS.flatMap((permutation) => SIGNS.map((signs) => ({ permutation, signs })));

const LETTERS = [['R', 'L'], ['A', 'P'], ['S', 'I']];

/** nibabel's letters for a stored orientation: where each voxel axis points. */
export function codesOf(permutation: Permutation, signs: Signs): string {
  return permutation.map((world, a) => LETTERS[world][signs[a] === 1 ? 0 : 1]).join('');
}

/**
 * The grid `world` stored with voxel axis a along world axis permutation[a] in direction signs[a]; voxel
 * values come from value(x, y, z) at world voxel indices (0 … n−1 along x, y, z, increasing right, anterior, superior).
 */
export function storedVolume(world: WorldGrid, value: (x: number, y: number, z: number) => number, permutation: Permutation, signs: Signs, files = ['scan.nii.gz']): Volume {
  const dims = permutation.map((w) => world.n[w]) as Volume['dims'];
  const affine = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1];
  for (let a = 0; a < 3; a++) {
    const w = permutation[a];
    affine[w * 4 + a] = signs[a] * world.spacing[w];
    affine[w * 4 + 3] = world.origin[w] + (signs[a] === -1 ? world.spacing[w] * (world.n[w] - 1) : 0);
  }
  const data = new Float32Array(dims[0] * dims[1] * dims[2]);
  const w = [0, 0, 0];
  for (let k = 0; k < dims[2]; k++) {
    for (let j = 0; j < dims[1]; j++) {
      for (let i = 0; i < dims[0]; i++) {
        [i, j, k].forEach((v, a) => { w[permutation[a]] = signs[a] === 1 ? v : dims[a] - 1 - v; });
        data[i + dims[0] * (j + dims[1] * k)] = value(w[0], w[1], w[2]);
      }
    }
  }
  const spacing = permutation.map((p) => world.spacing[p]) as Volume['spacing'];
  return { dims, data, affine, affineSource: 'sform', spacing, units: null, warnings: [], source: { files } };
}

/** A canonical (RAS) volume of the grid. */
export function rasVolume(world: WorldGrid, value: (x: number, y: number, z: number) => number, files?: string[]): Volume {
  return storedVolume(world, value, [0, 1, 2], [1, 1, 1], files);
}

/** The volume with its affine rotated by `degrees` about the world z axis through the origin (voxels unchanged). */
export function rotatedAboutZ(volume: Volume, degrees: number): Volume {
  const t = (degrees * Math.PI) / 180;
  const rotation = [Math.cos(t), -Math.sin(t), 0, 0, Math.sin(t), Math.cos(t), 0, 0, 0, 0, 1, 0, 0, 0, 0, 1];
  const affine = new Array<number>(16).fill(0);
  for (let r = 0; r < 4; r++) for (let c = 0; c < 4; c++) for (let k = 0; k < 4; k++) affine[r * 4 + c] += rotation[r * 4 + k] * volume.affine[k * 4 + c];
  return { ...volume, affine };
}
