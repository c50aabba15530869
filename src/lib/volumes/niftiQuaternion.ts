/**
 * The NIfTI qform: a rotation stored as a unit quaternion (b, c, d; a is implied), voxel sizes,
 * qfac (the sign of the k axis) and an offset. Both directions follow nifti1_io.c
 * (nifti_quatern_to_mat44 and nifti_mat44_to_quatern), so files agree with the reference library.
 */

/** The qform parameters of a NIfTI header. */
export interface NiftiQform {
  /** quatern_b, quatern_c, quatern_d. */
  quatern: [number, number, number];
  /** qoffset_x, qoffset_y, qoffset_z: the world position of voxel (0, 0, 0). */
  offset: [number, number, number];
  /** pixdim[1..3]. */
  spacing: [number, number, number];
  /** pixdim[0]: −1 flips the k axis (a left-handed grid), otherwise 1. */
  qfac: number;
}

type Matrix3 = number[][];

/**
 * Builds the 4×4 row-major voxel → world affine of a qform. A quaternion whose (b, c, d) is longer
 * than 1 (written by a careless tool, or rounded in float32) is normalised with a = 0, a 180°
 * rotation, as nifti1_io does, instead of giving NaN; voxel sizes ≤ 0 count as 1.
 */
export function qformToAffine({ quatern, offset, spacing, qfac }: NiftiQform): number[] {
  let [b, c, d] = quatern;
  let a = 1 - (b * b + c * c + d * d);
  if (a < 1e-7) {
    const norm = 1 / Math.sqrt(b * b + c * c + d * d);
    b *= norm; c *= norm; d *= norm;
    a = 0;
  } else {
    a = Math.sqrt(a);
  }
  const [xd, yd, zd0] = spacing.map((s) => (s > 0 ? s : 1)) as [number, number, number];
  const zd = qfac < 0 ? -zd0 : zd0;
  return [
    (a * a + b * b - c * c - d * d) * xd, 2 * (b * c - a * d) * yd, 2 * (b * d + a * c) * zd, offset[0],
    2 * (b * c + a * d) * xd, (a * a + c * c - b * b - d * d) * yd, 2 * (c * d - a * b) * zd, offset[1],
    2 * (b * d - a * c) * xd, 2 * (c * d + a * b) * yd, (a * a + d * d - c * c - b * b) * zd, offset[2],
    0, 0, 0, 1,
  ];
}

function determinant(m: Matrix3): number {
  const [r0, r1, r2] = m as [number[], number[], number[]];
  return r0[0]! * (r1[1]! * r2[2]! - r1[2]! * r2[1]!) - r0[1]! * (r1[0]! * r2[2]! - r1[2]! * r2[0]!) + r0[2]! * (r1[0]! * r2[1]! - r1[1]! * r2[0]!);
}

function inverseTranspose(m: Matrix3): Matrix3 {
  const det = determinant(m);
  const at = (r: number, c: number) => m[r]![c]!;
  // The cofactor matrix over the determinant is the inverse's transpose.
  return [
    [(at(1, 1) * at(2, 2) - at(1, 2) * at(2, 1)) / det, (at(1, 2) * at(2, 0) - at(1, 0) * at(2, 2)) / det, (at(1, 0) * at(2, 1) - at(1, 1) * at(2, 0)) / det],
    [(at(0, 2) * at(2, 1) - at(0, 1) * at(2, 2)) / det, (at(0, 0) * at(2, 2) - at(0, 2) * at(2, 0)) / det, (at(0, 1) * at(2, 0) - at(0, 0) * at(2, 1)) / det],
    [(at(0, 1) * at(1, 2) - at(0, 2) * at(1, 1)) / det, (at(0, 2) * at(1, 0) - at(0, 0) * at(1, 2)) / det, (at(0, 0) * at(1, 1) - at(0, 1) * at(1, 0)) / det],
  ];
}

/** The orthogonal matrix nearest to m (polar decomposition by Newton's iteration Q ← (Q + Q⁻ᵀ) / 2). */
function nearestOrthogonal(m: Matrix3): Matrix3 {
  let q = m.map((row) => [...row]);
  for (let iteration = 0; iteration < 100; iteration++) {
    const it = inverseTranspose(q);
    const next = q.map((row, r) => row.map((value, c) => (value + it[r]![c]!) / 2));
    const previous = q.flat();
    const change = next.flat().reduce((sum, value, i) => sum + Math.abs(value - previous[i]!), 0);
    q = next;
    if (change < 1e-12) break;
  }
  return q;
}

/**
 * The qform nearest to a 4×4 row-major affine: voxel sizes from the column lengths, and the rotation
 * nearest to the normalised columns. Exact when the columns are orthogonal (any rotation, flip or
 * voxel size); a sheared affine keeps its shear only in the sform.
 */
export function affineToQform(affine: readonly number[]): NiftiQform {
  const column = (c: number) => [affine[c]!, affine[4 + c]!, affine[8 + c]!];
  const columns = [column(0), column(1), column(2)].map((col, c) => {
    const length = Math.hypot(...col);
    // A zero column has no direction; nifti1_io puts the unit axis there.
    return length === 0 ? { unit: [0, 1, 2].map((r) => (r === c ? 1 : 0)), length: 1 } : { unit: col.map((v) => v / length), length };
  });
  const matrix: Matrix3 = [0, 1, 2].map((r) => columns.map((col) => col.unit[r]!));
  const r = nearestOrthogonal(matrix);
  let qfac = 1;
  if (determinant(r) < 0) {
    // A left-handed grid: the quaternion holds the proper rotation, qfac the flip of k.
    qfac = -1;
    for (const row of r) row[2] = -row[2]!;
  }
  const at = (row: number, col: number) => r[row]![col]!;
  let a = at(0, 0) + at(1, 1) + at(2, 2) + 1;
  let b: number, c: number, d: number;
  if (a > 0.5) {
    a = 0.5 * Math.sqrt(a);
    b = (0.25 * (at(2, 1) - at(1, 2))) / a;
    c = (0.25 * (at(0, 2) - at(2, 0))) / a;
    d = (0.25 * (at(1, 0) - at(0, 1))) / a;
  } else {
    // Near a 180° rotation a is small: take the largest of b, c, d from the diagonal instead.
    const xd = 1 + at(0, 0) - (at(1, 1) + at(2, 2));
    const yd = 1 + at(1, 1) - (at(0, 0) + at(2, 2));
    const zd = 1 + at(2, 2) - (at(0, 0) + at(1, 1));
    if (xd > 1) {
      b = 0.5 * Math.sqrt(xd); c = (0.25 * (at(0, 1) + at(1, 0))) / b; d = (0.25 * (at(0, 2) + at(2, 0))) / b; a = (0.25 * (at(2, 1) - at(1, 2))) / b;
    } else if (yd > 1) {
      c = 0.5 * Math.sqrt(yd); b = (0.25 * (at(0, 1) + at(1, 0))) / c; d = (0.25 * (at(1, 2) + at(2, 1))) / c; a = (0.25 * (at(0, 2) - at(2, 0))) / c;
    } else {
      d = 0.5 * Math.sqrt(zd); b = (0.25 * (at(0, 2) + at(2, 0))) / d; c = (0.25 * (at(1, 2) + at(2, 1))) / d; a = (0.25 * (at(1, 0) - at(0, 1))) / d;
    }
    if (a < 0) { b = -b; c = -c; d = -d; }
  }
  return {
    quatern: [b, c, d],
    offset: [affine[3]!, affine[7]!, affine[11]!],
    spacing: [columns[0]!.length, columns[1]!.length, columns[2]!.length],
    qfac,
  };
}
