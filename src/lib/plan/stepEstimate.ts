/**
 * The step a panel quotes for its own settings (model, image size, batch, backend), calibrated on
 * the steps measured on this device as soon as there are some: a run's own steps, or the backend
 * panel's "Time a training step here".
 */
import type { BackendName } from '../train/backendChoice';
import type { DeviceSpeed } from './deviceSpeed';
import { msPerStepOf, referenceStepOf, sizeExponentFor, type StepShape } from './stepCost';

/** A training step timed on this device, with what it trained. */
export interface MeasuredStep extends StepShape {
  msPerStep: number;
  backend: BackendName;
  threads: number;
}

/**
 * Where a step estimate comes from: 'estimated' from the device class (nothing measured here),
 * 'measured' this very step measured here, 'scaled' another step measured here, scaled to this one.
 */
export type StepBasis = 'estimated' | 'measured' | 'scaled';

export interface StepEstimate {
  msPerStep: number;
  basis: StepBasis;
  /** The reference step (skip model, 64², batch 16) the estimate implies: the device's speed as the run estimates use it. */
  msPerStep64: number;
}

type Speed = Pick<DeviceSpeed, 'msPerStep64' | 'backend' | 'threads'>;

/** True when `measured` was timed on the engine `speed` describes (same backend and threads): only then does it calibrate it. */
export function measuredHere(speed: Speed, measured: MeasuredStep | null): measured is MeasuredStep {
  return measured !== null && measured.backend === speed.backend && measured.threads === speed.threads && measured.msPerStep > 0;
}

/** The step of `shape` on this device: the measured one, else one measured here scaled to `shape`, else the device class's estimate. */
export function estimateStep({ speed, shape, measured }: { speed: Speed; shape: StepShape; measured: MeasuredStep | null }): StepEstimate {
  const exponent = sizeExponentFor(speed.backend);
  if (!measuredHere(speed, measured)) return { msPerStep: msPerStepOf(speed.msPerStep64, shape, exponent), basis: 'estimated', msPerStep64: speed.msPerStep64 };
  const msPerStep64 = referenceStepOf(measured.msPerStep, measured, exponent);
  const same = measured.model === shape.model && measured.size === shape.size && measured.batchSize === shape.batchSize;
  return same ? { msPerStep: measured.msPerStep, basis: 'measured', msPerStep64 } : { msPerStep: msPerStepOf(msPerStep64, shape, exponent), basis: 'scaled', msPerStep64 };
}

/** "plain model, 128×128, batch 16" */
export function describeShape({ model, size, batchSize }: StepShape): string {
  return `${model} model, ${size}×${size}, batch ${batchSize}`;
}

/** "471 ms", "2.2 s": a step time for the panel's estimate line. */
export function formatStepTime(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
}

const LEAD: Record<StepBasis, string> = {
  estimated: 'Estimated',
  measured: 'Measured here',
  scaled: 'Estimated from the steps measured here',
};

/** The panel's estimate line: "Estimated: 1.3 s per training step (plain model, 128×128, batch 16)." or "Measured here: …". */
export function describeStepEstimate(estimate: StepEstimate, shape: StepShape): string {
  return `${LEAD[estimate.basis]}: ${formatStepTime(estimate.msPerStep)} per training step (${describeShape(shape)}).`;
}

/** True when a step shape can be estimated (fields are NaN while the learner empties them). */
export function isEstimable({ size, batchSize }: StepShape): boolean {
  return Number.isFinite(size) && size > 0 && Number.isFinite(batchSize) && batchSize > 0;
}
