/**
 * Which slices of a volume a lesson uses: those that hold the structure (segmentation) or the head
 * (translation), the way the course's own files are cut.
 */
import type { AxialLayout, SliceStack } from './toAxialSlices';
import type { Volume } from './types';

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
  const threshold = signalThreshold(images.data);
  const perSlice = images.height * images.width;
  const signal = new Float64Array(images.count);
  for (let s = 0; s < images.count; s++) {
    for (let k = s * perSlice; k < (s + 1) * perSlice; k++) if (images.data[k] > threshold) signal[s]++;
  }
  return slicesWithSignal(signal, perSlice, options);
}

/** p1 + 0.3·(p99 − p1) of the values, from an evenly strided sample (their order does not matter). */
function signalThreshold(data: Float32Array): number {
  const stride = Math.max(1, Math.floor(data.length / PERCENTILE_SAMPLES));
  const sample = new Float32Array(Math.ceil(data.length / stride));
  let n = 0;
  for (let v = 0; v < data.length; v += stride) sample[n++] = data[v];
  const sorted = sample.subarray(0, n).sort();
  const at = (q: number) => sorted[Math.min(n - 1, Math.floor(q * (n - 1)))];
  const p1 = at(0.01);
  return p1 + SIGNAL_FRACTION * (at(0.99) - p1);
}

function slicesWithSignal(signal: Float64Array, perSlice: number, options: { minFraction?: number }): number[] {
  const minFraction = options.minFraction ?? MIN_HEAD_FRACTION;
  const kept: number[] = [];
  signal.forEach((count, s) => { if (count > 0 && count >= minFraction * perSlice) kept.push(s); });
  return kept;
}

/** Calls visit(display slice, voxel index) for every voxel of the volume, in storage order. */
function forEachVoxel(volume: Volume, layout: AxialLayout, visit: (slice: number, v: number) => void): void {
  const [ni, nj, nk] = volume.dims;
  const { voxelAxis, flipped } = layout.axes[0];
  const last = volume.dims[voxelAxis] - 1;
  let v = 0;
  for (let k = 0; k < nk; k++) {
    for (let j = 0; j < nj; j++) {
      for (let i = 0; i < ni; i++, v++) {
        const c = voxelAxis === 0 ? i : voxelAxis === 1 ? j : k;
        visit(flipped ? last - c : c, v);
      }
    }
  }
}

/** slicesWithStructure of the volume's axial slices (axialLayout), read in place without copying the volume. */
export function axialSlicesWithStructure(mask: Volume, layout: AxialLayout): number[] {
  const has = new Uint8Array(layout.count);
  const { data } = mask;
  forEachVoxel(mask, layout, (s, v) => { if (data[v] !== 0) has[s] = 1; });
  const kept: number[] = [];
  has.forEach((h, s) => { if (h) kept.push(s); });
  return kept;
}

/** slicesWithHead of the volume's axial slices (axialLayout), read in place without copying the volume. */
export function axialSlicesWithHead(images: Volume, layout: AxialLayout, options: { minFraction?: number } = {}): number[] {
  const threshold = signalThreshold(images.data);
  const signal = new Float64Array(layout.count);
  const { data } = images;
  forEachVoxel(images, layout, (s, v) => { if (data[v] > threshold) signal[s]++; });
  return slicesWithSignal(signal, layout.height * layout.width, options);
}

/** A new stack holding the slices `indices` of `stack`, in that order (the caller owns its array). */
export function pickSlices<T extends SliceStack>(stack: T, indices: readonly number[]): T {
  const perSlice = stack.height * stack.width;
  const data = new Float32Array(indices.length * perSlice);
  indices.forEach((s, n) => data.set(stack.data.subarray(s * perSlice, (s + 1) * perSlice), n * perSlice));
  return { ...stack, count: indices.length, data };
}
