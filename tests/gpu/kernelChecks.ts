/**
 * Unit-level checks of the operations the lesson models train with, run on one backend and read
 * back as plain arrays: the page runs them on every backend and the comparison (compareRuns.ts)
 * holds each against the reference backend's values. Tiny shapes, deterministic inputs.
 */
import * as tf from '@tensorflow/tfjs';
import { warpBatch } from '../../src/lib/augment/warpBatch';
import { diceLoss } from '../../src/lib/losses/diceLoss';
import { meanAbsoluteError } from '../../src/lib/losses/regressionLosses';
import { clipByGlobalNorm, createOptimizer } from '../../src/lib/train/optimizers';

function fill(shape: number[], scale: number, phase: number, offset = 0): tf.Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const values = new Float32Array(n);
  for (let i = 0; i < n; i++) values[i] = offset + Math.sin(scale * i + phase);
  return tf.tensor(values, shape, 'float32');
}

/** Reads every tensor (then disposes them) into one flat array. */
async function flat(tensors: tf.Tensor[]): Promise<number[]> {
  try {
    const parts = await Promise.all(tensors.map((t) => t.data()));
    return parts.flatMap((p) => Array.from(p));
  } finally {
    tf.dispose(tensors);
  }
}

type Check = () => Promise<number[]>;

const CHECKS: Record<string, Check> = {
  'conv2d 3×3 same: value and both gradients': async () => {
    const x = fill([2, 6, 6, 3], 0.37, 0.1);
    const w = fill([3, 3, 3, 4], 0.23, 1.3);
    const f = (a: tf.Tensor, b: tf.Tensor) => tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 1, 'same').square().sum();
    const value = f(x, w);
    const grads = tf.grads(f)([x, w]);
    tf.dispose([x, w]);
    return flat([value, ...grads]);
  },
  'conv2d 4×4 stride 2 valid: value and both gradients': async () => {
    const x = fill([2, 8, 8, 2], 0.31, 0.4);
    const w = fill([4, 4, 2, 3], 0.19, 0.7);
    const f = (a: tf.Tensor, b: tf.Tensor) => tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 2, 'valid').square().sum();
    const value = f(x, w);
    const grads = tf.grads(f)([x, w]);
    tf.dispose([x, w]);
    return flat([value, ...grads]);
  },
  'conv2dTranspose 4×4 stride 2 valid: value and both gradients': async () => {
    const x = fill([2, 3, 3, 3], 0.29, 0.2);
    const w = fill([4, 4, 2, 3], 0.17, 0.9);
    const f = (a: tf.Tensor, b: tf.Tensor) =>
      tf.conv2dTranspose(a as tf.Tensor4D, b as tf.Tensor4D, [2, 8, 8, 2], 2, 'valid').square().sum();
    const value = f(x, w);
    const grads = tf.grads(f)([x, w]);
    tf.dispose([x, w]);
    return flat([value, ...grads]);
  },
  'sigmoid and relu gradients': async () => {
    const x = fill([64], 0.7, 0.3);
    const f = (a: tf.Tensor) => tf.add(tf.sigmoid(a).mul(3), tf.relu(a).square()).sum();
    const g = tf.grad(f)(x);
    x.dispose();
    return flat([g]);
  },
  'Dice loss: value and gradient': async () => {
    const t = tf.tidy(() => fill([2, 4, 4, 1], 0.9, 0.2).greater(0).cast('float32'));
    const p = tf.tidy(() => tf.sigmoid(fill([2, 4, 4, 1], 0.5, 1.1)));
    const value = diceLoss(t, p);
    const g = tf.grad((q: tf.Tensor) => diceLoss(t, q))(p);
    tf.dispose([t, p]);
    return flat([value, g]);
  },
  'MAE loss: value and gradient': async () => {
    const t = fill([2, 4, 4, 1], 0.9, 0.2);
    const p = fill([2, 4, 4, 1], 0.5, 1.1);
    const value = meanAbsoluteError(t, p);
    const g = tf.grad((q: tf.Tensor) => meanAbsoluteError(t, q))(p);
    tf.dispose([t, p]);
    return flat([value, g]);
  },
  'addN of 24 tensors': async () => {
    const parts = Array.from({ length: 24 }, (_, i) => fill([5], 0.3, i));
    const sum = tf.addN(parts);
    tf.dispose(parts);
    return flat([sum]);
  },
  'clip by global norm over 24 gradients': async () => {
    const grads = Array.from({ length: 24 }, (_, i) => fill([3, 2], 0.4, i, 0.5));
    const clipped = clipByGlobalNorm(grads, 0.5);
    tf.dispose(grads);
    return flat(clipped);
  },
  'SGD (momentum, Nesterov, clip) two steps over 24 variables': async () => {
    const optimizer = createOptimizer({ kind: 'sgd', learningRate: 0.05, momentum: 0.9, nesterov: true, decay: 1e-6, clipNorm: 0.5 });
    const variables = Array.from({ length: 24 }, (_, i) => tf.variable(fill([4], 0.2, i)));
    for (let step = 0; step < 2; step++) {
      const grads = variables.map((_, i) => fill([4], 0.6, i + step));
      optimizer.applyGradients(variables, grads);
      tf.dispose(grads);
    }
    optimizer.dispose();
    return flat(variables);
  },
  'Adam two steps over 24 variables': async () => {
    const optimizer = createOptimizer({ kind: 'adam', learningRate: 1e-3 });
    const variables = Array.from({ length: 24 }, (_, i) => tf.variable(fill([4], 0.2, i)));
    for (let step = 0; step < 2; step++) {
      const grads = variables.map((_, i) => fill([4], 0.6, i + step));
      optimizer.applyGradients(variables, grads);
      tf.dispose(grads);
    }
    optimizer.dispose();
    return flat(variables);
  },
  'augmentation warp: bilinear and nearest, rotated and shifted': async () => {
    const image = tf.tidy(() => fill([2, 8, 8, 1], 0.45, 0.3, 1));
    const c = Math.cos(0.2), s = Math.sin(0.2);
    // Output→input matrices [a0 a1 a2 b0 b1 b2 c0 c1]; offsets chosen so no sample lands exactly between pixels.
    const matrices: [number, number, number, number, number, number, number, number][] = [
      [c, -s, 0.83, s, c, -0.61, 0, 0],
      [-1, 0, 7.13, 0, 1.05, 0.27, 0, 0],
    ];
    const bilinear = warpBatch(image as tf.Tensor4D, matrices, { interpolation: 'bilinear', fillMode: 'nearest' });
    const constant = warpBatch(image as tf.Tensor4D, matrices, { interpolation: 'bilinear', fillMode: 'constant', cval: 0.25 });
    const nearest = warpBatch(image as tf.Tensor4D, matrices, { interpolation: 'nearest', fillMode: 'reflect' });
    image.dispose();
    return flat([bilinear, constant, nearest]);
  },
};

export const KERNEL_CHECK_NAMES = Object.keys(CHECKS);

/** Runs every check on the current backend; a check that throws reports its error instead of values. */
export async function runKernelChecks(): Promise<{ name: string; values: number[] | null; error: string | null }[]> {
  const out: { name: string; values: number[] | null; error: string | null }[] = [];
  for (const [name, check] of Object.entries(CHECKS)) {
    try {
      out.push({ name, values: await check(), error: null });
    } catch (error) {
      out.push({ name, values: null, error: error instanceof Error ? error.message : String(error) });
    }
  }
  return out;
}
