import * as tf from '@tensorflow/tfjs';
import { ShapeError } from '../errors';
import { isIdentityIntensity, type IntensityParams } from './intensityConfig';

/** How `intensityBatch` draws its noise. */
export interface IntensityBatchOptions {
  /** Seed of the Gaussian noise: the same seed gives the same noise. */
  seed: number;
}

/** Keeps divisions by an image's spread finite on a constant image. */
const TINY = 1e-6;

/** The bias field's basis x, y, x², y², xy over the image, x and y from −1 to 1, as [H·W, 5]. */
function biasBasis(height: number, width: number): Float32Array {
  const basis = new Float32Array(height * width * 5);
  for (let r = 0; r < height; r++) {
    const y = height > 1 ? (2 * r) / (height - 1) - 1 : 0;
    for (let c = 0; c < width; c++) {
      const x = width > 1 ? (2 * c) / (width - 1) - 1 : 0;
      basis.set([x, y, x * x, y * y, x * y], (r * width + c) * 5);
    }
  }
  return basis;
}

/** One normalised 1-D Gaussian per sample as columns of a [2r+1, N] table (a delta where σ is 0). */
function gaussianTaps(sigmas: readonly number[], radius: number): Float32Array {
  const n = sigmas.length;
  const taps = new Float32Array((2 * radius + 1) * n);
  sigmas.forEach((sigma, i) => {
    let sum = 0;
    for (let k = -radius; k <= radius; k++) {
      const w = sigma > 0 ? Math.exp(-(k * k) / (2 * sigma * sigma)) : Number(k === 0);
      taps[(k + radius) * n + i] = w;
      sum += w;
    }
    for (let k = 0; k <= 2 * radius; k++) taps[k * n + i] /= sum;
  });
  return taps;
}

/**
 * Blurs each sample with its own σ in one pass: the batch becomes the channels of one image, and a
 * depthwise convolution gives each channel its own kernel (rows, then columns), edges mirrored.
 */
function blurEach(x: tf.Tensor4D, sigmas: readonly number[]): tf.Tensor4D {
  const [n, height, width] = x.shape;
  const radius = Math.min(Math.ceil(3 * Math.max(...sigmas)), height - 1, width - 1);
  if (radius < 1) return x;
  const taps = gaussianTaps(sigmas, radius);
  const channels = tf.transpose(x, [3, 1, 2, 0]) as tf.Tensor4D;
  const padded = tf.mirrorPad(channels, [[0, 0], [radius, radius], [radius, radius], [0, 0]], 'reflect');
  const rows = tf.depthwiseConv2d(padded, tf.tensor4d(taps, [2 * radius + 1, 1, n, 1]), 1, 'valid');
  const both = tf.depthwiseConv2d(rows, tf.tensor4d(taps, [1, 2 * radius + 1, n, 1]), 1, 'valid');
  return tf.transpose(both, [3, 1, 2, 0]) as tf.Tensor4D;
}

/** Samples the images whose factor is above 1 down (nearest) and back up (bilinear); the others pass unchanged. */
function lowerResolution(x: tf.Tensor4D, factors: readonly number[]): tf.Tensor4D {
  const [, height, width] = x.shape;
  const parts = tf.split(x, factors.length, 0) as tf.Tensor4D[];
  const changed = parts.map((part, i) => {
    if (factors[i] <= 1) return part;
    const size: [number, number] = [Math.max(1, Math.round(height / factors[i])), Math.max(1, Math.round(width / factors[i]))];
    return tf.image.resizeBilinear(tf.image.resizeNearestNeighbor(part, size, false, true), [height, width], false, true);
  });
  return tf.concat(changed, 0);
}

/** A [N, 1, 1, 1] tensor of one number per sample, to broadcast over each image. */
const perSample = (values: readonly number[]) => tf.tensor4d([...values], [values.length, 1, 1, 1]);

/**
 * Applies params[i] to image x[i] of x [N, H, W, 1] (order: bias field, blur, lower resolution,
 * contrast and brightness, gamma, noise — the scanner's physics before its noise) → a new float32
 * tensor owned by the caller; x is not disposed. Amounts relative to an image's spread use the
 * spread of the image as given, so noise of 0.1 is a tenth of the slice's own standard deviation.
 */
export function intensityBatch(x: tf.Tensor4D, params: readonly IntensityParams[], options: IntensityBatchOptions): tf.Tensor4D {
  if (x.rank !== 4 || x.shape[3] !== 1) {
    throw new ShapeError(`Expected images of shape [N, H, W, 1], but got [${x.shape.join(', ')}].`, 'Intensity changes work on one-channel images.');
  }
  const [n, height, width] = x.shape;
  if (params.length !== n) {
    throw new ShapeError(`Expected ${n} intensity params (one per sample), but got ${params.length}.`,
      'Call sampleIntensityParams with count equal to the batch size.');
  }
  if (params.every(isIdentityIntensity)) return x.clone();
  return tf.tidy(() => {
    const moments = tf.moments(x, [1, 2, 3], true);
    const spread = tf.add(tf.sqrt(moments.variance), TINY);
    let out: tf.Tensor4D = x;
    if (params.some((p) => p.bias.some((b) => b !== 0))) {
      const coefficients = tf.tensor2d(params.flatMap((p) => p.bias), [n, 5]);
      const field = tf.exp(tf.matMul(coefficients, tf.tensor2d(biasBasis(height, width), [height * width, 5]), false, true)).reshape([n, height, width, 1]);
      const floor = tf.min(out, [1, 2, 3], true);
      out = tf.add(floor, tf.mul(tf.sub(out, floor), field));
    }
    if (params.some((p) => p.blurSigma > 0)) out = blurEach(out, params.map((p) => p.blurSigma));
    if (params.some((p) => p.lowRes > 1)) out = lowerResolution(out, params.map((p) => p.lowRes));
    if (params.some((p) => p.contrast !== 1 || p.brightness !== 0)) {
      const mean = tf.mean(out, [1, 2, 3], true);
      const shifted = tf.add(mean, tf.mul(tf.sub(out, mean), perSample(params.map((p) => p.contrast))));
      out = tf.add(shifted, tf.mul(spread, perSample(params.map((p) => p.brightness))));
    }
    if (params.some((p) => p.gamma !== 1)) {
      const lo = tf.min(out, [1, 2, 3], true);
      const range = tf.maximum(tf.sub(tf.max(out, [1, 2, 3], true), lo), TINY);
      const unit = tf.clipByValue(tf.div(tf.sub(out, lo), range), 0, 1);
      out = tf.add(lo, tf.mul(range, tf.pow(unit, perSample(params.map((p) => p.gamma)))));
    }
    if (params.some((p) => p.noiseStd > 0)) {
      const noise = tf.randomNormal([n, height, width, 1], 0, 1, 'float32', options.seed);
      out = tf.add(out, tf.mul(noise, tf.mul(spread, perSample(params.map((p) => p.noiseStd)))));
    }
    return out === x ? x.clone() : out;
  });
}
