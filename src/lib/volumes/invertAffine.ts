/** Inverting and applying the row-major 4×4 affines of volumes (voxel ↔ world mm). */

/** The inverse of a row-major 4×4 affine whose last row is [0, 0, 0, 1], or null when its 3×3 part is singular. */
export function invertAffine(affine: readonly number[]): number[] | null {
  const [a, b, c, tx, d, e, f, ty, g, h, i, tz] = affine;
  const A = e * i - f * h;
  const B = -(d * i - f * g);
  const C = d * h - e * g;
  const det = a * A + b * B + c * C;
  const scale = Math.max(...[a, b, c, d, e, f, g, h, i].map(Math.abs));
  if (!Number.isFinite(det) || Math.abs(det) <= 1e-12 * scale ** 3) return null;
  // Adjugate over determinant, row-major.
  const m = [
    A, -(b * i - c * h), b * f - c * e,
    B, a * i - c * g, -(a * f - c * d),
    C, -(a * h - b * g), a * e - b * d,
  ].map((v) => v / det);
  const t = [
    -(m[0] * tx + m[1] * ty + m[2] * tz),
    -(m[3] * tx + m[4] * ty + m[5] * tz),
    -(m[6] * tx + m[7] * ty + m[8] * tz),
  ];
  return [m[0], m[1], m[2], t[0], m[3], m[4], m[5], t[1], m[6], m[7], m[8], t[2], 0, 0, 0, 1];
}

/** The product a·b of two row-major 4×4 matrices. */
export function multiplyAffines(a: readonly number[], b: readonly number[]): number[] {
  const out = new Array<number>(16).fill(0);
  for (let r = 0; r < 4; r++) for (let c = 0; c < 4; c++) for (let k = 0; k < 4; k++) out[r * 4 + c] += a[r * 4 + k] * b[k * 4 + c];
  return out;
}

/** The point (x, y, z) mapped by a row-major 4×4 affine. */
export function applyAffine(affine: readonly number[], x: number, y: number, z: number): [number, number, number] {
  return [
    affine[0] * x + affine[1] * y + affine[2] * z + affine[3],
    affine[4] * x + affine[5] * y + affine[6] * z + affine[7],
    affine[8] * x + affine[9] * y + affine[10] * z + affine[11],
  ];
}
