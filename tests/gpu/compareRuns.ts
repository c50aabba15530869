/**
 * The plain data of the backend comparison and how two backends' runs are compared. Pure: shared
 * by the browser page (types), the browser test and `npm run gpu-check`.
 */
import type { LossName, ModelKind, RunConfig } from '../../src/lib/train/types';

export interface CompareConfig {
  /** Backends in order; the first is the reference the others are compared with. */
  backends: string[];
  tasks: { task: RunConfig['task']; model: ModelKind }[];
  size: number;
  trainCount: number;
  valCount: number;
  batchSize: number;
  epochs: number;
  seed: number;
  /** Run the unit-level operation checks (kernelChecks.ts) on each backend too. */
  kernelChecks: boolean;
}

/**
 * The tiny configuration of the browser test and gpu-check: 16×16 (SwiftShader takes ≈ 2.5 s per
 * WebGPU step even this small, ≈ 7 s at 32×32), 2 training and 2 validation slices, batch 2,
 * 2 epochs: 2 optimiser steps per task, the second of which sees the first's update (and momentum).
 */
export const TINY_COMPARE: CompareConfig = {
  backends: ['wasm', 'webgl', 'webgpu'],
  tasks: [
    { task: 'segmentation', model: 'skip' },
    { task: 'translation', model: 'skip' },
  ],
  size: 16,
  trainCount: 2,
  valCount: 2,
  batchSize: 2,
  epochs: 2,
  seed: 7,
  kernelChecks: true,
};

export interface TaskRunResult {
  task: RunConfig['task'];
  model: ModelKind;
  loss: LossName;
  /** Mean training loss per epoch. */
  trainLosses: number[];
  valLosses: number[];
  valMetrics: number[];
  /** Every step's loss, in order. */
  batchLosses: number[];
  /** The trained model's output on the validation slices, flattened. */
  predictions: number[];
  /** Median time of a training step after the first (which compiles shaders). */
  medianStepMs: number;
  durationMs: number;
}

export interface KernelCheckResult {
  name: string;
  /** Every output of the check, flattened; null when it threw. */
  values: number[] | null;
  error: string | null;
}

export interface BackendRunResult {
  backend: string;
  /** Every task trained to the end on this backend. */
  ran: boolean;
  /** The WebGPU adapter or WebGL renderer as the browser names it (null when unknown). */
  device: string | null;
  /** WebGPU only: the adapter says it is a fallback (software) adapter. */
  fallbackAdapter: boolean | null;
  error: string | null;
  setupMs: number;
  /** The gradient smoke test's relative error against cpu (GPU backends), or null when none ran. */
  smokeTestError: number | null;
  /** WebGPU errors no call reported (validation, out of memory), first lines only. */
  gpuErrors: string[];
  /** Unit-level operation checks on this backend (kernelChecks.ts); empty when not run. */
  kernelChecks: KernelCheckResult[];
  tasks: TaskRunResult[];
}

/**
 * Largest relative difference of the losses: max |a − b| / max(|b|, floor) over every step and
 * epoch loss (train and validation). The floor keeps a loss near zero from inflating the ratio.
 */
export const LOSS_FLOOR = 0.05;

/**
 * How far a backend's losses may drift from the reference's in these tiny runs (float32, 2
 * optimiser steps). Measured on SwiftShader: ≤ 3.5e-7 for WebGL and WebGPU; a broken kernel shows
 * up far above (WebGPU's stock AddN: 0.26). The margin leaves room for real GPUs' other summation orders.
 */
export const LOSS_TOLERANCE = 1e-3;
/** Largest |prediction − reference prediction| allowed, in output units (masks 0–1, intensities ≈ 0–1); measured ≤ 1e-7. */
export const PREDICTION_TOLERANCE = 1e-3;

export interface TaskComparison {
  task: string;
  maxLossRelDiff: number;
  maxPredictionAbsDiff: number;
  /** Every prediction is a finite number. */
  finite: boolean;
}

/** Largest |value − reference| / largest |reference| allowed in a unit-level check (float32 on both sides; measured ≤ 6e-7). */
export const KERNEL_TOLERANCE = 1e-3;

export interface KernelCheckComparison {
  name: string;
  /** Largest |value − reference| divided by the largest |reference| (Infinity when either threw or lengths differ). */
  relativeError: number;
  error: string | null;
}

export interface BackendComparison {
  backend: string;
  reference: string;
  kernelChecks: KernelCheckComparison[];
  maxKernelRelDiff: number;
  tasks: TaskComparison[];
  /** Worst over tasks. */
  maxLossRelDiff: number;
  maxPredictionAbsDiff: number;
  finite: boolean;
}

function maxRelDiff(a: number[], b: number[]): number {
  if (a.length !== b.length) return Infinity;
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]) / Math.max(Math.abs(b[i]), LOSS_FLOOR);
    worst = Math.max(worst, Number.isNaN(d) ? Infinity : d);
  }
  return worst;
}

function maxAbsDiff(a: number[], b: number[]): number {
  if (a.length !== b.length) return Infinity;
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]);
    worst = Math.max(worst, Number.isNaN(d) ? Infinity : d);
  }
  return worst;
}

function relativeToScale(a: number[], b: number[]): number {
  if (a.length !== b.length || a.length === 0) return Infinity;
  let scale = 0;
  for (const v of b) scale = Math.max(scale, Math.abs(v));
  const worst = maxAbsDiff(a, b);
  return scale > 0 ? worst / scale : worst;
}

/** Compares `candidate`'s runs with `reference`'s task by task (tasks missing on either side count as infinitely far). */
export function compareBackends(candidate: BackendRunResult, reference: BackendRunResult): BackendComparison {
  const tasks = reference.tasks.map((ref): TaskComparison => {
    const run = candidate.tasks.find((t) => t.task === ref.task && t.model === ref.model);
    if (run === undefined) return { task: `${ref.task}/${ref.model}`, maxLossRelDiff: Infinity, maxPredictionAbsDiff: Infinity, finite: false };
    const losses = (r: TaskRunResult) => [...r.batchLosses, ...r.trainLosses, ...r.valLosses];
    return {
      task: `${ref.task}/${ref.model}`,
      maxLossRelDiff: maxRelDiff(losses(run), losses(ref)),
      maxPredictionAbsDiff: maxAbsDiff(run.predictions, ref.predictions),
      finite: run.predictions.length > 0 && run.predictions.every(Number.isFinite),
    };
  });
  const kernelChecks = reference.kernelChecks.map((ref): KernelCheckComparison => {
    const own = candidate.kernelChecks.find((c) => c.name === ref.name);
    const error = own === undefined ? 'not run' : own.error ?? (ref.error === null ? null : `reference failed: ${ref.error}`);
    const relativeError = own?.values && ref.values ? relativeToScale(own.values, ref.values) : Infinity;
    return { name: ref.name, relativeError, error };
  });
  return {
    backend: candidate.backend,
    reference: reference.backend,
    kernelChecks,
    maxKernelRelDiff: Math.max(0, ...kernelChecks.map((c) => c.relativeError)),
    tasks,
    maxLossRelDiff: Math.max(0, ...tasks.map((t) => t.maxLossRelDiff)),
    maxPredictionAbsDiff: Math.max(0, ...tasks.map((t) => t.maxPredictionAbsDiff)),
    finite: tasks.length > 0 && tasks.every((t) => t.finite),
  };
}
