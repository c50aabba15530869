import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { augmentBatch } from '../../../src/lib/augment/augmentBatch';
import { DEFAULT_AUGMENT, type FillMode, type Interpolation } from '../../../src/lib/augment/augmentConfig';
import { IDENTITY_PARAMS, sampleAugmentParams, type AugmentParams } from '../../../src/lib/augment/sampleAugmentParams';
import { toAffineMatrix } from '../../../src/lib/augment/toAffineMatrix';
import { warpBatch } from '../../../src/lib/augment/warpBatch';
import { ShapeError } from '../../../src/lib/errors';
import { createRng } from '../../../src/lib/random';

const params = (over: Partial<AugmentParams>): AugmentParams => ({ ...IDENTITY_PARAMS, ...over });
/** [N, H, W, 1] from nested rows. */
const images = (...grids: number[][][]) => tf.tensor4d(grids.flat(2), [grids.length, grids[0].length, grids[0][0].length, 1]);
const grid = (t: tf.Tensor4D, i = 0) => (t.arraySync()[i] as number[][][]).map((row) => row.map((px) => px[0]));

/** Warps a single image with a single params object and returns the rows. */
function warpOne(rows: number[][], p: AugmentParams, interpolation: Interpolation, fillMode: FillMode, cval = 0): number[][] {
  const input = images(rows);
  const out = warpBatch(input, [toAffineMatrix(p, rows.length, rows[0].length)], { interpolation, fillMode, cval });
  const result = grid(out);
  tf.dispose([input, out]);
  return result;
}

/** Test-only reference: Keras's chain step by step for one pixel, bilinear with 'nearest' fill. */
function referenceWarp(src: number[][], p: AugmentParams): number[][] {
  const h = src.length, w = src[0].length, cx = (w - 1) / 2, cy = (h - 1) / 2;
  const t = (p.theta * Math.PI) / 180, s = (p.shear * Math.PI) / 180;
  const at = (r: number, c: number) => src[Math.min(h - 1, Math.max(0, r))][Math.min(w - 1, Math.max(0, c))];
  return src.map((row, yOut) => row.map((_, xOut) => {
    let u = (p.flipH ? w - 1 - xOut : xOut) - cx;
    let v = (p.flipV ? h - 1 - yOut : yOut) - cy;
    [u, v] = [u * p.zx, v * p.zy];
    [u, v] = [u - Math.sin(s) * v, Math.cos(s) * v];
    [u, v] = [u - p.tx, v - p.ty];
    [u, v] = [Math.cos(t) * u - Math.sin(t) * v, Math.sin(t) * u + Math.cos(t) * v];
    const xi = Math.min(w - 1, Math.max(0, u + cx)), yi = Math.min(h - 1, Math.max(0, v + cy));
    const x0 = Math.floor(xi), y0 = Math.floor(yi), fx = xi - x0, fy = yi - y0;
    const top = at(y0, x0) * (1 - fx) + at(y0, x0 + 1) * fx;
    const bottom = at(y0 + 1, x0) * (1 - fx) + at(y0 + 1, x0 + 1) * fx;
    return top * (1 - fy) + bottom * fy;
  }));
}

/** A seeded smooth-ish test image with a blob, and its binary mask. */
function blobPair(h: number, w: number, seed: number): { image: number[][]; mask: number[][] } {
  const rng = createRng(seed);
  const cx = w * (0.4 + 0.2 * rng()), cy = h * (0.4 + 0.2 * rng()), r = Math.min(h, w) * 0.2;
  const mask = Array.from({ length: h }, (_, y) => Array.from({ length: w }, (_, x) => ((x - cx) ** 2 + ((y - cy) * 1.4) ** 2 < r * r ? 1 : 0)));
  const image = mask.map((row, y) => row.map((m, x) => 0.2 + 0.6 * m + 0.1 * Math.sin(x * 0.7 + y * 0.3)));
  return { image, mask };
}

const centroid = (g: number[][]) => {
  let total = 0, sx = 0, sy = 0;
  g.forEach((row, y) => row.forEach((v, x) => { total += v; sx += v * x; sy += v * y; }));
  return [sx / total, sy / total];
};

