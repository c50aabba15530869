import type { ConvGeometry } from './convGeometry';
import { spaceToDepthGeometry } from './spaceToDepth';
import { align, CONTROL_BYTES, type WasmConv } from './wasmConv';

/** Tiles per block in wasm/winograd.c (its TB): the scratch each thread needs is sized by it. */
const TILE_BLOCK = 32;

/**
 * Whether the Winograd kernel computes this forward convolution: stride 1, a 3×3 filter padded by at
 * most two pixels on each side ('same', 'valid' and the input gradients of both; F(2×2, 3×3)) or a
 * 2×2 filter padded by at most one (the strided layers' input gradients in sub-pixel form; F(3×3, 2×2)),
 * and enough channels for the transforms to pay off. The thresholds come from `scripts/benchOps.ts`
 * (per layer, against XNNPACK, docs/performance.md; 40 → 10 channels at 128² is 1.7× faster than
 * XNNPACK forward): with few input channels the matrix products are too short, with few output channels
 * the input transform dominates. The input and filter gradients take 3×3 filters only (`winogradGradientFits`).
 */
export function winogradFits(g: ConvGeometry): boolean {
  const r = g.filterHeight;
  const pads = [g.padTop, g.padBottom, g.padLeft, g.padRight];
  return (r === 3 || r === 2) && g.filterWidth === r && g.strideHeight === 1 && g.strideWidth === 1
    && pads.every((p) => p >= 0 && p <= r - 1)
    && g.inChannels >= WINOGRAD_MIN_IN_CHANNELS && g.outChannels >= WINOGRAD_MIN_OUT_CHANNELS;
}

/** Whether the Winograd kernel computes the input gradient of layer `g` (3×3 layers that `winogradFits`). */
export function winogradGradientFits(g: ConvGeometry): boolean {
  return g.filterHeight === 3 && winogradFits(g);
}

/**
 * The geometry the filter gradient of layer `g` runs in on the Winograd kernel: its own for a 3×3 layer
 * that fits, the 2×2 space-to-depth form for a 4×4 stride-2 layer that fits; else null.
 */
export function winogradFilterGradGeometry(g: ConvGeometry): { g: ConvGeometry; spaceToDepth: boolean } | null {
  if (winogradGradientFits(g)) return { g, spaceToDepth: false };
  const strided = spaceToDepthGeometry(g);
  return strided !== null && winogradFits(strided) ? { g: strided, spaceToDepth: true } : null;
}

/** The convolution of the input gradient of a 3×3 layer `g`: dy in, dx out, padding 2 − p. */
export function inputGradientGeometry(g: ConvGeometry): ConvGeometry {
  return {
    ...g, inHeight: g.outHeight, inWidth: g.outWidth, outHeight: g.inHeight, outWidth: g.inWidth,
    inChannels: g.outChannels, outChannels: g.inChannels,
    padTop: 2 - g.padTop, padBottom: 2 - g.padBottom, padLeft: 2 - g.padLeft, padRight: 2 - g.padRight,
  };
}

let enabled = true;

/** Switches the Winograd kernel on or off (registerCourseKernels' `winograd` option; off compares with XNNPACK). */
export function setWinogradEnabled(on: boolean): void {
  enabled = on;
}

/** Whether the Winograd kernel may run (it also needs `prepareWasmConv` and a layer that `winogradFits`). */
export function winogradEnabled(): boolean {
  return enabled;
}

export const WINOGRAD_MIN_IN_CHANNELS = 8;
export const WINOGRAD_MIN_OUT_CHANNELS = 8;

/** One 3×3 stride-1 convolution for the Winograd kernel: its images, filter, bias and activation. */
export interface WinogradJob {
  /** Input [N,H,W,Ci] (for the input gradient: dy, whose channels are the layer's outputs). */
  x: Float32Array;
  /** The layer's filter: [r,r,Ci,Co] (r = 3 or 2), or for the input gradient of a 3×3 layer [3,3,Co,Ci] read rotated and swapped (`flip`). */
  filter: Float32Array;
  bias?: Float32Array;
  relu?: boolean;
  flip?: boolean;
  /** The convolution's geometry (for the input gradient: `inputGradientGeometry` of the layer's). */
  g: ConvGeometry;
  /**
   * `x` is the input of a 4×4 stride-2 layer [N,2H,2W,Ci/4] to be rearranged by space-to-depth first
   * (`g` is then the 2×2 form, spaceToDepth.ts); done in the kernels' memory.
   */
  spaceToDepth?: boolean;
}

/**
 * Computes `job` with Winograd's F(2×2, 3×3) or F(3×3, 2×2) (wasm/winograd.c) on the kernels' threads, one share of
 * the batch each, and writes the result [N,OH,OW,Co] into `out`.
 */
