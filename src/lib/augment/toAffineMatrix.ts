import type { AugmentParams } from './sampleAugmentParams';

/**
 * The 8-number projective transform of `tf.image.transform`: [a0, a1, a2, b0, b1, b2, c0, c1]
 * maps an OUTPUT pixel (x = column, y = row) to the INPUT point it samples:
 * x_in = (a0·x + a1·y + a2) / k, y_in = (b0·x + b1·y + b2) / k, with k = c0·x + c1·y + 1.
 * Ours are affine, so c0 = c1 = 0.
 */
export type ProjectiveTransform = [number, number, number, number, number, number, number, number];

/** cos and sin of an angle in degrees, exact at multiples of 90° (so quarter turns resample exactly). */
function cosSinDegrees(degrees: number): [number, number] {
  const quarter = degrees / 90;
  if (Number.isInteger(quarter)) {
    const q = ((quarter % 4) + 4) % 4;
    return [[1, 0], [0, 1], [-1, 0], [0, -1]][q] as [number, number];
  }
  const rad = (degrees * Math.PI) / 180;
  return [Math.cos(rad), Math.sin(rad)];
}

/**
 * Builds the output→input matrix for one sample, composed as Keras's `apply_affine_transform`:
 * M = R(theta) · T(shift) · S(shear) · Z(zx, zy), taken about the image centre ((w−1)/2, (h−1)/2),
 * then the flips (Keras flips after the affine part). Differences from Keras, on purpose: the
 * shift is given as the content's displacement (Keras's matrix holds its negative) and x is always
 * the column. With theta alone, content at offset p from the centre lands at R(−theta)·p, which on
 * screen (rows growing downwards) is a counter-clockwise turn; a pure shift moves content by (tx, ty).
 */
export function toAffineMatrix(params: AugmentParams, height: number, width: number): ProjectiveTransform {
  const [cosT, sinT] = cosSinDegrees(params.theta);
  const [cosS, sinS] = cosSinDegrees(params.shear);
  // A = R · S · Z (the linear part; the shift sits between R and S and is handled below).
  // R = [[cosT, −sinT], [sinT, cosT]], S = [[1, −sinS], [0, cosS]], Z = diag(zx, zy).
  const rs00 = cosT, rs01 = -cosT * sinS - sinT * cosS;
  const rs10 = sinT, rs11 = -sinT * sinS + cosT * cosS;
  const a00 = rs00 * params.zx, a01 = rs01 * params.zy;
  const a10 = rs10 * params.zx, a11 = rs11 * params.zy;
  // Flips act on the output about the centre: L = A · diag(±1, ±1).
  const fx = params.flipH ? -1 : 1;
  const fy = params.flipV ? -1 : 1;
  const l00 = a00 * fx, l01 = a01 * fy;
  const l10 = a10 * fx, l11 = a11 * fy;
  // x_in = c + L·(x_out − c) − R·t, where t is the content's displacement.
  const cx = (width - 1) / 2;
  const cy = (height - 1) / 2;
  const rtx = cosT * params.tx - sinT * params.ty;
  const rty = sinT * params.tx + cosT * params.ty;
  const a2 = cx - (l00 * cx + l01 * cy) - rtx;
  const b2 = cy - (l10 * cx + l11 * cy) - rty;
  // `+ 0` turns −0 into 0 so matrices compare and print cleanly.
  return [l00 + 0, l01 + 0, a2 + 0, l10 + 0, l11 + 0, b2 + 0, 0, 0];
}