describe.each(['cpu', 'wasm'])('augmentBatch on the %s backend', (backend) => {
  beforeAll(async () => {
    expect(await tf.setBackend(backend)).toBe(true);
    await tf.ready();
  });

  it('changes nothing under identity params, exactly, for every fill and interpolation', () => {
    const x = images([[0.1, 0.7, 0.3], [0.9, 0.2, 0.5]], [[1, 2, 3], [4, 5, 6]], [[-1, 0, 1], [2, 0.25, 7]]);
    const original = x.arraySync();
    for (const fillMode of ['nearest', 'constant', 'reflect', 'wrap'] as const) {
      for (const interpolation of ['bilinear', 'nearest'] as const) {
        const out = augmentBatch(x, x, [IDENTITY_PARAMS, IDENTITY_PARAMS, IDENTITY_PARAMS],
          { fillMode, cval: 9, inputInterpolation: interpolation, targetInterpolation: interpolation });
        expect(out.x.arraySync()).toEqual(original);
        expect(out.y.arraySync()).toEqual(original);
        tf.dispose([out.x, out.y]);
      }
    }
    x.dispose();
  });

  it('gives each sample its own transform (identity, flip, shift in one batch)', () => {
    const row = [[1, 2, 3, 4]];
    const x = images(row, row, row);
    const out = augmentBatch(x, x, [IDENTITY_PARAMS, params({ flipH: true }), params({ tx: 1 })],
      { fillMode: 'constant', cval: 0, targetInterpolation: 'nearest' });
    expect([grid(out.x, 0), grid(out.x, 1), grid(out.x, 2)]).toEqual([[[1, 2, 3, 4]], [[4, 3, 2, 1]], [[0, 1, 2, 3]]]);
    expect(out.y.arraySync()).toEqual(out.x.arraySync());
    tf.dispose([x, out.x, out.y]);
  });

  it('flipping twice gives back the original exactly', () => {
    const src = [[1, 2, 3], [4, 5, 6], [7, 8, 10], [11, 12, 13]];
    for (const flip of [{ flipH: true }, { flipV: true }, { flipH: true, flipV: true }]) {
      const once = warpOne(src, params(flip), 'bilinear', 'nearest');
      expect(once).not.toEqual(src);
      expect(warpOne(once, params(flip), 'bilinear', 'nearest')).toEqual(src);
    }
    expect(warpOne(src, params({ flipV: true }), 'nearest', 'nearest')).toEqual([[11, 12, 13], [7, 8, 10], [4, 5, 6], [1, 2, 3]]);
  });

  it('turns an asymmetric image by a quarter exactly as by hand', () => {
    const src = [[1, 2, 3], [4, 5, 6], [7, 8, 9]];
    // Counter-clockwise on screen: the right column becomes the top row.
    expect(warpOne(src, params({ theta: 90 }), 'bilinear', 'constant')).toEqual([[3, 6, 9], [2, 5, 8], [1, 4, 7]]);
    expect(warpOne(src, params({ theta: -90 }), 'nearest', 'constant')).toEqual([[7, 4, 1], [8, 5, 2], [9, 6, 3]]);
    const even = [[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12], [13, 14, 15, 16]];
    expect(warpOne(even, params({ theta: 90 }), 'bilinear', 'constant')).toEqual(
      [[4, 8, 12, 16], [3, 7, 11, 15], [2, 6, 10, 14], [1, 5, 9, 13]]);
  });

  it('shifts content by k pixels: positive tx to the right, positive ty down', () => {
    const row = [[0, 0, 5, 0, 0, 0, 0]];
    expect(warpOne(row, params({ tx: 2 }), 'nearest', 'constant')).toEqual([[0, 0, 0, 0, 5, 0, 0]]);
    expect(warpOne(row, params({ tx: -2 }), 'bilinear', 'constant')).toEqual([[5, 0, 0, 0, 0, 0, 0]]);
    const column = [[0], [5], [0], [0]];
    expect(warpOne(column, params({ ty: 1 }), 'bilinear', 'constant')).toEqual([[0], [0], [5], [0]]);
  });

  it.each([
    // Row a b c d = 1 2 3 4; tx = +2 reads x − 2, tx = −2 reads x + 2, tx = 2.5 reads x − 2.5 (bilinear).
    ['constant', 2, 'nearest', [9, 9, 1, 2]], ['constant', -2, 'nearest', [3, 4, 9, 9]], ['constant', 2.5, 'bilinear', [9, 9, 5, 1.5]],
    ['nearest', 2, 'nearest', [1, 1, 1, 2]], ['nearest', -2, 'nearest', [3, 4, 4, 4]], ['nearest', 2.5, 'bilinear', [1, 1, 1, 1.5]],
    ['reflect', 2, 'nearest', [2, 1, 1, 2]], ['reflect', -2, 'nearest', [3, 4, 4, 3]], ['reflect', 2.5, 'bilinear', [2.5, 1.5, 1, 1.5]],
    ['wrap', 2, 'nearest', [3, 4, 1, 2]], ['wrap', -2, 'nearest', [3, 4, 1, 2]], ['wrap', 2.5, 'bilinear', [2.5, 3.5, 4, 1.5]],
  ] as const)('fills %s on a hand-checked row (tx = %d, %s)', (fillMode, tx, interpolation, expected) => {
    expect(warpOne([[1, 2, 3, 4]], params({ tx }), interpolation, fillMode, 9)).toEqual([expected]);
  });

  it('reflects vertically as well (above and below the image)', () => {
    const column = [[1], [2], [3], [4]];
    expect(warpOne(column, params({ ty: 3 }), 'nearest', 'reflect').flat()).toEqual([3, 2, 1, 1]);
    expect(warpOne(column, params({ ty: -3 }), 'nearest', 'reflect').flat()).toEqual([4, 4, 3, 2]);
  });

  it('matches a step-by-step Keras-order reference on a non-square image', () => {
    const h = 9, w = 13;
    const src = Array.from({ length: h }, (_, y) => Array.from({ length: w }, (_, x) => Math.sin(x * 0.9) + Math.cos(y * 1.3) + 0.05 * x * y));
    const drawn = sampleAugmentParams(createRng(21), { ...DEFAULT_AUGMENT, rotationRange: 40, shearRange: 20, verticalFlip: true }, 4, { height: h, width: w });
    const x = images(src, src, src, src);
    const out = augmentBatch(x, x, drawn, { fillMode: 'nearest', targetInterpolation: 'bilinear' });
    drawn.forEach((p, i) => {
      const want = referenceWarp(src, p);
      grid(out.x, i).forEach((row, r) => row.forEach((v, c) => expect(v).toBeCloseTo(want[r][c], 4)));
    });
    tf.dispose([x, out.x, out.y]);
  });

  it('keeps input and target aligned and masks binary under random transforms', () => {
    const size = { height: 32, width: 32 };
    const pairs = [1, 2, 3, 4].map((seed) => blobPair(32, 32, seed));
    const x = images(...pairs.map((p) => p.image));
    const y = images(...pairs.map((p) => p.mask));
    const drawn = sampleAugmentParams(createRng(8), { ...DEFAULT_AUGMENT, rotationRange: 30, verticalFlip: true }, 4, size);
    for (const fillMode of ['nearest', 'constant', 'reflect', 'wrap'] as const) {
      const same = augmentBatch(y, y, drawn, { fillMode, inputInterpolation: 'nearest', targetInterpolation: 'nearest' });
      expect(same.x.arraySync()).toEqual(same.y.arraySync());
      const out = augmentBatch(x, y, drawn, { fillMode, targetInterpolation: 'nearest' });
      const values = new Set(out.y.dataSync());
      expect([...values].sort()).toEqual([0, 1]);
      for (let i = 0; i < 4; i++) {
        // The bright blob of the image sits where the mask is: compare centroids of blob vs mask.
        const blob = grid(out.x, i).map((row) => row.map((v) => (v > 0.5 ? 1 : 0)));
        const [bx, by] = centroid(blob), [mx, my] = centroid(grid(out.y, i));
        expect(Math.hypot(bx - mx, by - my)).toBeLessThan(1);
        // And the transform really moved it.
        const [ox, oy] = centroid(pairs[i].mask);
        expect(Math.hypot(ox - mx, oy - my) + Math.abs(drawn[i].theta)).toBeGreaterThan(0.5);
      }
      tf.dispose([same.x, same.y, out.x, out.y]);
    }
    tf.dispose([x, y]);
  });

  it('gives the same batch for the same seed and a different one for another', () => {
    const { image, mask } = blobPair(16, 16, 3);
    const x = images(image, image), y = images(mask, mask);
    const run = (seed: number) => {
      const p = sampleAugmentParams(createRng(seed), DEFAULT_AUGMENT, 2, { height: 16, width: 16 });
      const out = augmentBatch(x, y, p, { fillMode: 'nearest', targetInterpolation: 'nearest' });
      const arrays = [Array.from(out.x.dataSync()), Array.from(out.y.dataSync())];
      tf.dispose([out.x, out.y]);
      return arrays;
    };
    expect(run(42)).toEqual(run(42));
    expect(run(42)).not.toEqual(run(43));
    tf.dispose([x, y]);
  });

  it('owns its outputs: inputs survive, nothing leaks, int masks come back float32', () => {
    const x = tf.ones([2, 8, 8, 1]) as tf.Tensor4D;
    const y = tf.ones([2, 8, 8, 2], 'int32') as tf.Tensor4D;
    const before = tf.memory().numTensors;
    const drawn = sampleAugmentParams(createRng(1), DEFAULT_AUGMENT, 2, { height: 8, width: 8 });
    for (const fillMode of ['nearest', 'reflect'] as const) {
      const out = augmentBatch(x, y, drawn, { fillMode, targetInterpolation: 'nearest' });
      expect(out.y.dtype).toBe('float32');
      expect(out.y.shape).toEqual([2, 8, 8, 2]);
      tf.dispose([out.x, out.y]);
    }
    expect(tf.memory().numTensors).toBe(before);
    expect(x.isDisposed || y.isDisposed).toBe(false);
    tf.dispose([x, y]);
  });

  it('rejects mismatched shapes and param counts with specific messages', () => {
    const x = tf.zeros([2, 4, 4, 1]) as tf.Tensor4D;
    const y = tf.zeros([2, 4, 5, 1]) as tf.Tensor4D;
    const opts = { fillMode: 'nearest', targetInterpolation: 'nearest' } as const;
    expect(() => augmentBatch(x, y, [IDENTITY_PARAMS, IDENTITY_PARAMS], opts)).toThrow(ShapeError);
    expect(() => augmentBatch(x, y, [IDENTITY_PARAMS, IDENTITY_PARAMS], opts)).toThrow('Expected y to have shape [2, 4, 4, C] like x, but got [2, 4, 5, 1].');
    expect(() => augmentBatch(x, x, [IDENTITY_PARAMS], opts)).toThrow('Expected 2 augmentation params (one per sample), but got 1.');
    tf.dispose([x, y]);
  });
});
