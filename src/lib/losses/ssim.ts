import { ShapeError } from '../errors';
import { assertSliceArrays } from './assertSameShape';
import { assertDataRange } from './intensityMetrics';

/** Wang et al. (2004): K1 = 0.01, K2 = 0.03, an 11×11 Gaussian window with σ = 1.5. */
const K1 = 0.01;
const K2 = 0.03;
const WINDOW = 11;
const SIGMA = 1.5;

export interface SsimOptions {
  height: number;
  width: number;
  /** Span of possible intensities (1 for images in [0, 1]); sets C1 = (K1·L)², C2 = (K2·L)². */
  dataRange: number;
}

/** The normalised 1-D Gaussian; its outer product with itself is the 2-D window (which sums to 1). */
function gaussian1d(): Float64Array {
  const g = new Float64Array(WINDOW);
  const centre = (WINDOW - 1) / 2;
  let sum = 0;
  for (let i = 0; i < WINDOW; i++) {
    g[i] = Math.exp(-((i - centre) ** 2) / (2 * SIGMA * SIGMA));
    sum += g[i];
  }
  for (let i = 0; i < WINDOW; i++) g[i] /= sum;
  return g;
}

/** Separable 'valid' filtering of one height×width image: output (height−10)×(width−10). */
function filterValid(image: Float64Array, height: number, width: number, g: Float64Array): Float64Array {
  const ow = width - WINDOW + 1;
  const oh = height - WINDOW + 1;
  const rows = new Float64Array(height * ow);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < ow; x++) {
      let acc = 0;
      for (let k = 0; k < WINDOW; k++) acc += g[k] * image[y * width + x + k];
      rows[y * ow + x] = acc;
    }
  }
  const out = new Float64Array(oh * ow);
  for (let y = 0; y < oh; y++) {
    for (let x = 0; x < ow; x++) {
      let acc = 0;
      for (let k = 0; k < WINDOW; k++) acc += g[k] * rows[(y + k) * ow + x];
      out[y * ow + x] = acc;
    }
  }
  return out;
}

/** The SSIM map of one slice: one value per window position that fits inside the image, (height−10)×(width−10). */
function ssimMap(a: Float64Array, b: Float64Array, height: number, width: number, dataRange: number, g: Float64Array): Float64Array {
  const n = a.length;
  const aa = new Float64Array(n);
  const bb = new Float64Array(n);
  const ab = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    aa[i] = a[i] * a[i];
    bb[i] = b[i] * b[i];
    ab[i] = a[i] * b[i];
  }
  const [muA, muB, eAA, eBB, eAB] = [a, b, aa, bb, ab].map((img) => filterValid(img, height, width, g));
  const c1 = (K1 * dataRange) ** 2;
  const c2 = (K2 * dataRange) ** 2;
  const map = new Float64Array(muA.length);
  for (let i = 0; i < muA.length; i++) {
    const varA = eAA[i] - muA[i] * muA[i];
    const varB = eBB[i] - muB[i] * muB[i];
    const cov = eAB[i] - muA[i] * muB[i];
    map[i] = ((2 * muA[i] * muB[i] + c1) * (2 * cov + c2)) / ((muA[i] ** 2 + muB[i] ** 2 + c1) * (varA + varB + c2));
  }
  return map;
}

/** SSIM of one slice: the mean of the SSIM map over every window position that fits inside the image. */
function ssimOfSlice(a: Float64Array, b: Float64Array, height: number, width: number, dataRange: number, g: Float64Array): number {
  const map = ssimMap(a, b, height, width, dataRange, g);
  let sum = 0;
  for (const v of map) sum += v;
  return sum / map.length;
}

/** Checks SSIM's options and slice size; returns the number of slices. */
function checkedSlices(what: string, yTrue: ArrayLike<number>, yPred: ArrayLike<number>, options: SsimOptions): number {
  const { height, width, dataRange } = options;
  assertDataRange(what, dataRange);
  if (height < WINDOW || width < WINDOW) {
    throw new ShapeError(`Expected slices of at least ${WINDOW}×${WINDOW} pixels for ${what}, but got ${height}×${width}.`, 'SSIM uses an 11×11 window.');
  }
  return assertSliceArrays(what, yTrue, yPred, height, width);
}

/** Runs `score` on every slice of two stacks, copied to float64. */
function perSlice(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, slices: number, size: number, score: (a: Float64Array, b: Float64Array, s: number) => number): Float32Array {
  const out = new Float32Array(slices);
  const a = new Float64Array(size);
  const b = new Float64Array(size);
  for (let s = 0; s < slices; s++) {
    for (let i = 0; i < size; i++) {
      a[i] = yTrue[s * size + i];
      b[i] = yPred[s * size + i];
    }
    out[s] = score(a, b, s);
  }
  return out;
}

/**
 * Structural similarity of each slice (Gaussian-window SSIM, Wang et al. 2004, no padding: only
 * window positions fully inside the slice count). yTrue, yPred: [N, height, width, 1] flattened,
 * not modified; height and width must be at least 11. Returns N values in [−1, 1], 1 for identical slices.
 */
export function ssimPerSlice(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, options: SsimOptions): Float32Array {
  const { height, width, dataRange } = options;
  const slices = checkedSlices('ssim', yTrue, yPred, options);
  const g = gaussian1d();
  return perSlice(yTrue, yPred, slices, height * width, (a, b) => ssimOfSlice(a, b, height, width, dataRange, g));
}

/**
 * SSIM of each slice inside a region: the mean of the SSIM map over the window positions whose centre
 * pixel is inside `mask` (> 0.5), so the background around a head does not lift the score. Same layout
 * as ssimPerSlice; NaN for a slice whose region holds no window centre.
 */
export function ssimInMaskPerSlice(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, mask: ArrayLike<number>, options: SsimOptions): Float32Array {
  const { height, width, dataRange } = options;
  const slices = checkedSlices('ssimInMask', yTrue, yPred, options);
  assertSliceArrays('ssimInMask', yTrue, mask, height, width);
  const g = gaussian1d();
  const half = (WINDOW - 1) / 2;
  const ow = width - WINDOW + 1;
  const size = height * width;
  return perSlice(yTrue, yPred, slices, size, (a, b, s) => {
    const map = ssimMap(a, b, height, width, dataRange, g);
    let sum = 0;
    let n = 0;
    for (let i = 0; i < map.length; i++) {
      const y = Math.floor(i / ow) + half;
      const x = (i % ow) + half;
      if (mask[s * size + y * width + x] > 0.5) {
        sum += map[i];
        n++;
      }
    }
    return n > 0 ? sum / n : Number.NaN;
  });
}

/** Mean SSIM over the slices given (see ssimPerSlice for layout and conventions). */
export function ssim(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, options: SsimOptions): number {
  const values = ssimPerSlice(yTrue, yPred, options);
  let sum = 0;
  for (const v of values) sum += v;
  return values.length > 0 ? sum / values.length : Number.NaN;
}
