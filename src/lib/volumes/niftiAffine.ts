import type { AffineSource } from './types';
import type { NiftiHeader } from './niftiHeader';
import { qformToAffine } from './niftiQuaternion';

/** Where a NIfTI volume lies in the patient: the affine, which header field gave it, and what was noticed. */
export interface NiftiOrientation {
  /** 4×4 row-major voxel → RAS+ millimetres. */
  affine: number[];
  affineSource: AffineSource;
  warnings: string[];
}

function determinant3(m: readonly number[]): number {
  // The upper-left 3×3 of a row-major 4×4.
  return m[0]! * (m[5]! * m[10]! - m[6]! * m[9]!) - m[1]! * (m[4]! * m[10]! - m[6]! * m[8]!) + m[2]! * (m[4]! * m[9]! - m[5]! * m[8]!);
}

/** True when an affine maps the grid onto a volume: finite numbers and a non-zero determinant. */
export function isUsableAffine(affine: readonly number[]): boolean {
  return affine.length === 16 && affine.every(Number.isFinite) && determinant3(affine) !== 0;
}

function gridAffine(header: NiftiHeader): number[] {
  const [dx, dy, dz] = [1, 2, 3].map((axis) => {
    const size = Math.abs(header.pixdim[axis]!);
    return Number.isFinite(size) && size > 0 ? size : 1;
  }) as [number, number, number];
  return [dx, 0, 0, 0, 0, dy, 0, 0, 0, 0, dz, 0, 0, 0, 0, 1];
}

/**
 * The voxel → world affine of a NIfTI header, by the standard's precedence: the sform when
 * sform_code > 0, else the qform when qform_code > 0, else the voxel grid scaled by pixdim (with a
 * warning: left and right are then unknown). A form whose numbers are not finite or whose matrix is
 * singular is skipped with a warning, so a corrupt field never yields a NaN or flat volume.
 */
export function niftiOrientation(header: NiftiHeader, name: string): NiftiOrientation {
  const warnings: string[] = [];
  if (header.sformCode > 0) {
    const sform = [...header.srow, 0, 0, 0, 1];
    if (isUsableAffine(sform)) return { affine: sform, affineSource: 'sform', warnings };
    warnings.push(`${name}: the sform (sform_code ${header.sformCode}) is not a usable matrix (not finite, or singular); it was ignored.`);
  }
  if (header.qformCode > 0) {
    const qform = qformToAffine({
      quatern: header.quatern,
      offset: header.qoffset,
      spacing: [header.pixdim[1]!, header.pixdim[2]!, header.pixdim[3]!],
      qfac: header.pixdim[0]!,
    });
    if (isUsableAffine(qform)) return { affine: qform, affineSource: 'qform', warnings };
    warnings.push(`${name}: the qform (qform_code ${header.qformCode}) has numbers that are not finite; it was ignored.`);
  }
  warnings.push(
    `${name} has no usable orientation (sform_code and qform_code are 0): the voxel grid is used as it is, so left and right, front and back may be wrong.`,
  );
  return { affine: gridAffine(header), affineSource: 'grid', warnings };
}

/** Millimetres between voxel centres along i, j, k: the lengths of the affine's first three columns. */
export function affineSpacing(affine: readonly number[]): [number, number, number] {
  const length = (c: number) => Math.hypot(affine[c]!, affine[4 + c]!, affine[8 + c]!);
  return [length(0), length(1), length(2)];
}