export function runWinograd(own: WasmConv, job: WinogradJob, out: Float32Array): void {
  own.calls++;
  const { batch, inChannels: ci, outChannels: co } = job.g;
  const cop = (co + 3) & ~3;
  const parts = Math.min(own.threads, batch);
  const xOff = CONTROL_BYTES;
  const gOff = align(xOff + job.x.length * 4);
  const uOff = align(gOff + job.filter.length * 4);
  const biasOff = align(uOff + 16 * ci * cop * 4);
  const yOff = align(biasOff + cop * 4);
  const yCount = batch * job.g.outHeight * job.g.outWidth * co;
  const vBytes = align(16 * TILE_BLOCK * ci * 4), mBytes = align(16 * TILE_BLOCK * cop * 4);
  const scratchOff = align(yOff + yCount * 4);
  // A space-to-depth input arrives raw and is rearranged into place from a copy after the scratch buffers.
  const rawOff = scratchOff + parts * (vBytes + mBytes);
  const heap = own.reserve(rawOff + (job.spaceToDepth ? job.x.length * 4 : 0));
  if (job.spaceToDepth) {
    heap.set(job.x, rawOff / 4);
    own.exports.space_to_depth(rawOff, xOff, batch, 2 * job.g.inHeight, 2 * job.g.inWidth, ci / 4);
  } else {
    heap.set(job.x, xOff / 4);
  }
  heap.set(job.filter, gOff / 4);
  if (job.bias) {
    heap.set(job.bias, biasOff / 4);
    heap.fill(0, biasOff / 4 + co, biasOff / 4 + cop);
  }
  const r = job.g.filterHeight;
  if (r === 2) own.exports.wino_filter2(gOff, uOff, ci, co);
  else own.exports.wino_filter(gOff, uOff, ci, co, job.flip ? 1 : 0);
  own.runShares('winograd', batch, parts, (p, n0, n1) => {
    const v = scratchOff + p * (vBytes + mBytes);
    const { inHeight, inWidth, outHeight, outWidth, padTop, padLeft } = job.g;
    return [xOff, uOff, job.bias ? biasOff : 0, yOff, v, v + vBytes, n0, n1, inHeight, inWidth, ci, outHeight, outWidth, co, padTop, padLeft, job.relu ? 1 : 0, r];
  });
  out.set(heap.subarray(yOff / 4, yOff / 4 + yCount));
}

/** A 3×3 (or 2×2) stride-1 layer whose filter gradient the Winograd kernel computes. */
export interface WinogradFilterGradJob {
  /** The layer's input [N,H,W,Ci]. */
  x: Float32Array;
  /** The gradient of its output [N,OH,OW,Co]. */
  dy: Float32Array;
  g: ConvGeometry;
  /** `x` is a 4×4 stride-2 layer's input, rearranged by space-to-depth first (`g` is the 2×2 form). */
  spaceToDepth?: boolean;
}

/**
 * dW [r,r,Ci,Co] of a 3×3 (or 2×2) stride-1 layer with the transposed F(2×2, 3×3) (or F(3×3, 2×2)) algorithm (wasm/winograd.c):
 * each thread sums its images' tiles into its own transformed gradient, the sums are added, and the
 * 3×3 filter comes out of the total once.
 */
export function runWinogradFilterGrad(own: WasmConv, job: WinogradFilterGradJob): Float32Array {
  own.calls++;
  const { batch, inHeight, inWidth, outHeight, outWidth, padTop, padLeft, inChannels: ci, outChannels: co } = job.g;
  const r = job.g.filterHeight;
  const cop = (co + 3) & ~3;
  const parts = Math.min(own.threads, batch);
  const xOff = CONTROL_BYTES;
  const dyOff = align(xOff + job.x.length * 4);
  const uhCount = 16 * ci * cop;
  const uhBytes = align(uhCount * 4);
  const uhOff = align(dyOff + job.dy.length * 4);
  const dwOff = uhOff + parts * uhBytes;
  const vBytes = align(16 * TILE_BLOCK * ci * 4), dhBytes = align(16 * TILE_BLOCK * cop * 4);
  const scratchOff = dwOff + align(r * r * ci * cop * 4);
  const rawOff = scratchOff + parts * (vBytes + dhBytes);
  const heap = own.reserve(rawOff + (job.spaceToDepth ? job.x.length * 4 : 0));
  if (job.spaceToDepth) {
    heap.set(job.x, rawOff / 4);
    own.exports.space_to_depth(rawOff, xOff, batch, 2 * inHeight, 2 * inWidth, ci / 4);
  } else {
    heap.set(job.x, xOff / 4);
  }
  heap.set(job.dy, dyOff / 4);
  const k = own.exports;
  for (let p = 0; p < parts; p++) k.zero(uhOff + p * uhBytes, uhCount);
  own.runShares('winogradFilterGrad', batch, parts, (p, n0, n1) => {
    const v = scratchOff + p * (vBytes + dhBytes);
    return [xOff, dyOff, uhOff + p * uhBytes, v, v + vBytes, n0, n1, inHeight, inWidth, ci, outHeight, outWidth, co, padTop, padLeft, r];
  });
  for (let p = 1; p < parts; p++) k.add_into(uhOff, uhOff + p * uhBytes, uhCount);
  if (r === 2) k.wino_filter_grad_out2(uhOff, dwOff, ci, co);
  else k.wino_filter_grad_out(uhOff, dwOff, ci, co);
  const rows = r * r * ci;
  const padded = own.reserve(0).subarray(dwOff / 4, dwOff / 4 + rows * cop);
  if (co === cop) return padded.slice();
  const out = new Float32Array(rows * co);
  for (let i = 0; i < rows; i++) out.set(padded.subarray(i * cop, i * cop + co), i * co);
  return out;
}
