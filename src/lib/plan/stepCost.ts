/**
 * What one training step costs on this device: the reference step (16 slices at 64×64) per backend,
 * and how a step grows with the image side and the batch. Pure numbers (docs/performance.md).
 */
import type { ModelKind } from '../models/modelKinds';
import type { BackendName } from '../train/backendChoice';
import { modelCostFactor } from './modelCost';

/** The step the speed is quoted for: one training step of 16 slices at 64×64. */
export const REFERENCE_BATCH = 16;
export const REFERENCE_SIZE = 64;

/** Milliseconds of one wasm reference step on one thread (CPU profile, docs/performance.md). */
const WASM_ONE_THREAD_MS = 700;
/** …and on two threads: Chromium, cross-origin isolated, quiet 2-core machine (`npm run bench -- --sizes 64,128`). */
const WASM_TWO_THREADS_MS = 471;

/**
 * Estimated milliseconds per reference step when nothing was measured, from performance.md:
 * wasm 1 thread ≈ 0.7 s, 2 threads 0.47 s; a real GPU with WebGL ≈ 0.2 s; SwiftShader WebGL ≈ 44 s.
 */
export function estimateMsPerStep64({ backend, threads = 1, softwareRenderer = false }: { backend: BackendName; threads?: number; softwareRenderer?: boolean }): number {
  switch (backend) {
    case 'wasm':
      // 700 ms on one thread, 471 ms on two (measured); the same power law beyond two.
      return Math.round(WASM_ONE_THREAD_MS * Math.max(1, threads) ** -Math.log2(WASM_ONE_THREAD_MS / WASM_TWO_THREADS_MS));
    case 'webgl':
      return softwareRenderer ? 44_000 : 200;
    case 'webgpu':
      return 150;
    case 'cpu':
      return 29_000;
  }
}

/**
 * How step time grows with the image side: time ∝ side^exponent. The arithmetic grows with the pixels
 * (side²), and that is what we assume where nothing was measured (GPUs, the plain-JS cpu backend). On
 * wasm a 128² step costs less than four 64² steps (fixed costs per layer, better use of the kernels on
 * larger images): calibrated on a quiet 2-core machine in Chromium, 2 threads, where lesson 2's 10-epoch
 * run at 128² took 5 min 56 s and 5 min 48 s from Start to "finished" (`npm run bench --
 * --time-to-quality translation`); side² estimated 7 min 32 s, this exponent 5 min 56 s.
 */
export const WASM_SIZE_EXPONENT = 1.655;
export const PIXEL_SIZE_EXPONENT = 2;

/** The size exponent the estimates use on `backend` (see WASM_SIZE_EXPONENT). */
export function sizeExponentFor(backend: BackendName): number {
  return backend === 'wasm' ? WASM_SIZE_EXPONENT : PIXEL_SIZE_EXPONENT;
}

/** Milliseconds of one training step at `size`×`size` with `batchSize` slices (slices × side^sizeExponent). */
export function msPerStepAt(msPerStep64: number, size: number, batchSize: number, sizeExponent = PIXEL_SIZE_EXPONENT): number {
  return msPerStep64 * (size / REFERENCE_SIZE) ** sizeExponent * (batchSize / REFERENCE_BATCH);
}

/** What a training step's cost depends on besides the device: the model, the image side and the batch. */
export interface StepShape {
  model: ModelKind;
  size: number;
  batchSize: number;
}

/** Milliseconds of one training step of `shape` on a device whose reference step (skip model, 64², batch 16) takes `msPerStep64`. */
export function msPerStepOf(msPerStep64: number, shape: StepShape, sizeExponent = PIXEL_SIZE_EXPONENT): number {
  return msPerStepAt(msPerStep64 * modelCostFactor(shape.model), shape.size, shape.batchSize, sizeExponent);
}

/** The reference step (skip model, 64², batch 16) that a step of `shape` taking `msPerStep` implies: msPerStepOf's inverse. */
export function referenceStepOf(msPerStep: number, shape: StepShape, sizeExponent = PIXEL_SIZE_EXPONENT): number {
  return msPerStep / msPerStepOf(1, shape, sizeExponent);
}

/** "about 0.9 s", "about 45 s": a step time for prose. */
export function formatStep(ms: number): string {
  return ms < 10_000 ? `about ${(ms / 1000).toFixed(1)} s` : `about ${Math.round(ms / 1000)} s`;
}
