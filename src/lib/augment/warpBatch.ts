import * as tf from '@tensorflow/tfjs';
import { ShapeError } from '../errors';
import type { FillMode, Interpolation } from './augmentConfig';
import type { ProjectiveTransform } from './toAffineMatrix';

/** How to resample and what to put outside the input. */
export interface WarpOptions {
  interpolation: Interpolation;
  fillMode: FillMode;
  /** Fill value for fillMode 'constant' (default 0). */
  cval?: number;
}

/**
 * tfjs-backend-cpu 4.22's Transform kernel returns after the first image of a batch, leaving
 * the others at the fill value; there we transform one image at a time.
 */
function kernelHandlesBatches(): boolean {
  return tf.getBackend() !== 'cpu';
}

/**
 * How far (in pixels, per axis) any matrix samples outside the image, found from the four output
 * corners (the matrices are affine, so the extremes are at corners), capped at the image size.
 */
function reflectMargin(matrices: readonly ProjectiveTransform[], height: number, width: number): [number, number] {
  let over = [0, 0];
  for (const [a0, a1, a2, b0, b1, b2] of matrices) {
    for (const [x, y] of [[0, 0], [width - 1, 0], [0, height - 1], [width - 1, height - 1]]) {
      const xi = a0 * x + a1 * y + a2;
      const yi = b0 * x + b1 * y + b2;
      over = [Math.max(over[0], -yi, yi - (height - 1)), Math.max(over[1], -xi, xi - (width - 1))];
    }
  }
  // +1 so bilinear sampling next to the outermost point still reads mirrored pixels.
  return [Math.min(height, Math.ceil(over[0]) + 1), Math.min(width, Math.ceil(over[1]) + 1)];
}

/**
 * Resamples each image of `images` [N, H, W, C] through its own output→input matrix (one per
 * sample) and returns a new float32 [N, H, W, C] tensor the caller owns; `images` is not disposed.
 * 'reflect' is done by mirror-padding and clamping (the wasm kernel's own 'reflect' is wrong left
 * of and above the image); it mirrors once on each side and repeats the edge beyond that.
 */
export function warpBatch(images: tf.Tensor4D, matrices: readonly ProjectiveTransform[], options: WarpOptions): tf.Tensor4D {
  const [n, height, width] = images.shape;
  if (matrices.length !== n) {
    throw new ShapeError(`Expected one transform per image (${n}), but got ${matrices.length}.`, 'Draw the params with count equal to the batch size.');
  }
  const cval = options.cval ?? 0;
  return tf.tidy(() => {
    let source: tf.Tensor4D = images.dtype === 'float32' ? images : tf.cast(images, 'float32');
    let rows: number[][] = matrices.map((m) => [...m]);
    let fillMode: FillMode = options.fillMode;
    if (fillMode === 'reflect' && n > 0) {
      const [padY, padX] = reflectMargin(matrices, height, width);
      // 'symmetric' repeats the border pixel (d c b a | a b c d), the reflect of Keras and TF.
      source = tf.mirrorPad(source, [[0, 0], [padY, padY], [padX, padX], [0, 0]], 'symmetric');
      rows = rows.map(([a0, a1, a2, b0, b1, b2, c0, c1]) => [a0, a1, a2 + padX, b0, b1, b2 + padY, c0, c1]);
      fillMode = 'nearest';
    }
    if (n === 0) return tf.zeros([0, height, width, images.shape[3]]) as tf.Tensor4D;
    const warp = (image: tf.Tensor4D, transform: number[][]) =>
      tf.image.transform(image, tf.tensor2d(transform, [transform.length, 8], 'float32'),
        options.interpolation, fillMode, cval, [height, width]);
    if (kernelHandlesBatches() || n === 1) return warp(source, rows);
    const singles = tf.split(source, n, 0) as tf.Tensor4D[];
    return tf.concat(singles.map((image, i) => warp(image, [rows[i]])), 0);
  });
}
