/**
 * Which slices of a volume a lesson uses: those that hold the structure (segmentation) or the head
 * (translation), the way the course's own files are cut.
 */
import type { SliceStack } from './toAxialSlices';

/** Default share of a slice's pixels that must be signal for it to count as holding the head. */
export const MIN_HEAD_FRACTION = 0.05;
/** The signal threshold lies this far from the volume's 1st to its 99th percentile (as headMask's per slice). */
const SIGNAL_FRACTION = 0.3;
/** Values sampled for the percentiles: enough for a stable estimate, few enough to sort quickly. */
const PERCENTILE_SAMPLES = 1 << 20;

/** Indices of the slices of a 0/1 mask stack ([count, height, width]) with at least one foreground pixel. */
export function slicesWithStructure(mask: SliceStack): number[] {
  const perSlice = mask.height * mask.width;
  const kept: number[] = [];
  for (let s = 0; s < mask.count; s++) {
    for (let k = s * perSlice; k < (s + 1) * perSlice; k++) {
      if (mask.data[k] !== 0) {
        kept.push(s);
        break;
      }
    }
  }
  return kept;
}

/**
 * Indices of the slices whose share of signal pixels is at least `minFraction` (default MIN_HEAD_FRACTION).
 * A pixel is signal above p1 + 0.3·(p99 − p1) of the whole volume. Unlike headMask (src/lib/data), whose
 * threshold is relative to each slice and so finds a "head" in pure background noise, the threshold here
 * is one for the volume, so slices outside the head fall below it.
 */
export function slicesWithHead(images: SliceStack, options: { minFraction?: number } = {}): number[] {
  const minFraction = options.minFraction ?? MIN_HEAD_FRACTION;
  const { data } = images;
  const stride = Math.max(1, Math.floor(data.length / PERCENTILE_SAMPLES));
  const sample = new Float32Array(Math.ceil(data.length / stride));
  let n = 0;
  for (let v = 0; v < data.length; v += stride) sample[n++] = data[v];
  const sorted = sample.subarray(0, n).sort();
  const at = (q: number) => sorted[Math.min(n - 1, Math.floor(q * (n - 1)))];
  const p1 = at(0.01);
  const threshold = p1 + SIGNAL_FRACTION * (at(0.99) - p1);
  const perSlice = images.height * images.width;
  const kept: number[] = [];
  for (let s = 0; s < images.count; s++) {
    let signal = 0;
    for (let k = s * perSlice; k < (s + 1) * perSlice; k++) if (data[k] > threshold) signal++;
    if (signal > 0 && signal >= minFraction * perSlice) kept.push(s);
  }
  return kept;
}

/** A new stack holding the slices `indices` of `stack`, in that order (the caller owns its array). */
export function pickSlices<T extends SliceStack>(stack: T, indices: readonly number[]): T {
  const perSlice = stack.height * stack.width;
  const data = new Float32Array(indices.length * perSlice);
  indices.forEach((s, n) => data.set(stack.data.subarray(s * perSlice, (s + 1) * perSlice), n * perSlice));
  return { ...stack, count: indices.length, data };
}
