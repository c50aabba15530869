import { normal, type Rng } from '../random';

/** Normalised 1-D Gaussian kernel with standard deviation sigma (px), radius ⌈3σ⌉. */
export function gaussianKernel(sigma: number): Float32Array {
  if (sigma <= 0) return Float32Array.of(1);
  const radius = Math.max(1, Math.ceil(3 * sigma));
  const kernel = new Float32Array(2 * radius + 1);
  let sum = 0;
  for (let t = -radius; t <= radius; t++) {
    const w = Math.exp((-t * t) / (2 * sigma * sigma));
    kernel[t + radius] = w;
    sum += w;
  }
  for (let t = 0; t < kernel.length; t++) kernel[t] /= sum;
  return kernel;
}

/**
 * Separable Gaussian blur of a [size·size] image in place (edges clamp to the nearest pixel).
 * `scratch` (same length) is used as a work buffer and may be passed in to avoid allocation.
 */
export function gaussianBlur(image: Float32Array, size: number, sigma: number, scratch?: Float32Array): void {
  if (sigma <= 0) return;
  const kernel = gaussianKernel(sigma);
  const radius = (kernel.length - 1) / 2;
  const tmp = scratch ?? new Float32Array(image.length);
  for (let j = 0; j < size; j++) {
    const row = j * size;
    for (let i = 0; i < size; i++) {
      let sum = 0;
      for (let t = -radius; t <= radius; t++) {
        let ii = i + t;
        ii = ii < 0 ? 0 : ii >= size ? size - 1 : ii;
        sum += kernel[t + radius] * image[row + ii];
      }
      tmp[row + i] = sum;
    }
  }
  for (let j = 0; j < size; j++) {
    for (let i = 0; i < size; i++) {
      let sum = 0;
      for (let t = -radius; t <= radius; t++) {
        let jj = j + t;
        jj = jj < 0 ? 0 : jj >= size ? size - 1 : jj;
        sum += kernel[t + radius] * tmp[jj * size + i];
      }
      image[j * size + i] = sum;
    }
  }
}

/**
 * Correlated Gaussian noise: white N(0,1) noise blurred by a Gaussian of sigmaPx and rescaled
 * so that its standard deviation is `std`. Returns a new [size·size] array the caller owns.
 */
export function correlatedNoise(size: number, sigmaPx: number, std: number, rng: Rng): Float32Array {
  const noise = new Float32Array(size * size);
  for (let k = 0; k < noise.length; k++) noise[k] = normal(rng);
  if (sigmaPx > 0) {
    gaussianBlur(noise, size, sigmaPx);
    const kernel = gaussianKernel(sigmaPx);
    let sumSq = 0;
    for (let t = 0; t < kernel.length; t++) sumSq += kernel[t] * kernel[t];
    // The 2-D kernel is the outer product, so the blurred variance is (Σk²)².
    const gain = std / sumSq;
    for (let k = 0; k < noise.length; k++) noise[k] *= gain;
  } else {
    for (let k = 0; k < noise.length; k++) noise[k] *= std;
  }
  return noise;
}
