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

/**
 * Milliseconds of one wasm reference step on one thread, with the Winograd kernels (CPU profile,
 * `scripts/benchProfile.ts 64 16 fast`, docs/performance.md § Winograd convolutions; 700 before them).
 */
const WASM_ONE_THREAD_MS = 456;
/**
 * …and on two threads: Chromium, cross-origin isolated, quiet 2-core machine (`npm run bench -- --sizes
 * 64,128`, 2026-12-08, median of the quiet blocks; 471 before the Winograd kernels).
 */
const WASM_TWO_THREADS_MS = 323;

/**
 * Estimated milliseconds per reference step when nothing was measured, from performance.md:
 * wasm 1 thread ≈ 0.46 s, 2 threads 0.32 s; a real GPU with WebGL ≈ 0.2 s; SwiftShader WebGL ≈ 44 s.
 */
export function estimateMsPerStep64({ backend, threads = 1, softwareRenderer = false }: { backend: BackendName; threads?: number; softwareRenderer?: boolean }): number {
  switch (backend) {
    case 'wasm':
      // 456 ms on one thread, 323 ms on two (measured); the same power law beyond two.
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
 * larger images): the step ratio of `npm run bench -- --sizes 64,128` on a quiet 2-core machine in
 * Chromium, 2 threads (1120 ms / 323 ms, 2026-12-08, with the Winograd kernels). With it the plan estimated
 * lesson 2's 10-epoch run at 128² at 4 min 28 s, and `npm run bench -- --time-to-quality translation`
 * measured 4 min 26 s from Start to "finished" (lesson 1: 1 min 39 s estimated, 1 min 43 s measured).
 * Before the Winograd kernels it was 1.655, fitted on lesson 2's run (5 min 56 s).
 */
export const WASM_SIZE_EXPONENT = 1.794;
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
