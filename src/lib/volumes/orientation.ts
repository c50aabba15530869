/**
 * Which world direction each voxel axis of a volume points along, read from its voxel → RAS+ affine
 * (the question nibabel's io_orientation / aff2axcodes answer). Framework-free, plain numbers.
 */

/** World axis 0 = x (right), 1 = y (anterior), 2 = z (superior). */
export type WorldAxis = 0 | 1 | 2;

/** Where one voxel axis points: the closest world axis and whether it runs along it (+1) or against it (−1). */
export interface AxisDirection {
  worldAxis: WorldAxis;
  sign: 1 | -1;
}

/** The orientation of a voxel grid: one direction per voxel axis (i, j, k), its letters, and how far it is from the world axes. */
export interface VoxelOrientation {
  axes: [AxisDirection, AxisDirection, AxisDirection];
  /** Letters naming where i, j, k point (nibabel's aff2axcodes): 'RAS' for the NIfTI canonical grid, 'LPS' for DICOM's. */
  codes: string;
  /** Largest angle in degrees between a voxel axis and the world axis it was matched to (0 for an axis-aligned grid). */
  obliquityDegrees: number;
}

/** Below this angle a grid counts as axis-aligned: scanner affines carry rounding of about 1e-5 degrees. */
export const OBLIQUE_TOLERANCE_DEGREES = 0.01;

const LETTERS: Record<WorldAxis, [string, string]> = { 0: ['R', 'L'], 1: ['A', 'P'], 2: ['S', 'I'] };

const PERMUTATIONS: ReadonlyArray<[WorldAxis, WorldAxis, WorldAxis]> = [
  [0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0],
];

/** Column `axis` (0 = i, 1 = j, 2 = k) of the affine's 3×3 part: the world step of one voxel along that axis, in mm. */
export function affineColumn(affine: readonly number[], axis: number): [number, number, number] {
  return [affine[axis], affine[4 + axis], affine[8 + axis]];
}

/**
 * The closest world axis and direction for each voxel axis of a row-major 4×4 voxel → RAS+ affine.
 * Among the six ways to match voxel axes to world axes one to one, the match with the largest summed
 * |cosine| wins (ties: the first in [i→x, j→y, k→z] order), so a sheared or oblique grid still gets a
 * permutation, never two voxel axes on the same world axis. Throws nothing: callers check the affine is finite.
 */
export function voxelOrientation(affine: readonly number[]): VoxelOrientation {
  const unit = [0, 1, 2].map((axis) => {
    const column = affineColumn(affine, axis);
    const norm = Math.hypot(...column);
    return norm > 0 ? column.map((v) => v / norm) : [0, 0, 0];
  });
  let best = PERMUTATIONS[0];
  let bestScore = -1;
  for (const permutation of PERMUTATIONS) {
    const score = permutation.reduce<number>((sum, world, voxel) => sum + Math.abs(unit[voxel][world]), 0);
    // A strict comparison with a small margin keeps the earlier permutation on exact and rounding ties.
    if (score > bestScore + 1e-12) {
      best = permutation;
      bestScore = score;
    }
  }
  let obliquityDegrees = 0;
  const axes = best.map((world, voxel) => {
    const cosine = unit[voxel][world];
    const angle = (Math.acos(Math.min(1, Math.abs(cosine))) * 180) / Math.PI;
    obliquityDegrees = Math.max(obliquityDegrees, angle);
    return { worldAxis: world, sign: cosine < 0 ? -1 : 1 } as AxisDirection;
  }) as VoxelOrientation['axes'];
  const codes = axes.map((a) => LETTERS[a.worldAxis][a.sign === 1 ? 0 : 1]).join('');
  return { axes, codes, obliquityDegrees };
}
