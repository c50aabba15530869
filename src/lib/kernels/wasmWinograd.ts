import type { ConvGeometry } from './convGeometry';
import { align, CONTROL_BYTES, type WasmConv } from './wasmConv';

/** Tiles per block in wasm/winograd.c (its TB): the scratch each thread needs is sized by it. */
const TILE_BLOCK = 32;

/**
 * Whether the Winograd kernel computes this forward convolution: 3×3, stride 1, one pixel of padding
 * on every side (TensorFlow's 'same' for 3×3), and enough channels for the transforms to pay off.
 * The thresholds come from `scripts/benchOps.ts` (per layer, against XNNPACK, docs/performance.md):
 * with few input channels the matrix products are too short, with few output channels the input
 * transform dominates.
 */
export function winogradFits(g: ConvGeometry): boolean {
  return g.filterHeight === 3 && g.filterWidth === 3 && g.strideHeight === 1 && g.strideWidth === 1
    && g.padTop === 1 && g.padBottom === 1 && g.padLeft === 1 && g.padRight === 1
    && g.outHeight === g.inHeight && g.outWidth === g.inWidth
    && g.inChannels >= WINOGRAD_MIN_IN_CHANNELS && g.outChannels >= WINOGRAD_MIN_OUT_CHANNELS;
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
export const WINOGRAD_MIN_OUT_CHANNELS = 16;

/** One 3×3 'same' convolution for the Winograd kernel: its images, filter, bias and activation. */
export interface WinogradJob {
  /** Input [N,H,W,Ci] (for the input gradient: dy, whose channels are the layer's outputs). */
  x: Float32Array;
  /** The layer's filter: [3,3,Ci,Co], or for the input gradient [3,3,Co,Ci] read rotated and swapped (`flip`). */
  filter: Float32Array;
  bias?: Float32Array;
  relu?: boolean;
  flip?: boolean;
  batch: number;
  height: number;
  width: number;
  inChannels: number;
  outChannels: number;
}

/**
 * Computes `job` with F(2×2, 3×3) Winograd (wasm/winograd.c) on the kernels' threads, one share of
 * the batch each, and writes the result [N,H,W,Co] into `out`.
 */
export function runWinograd(own: WasmConv, job: WinogradJob, out: Float32Array): void {
  own.calls++;
  const { batch, height, width, inChannels: ci, outChannels: co } = job;
  const cop = (co + 3) & ~3;
  const parts = Math.min(own.threads, batch);
  const xOff = CONTROL_BYTES;
  const gOff = align(xOff + job.x.length * 4);
  const uOff = align(gOff + job.filter.length * 4);
  const biasOff = align(uOff + 16 * ci * cop * 4);
  const yOff = align(biasOff + cop * 4);
  const yCount = batch * height * width * co;
  const vBytes = align(16 * TILE_BLOCK * ci * 4), mBytes = align(16 * TILE_BLOCK * cop * 4);
  const scratchOff = align(yOff + yCount * 4);
  const heap = own.reserve(scratchOff + parts * (vBytes + mBytes));
  heap.set(job.x, xOff / 4);
  heap.set(job.filter, gOff / 4);
  if (job.bias) {
    heap.set(job.bias, biasOff / 4);
    heap.fill(0, biasOff / 4 + co, biasOff / 4 + cop);
  }
  own.exports.wino_filter(gOff, uOff, ci, co, job.flip ? 1 : 0);
  own.runShares('winograd', batch, parts, (p, n0, n1) => {
    const v = scratchOff + p * (vBytes + mBytes);
    return [xOff, uOff, job.bias ? biasOff : 0, yOff, v, v + vBytes, n0, n1, height, width, ci, co, job.relu ? 1 : 0];
  });
  out.set(heap.subarray(yOff / 4, yOff / 4 + yCount));
}
