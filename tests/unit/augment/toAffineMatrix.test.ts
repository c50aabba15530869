import { describe, expect, it } from 'vitest';
import { IDENTITY_PARAMS, type AugmentParams } from '../../../src/lib/augment/sampleAugmentParams';
import { toAffineMatrix, type ProjectiveTransform } from '../../../src/lib/augment/toAffineMatrix';

type M3 = number[][];
const mul = (a: M3, b: M3): M3 => a.map((row) => b[0].map((_, j) => row.reduce((s, v, k) => s + v * b[k][j], 0)));
const rad = (deg: number) => (deg * Math.PI) / 180;

/** Keras's apply_affine_transform chain as explicit 3×3 products (x = column), plus the flips. */
function kerasStyleMatrix(p: AugmentParams, h: number, w: number): number[] {
  const t = rad(p.theta), s = rad(p.shear);
  const rotation = [[Math.cos(t), -Math.sin(t), 0], [Math.sin(t), Math.cos(t), 0], [0, 0, 1]];
  const shift = [[1, 0, -p.tx], [0, 1, -p.ty], [0, 0, 1]];
  const shear = [[1, -Math.sin(s), 0], [0, Math.cos(s), 0], [0, 0, 1]];
  const zoom = [[p.zx, 0, 0], [0, p.zy, 0], [0, 0, 1]];
  const cx = (w - 1) / 2, cy = (h - 1) / 2;
  const toCentre = [[1, 0, cx], [0, 1, cy], [0, 0, 1]];
  const fromCentre = [[1, 0, -cx], [0, 1, -cy], [0, 0, 1]];
  const flip = [[p.flipH ? -1 : 1, 0, p.flipH ? w - 1 : 0], [0, p.flipV ? -1 : 1, p.flipV ? h - 1 : 0], [0, 0, 1]];
  const m = mul(mul(mul(toCentre, mul(mul(mul(rotation, shift), shear), zoom)), fromCentre), flip);
  return [m[0][0], m[0][1], m[0][2], m[1][0], m[1][1], m[1][2], m[2][0], m[2][1]];
}

const apply = (m: ProjectiveTransform, x: number, y: number) => [m[0] * x + m[1] * y + m[2], m[3] * x + m[4] * y + m[5]];
const params = (over: Partial<AugmentParams>): AugmentParams => ({ ...IDENTITY_PARAMS, ...over });

describe('toAffineMatrix', () => {
  it('gives the exact identity for identity params', () => {
    expect(toAffineMatrix(IDENTITY_PARAMS, 7, 5)).toEqual([1, 0, 0, 0, 1, 0, 0, 0]);
  });

  it('samples from the left of a shift so content moves right/down by (tx, ty)', () => {
    // Output (x, y) reads input (x − tx, y − ty).
    expect(toAffineMatrix(params({ tx: 2, ty: -1 }), 8, 8)).toEqual([1, 0, -2, 0, 1, 1, 0, 0]);
  });

  it('mirrors about the centre for flips', () => {
    expect(toAffineMatrix(params({ flipH: true }), 3, 5)).toEqual([-1, 0, 4, 0, 1, 0, 0, 0]);
    expect(toAffineMatrix(params({ flipV: true }), 3, 5)).toEqual([1, 0, 0, 0, -1, 2, 0, 0]);
  });

  it('turns a quarter exactly: output top-left reads the input top-right (counter-clockwise)', () => {
    // 4×4, centre (1.5, 1.5): x_in = 3 − y, y_in = x.
    expect(toAffineMatrix(params({ theta: 90 }), 4, 4)).toEqual([0, -1, 3, 1, 0, 0, 0, 0]);
    expect(toAffineMatrix(params({ theta: -90 }), 4, 4)).toEqual([0, 1, 0, -1, 0, 3, 0, 0]);
    expect(toAffineMatrix(params({ theta: 180 }), 4, 4)).toEqual([-1, 0, 3, 0, -1, 3, 0, 0]);
  });

  it('composes rotation · shift · shear · zoom about the centre, then flips, like Keras', () => {
    const cases: AugmentParams[] = [
      { theta: 17, tx: 3.5, ty: -2.25, shear: 8, zx: 0.85, zy: 1.15, flipH: false, flipV: false },
      { theta: -9.5, tx: -1, ty: 4, shear: -12, zx: 1.2, zy: 0.9, flipH: true, flipV: false },
      { theta: 3, tx: 0.5, ty: 0.25, shear: 30, zx: 1, zy: 1.1, flipH: true, flipV: true },
    ];
    for (const p of cases) {
      const got = toAffineMatrix(p, 9, 13);
      const want = kerasStyleMatrix(p, 9, 13);
      got.forEach((v, i) => expect(v).toBeCloseTo(want[i], 12));
    }
  });

  it('keeps the centre fixed and moves content counter-clockwise on screen for positive theta', () => {
    const m = toAffineMatrix(params({ theta: 30 }), 11, 11);
    expect(apply(m, 5, 5)[0]).toBeCloseTo(5, 12);
    expect(apply(m, 5, 5)[1]).toBeCloseTo(5, 12);
    // The output pixel straight above the centre must read from the input's right-hand side,
    // i.e. what was to the right of the centre has turned up (counter-clockwise, rows downwards).
    const [xIn, yIn] = apply(m, 5, 0);
    expect(xIn).toBeGreaterThan(5);
    expect(yIn).toBeLessThan(5);
  });

  it('leans vertical lines with their bottom to the right for positive shear, and zx > 1 shows more', () => {
    const sheared = toAffineMatrix(params({ shear: 20 }), 21, 21);
    // Output bottom row, to the right of the centre column, reads the input's centre column.
    const [xBottom] = apply(sheared, 10 + 10 * Math.sin(rad(20)), 20);
    expect(xBottom).toBeCloseTo(10, 9);
    const zoomed = toAffineMatrix(params({ zx: 2, zy: 2 }), 21, 21);
    // Output pixel 5 px from the centre reads input 10 px from it: content shrinks by half.
    expect(apply(zoomed, 15, 10)).toEqual([20, 10]);
  });
});
