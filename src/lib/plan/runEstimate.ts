/**
 * How long the run the panel's settings describe now takes, from Start to "finished": the one live
 * figure that follows the learner's edits (epochs, size, batch, model, subset) and the steps
 * measured on this device. The suggestion's "So we picked … about 3 min 45 s" stays about the
 * panel's starting pick; this line is about the run Start would train.
 */
import { formatDuration } from '../format';
import { modelCostFactor } from './modelCost';
import { msPerRun } from './runCost';
import { sizeExponentFor, type StepShape } from './stepCost';
import { stepsPerEpoch } from './stepFloor';
import { estimateStep, formatStepTime, isEstimable, type MeasuredStep, type StepBasis, type StepEstimate } from './stepEstimate';
import type { DeviceSpeed } from './deviceSpeed';

/** The settings a run's length depends on. */
export interface RunLength extends StepShape {
  epochs: number;
  /** Train on the first N training slices; null for all. */
  trainLimit: number | null;
}

export interface RunEstimate {
  /** Start to "finished": set-up, every epoch's steps, validation passes and overhead (runCost). */
  ms: number;
  epochs: number;
  stepsPerEpoch: number;
  step: StepEstimate;
}

/** The run `settings` describe on this device, or null while a field holds no usable number. */
export function estimateRun({ speed, measured, settings, trainCount, valCount }: {
  speed: Pick<DeviceSpeed, 'msPerStep64' | 'backend' | 'threads'>;
  measured: MeasuredStep | null;
  settings: RunLength;
  trainCount: number;
  valCount: number;
}): RunEstimate | null {
  const { epochs, trainLimit } = settings;
  if (!isEstimable(settings) || !Number.isFinite(epochs) || epochs < 1 || trainCount < 1) return null;
  const used = trainLimit === null || !Number.isFinite(trainLimit) ? trainCount : Math.max(1, Math.min(trainCount, trainLimit));
  const step = estimateStep({ speed, shape: settings, measured });
  const ms = msPerRun({
    msPerStep64: step.msPerStep64 * modelCostFactor(settings.model), sizeExponent: sizeExponentFor(speed.backend),
    size: settings.size, batchSize: settings.batchSize, trainCount: used, valCount, epochs,
  });
  return { ms, epochs, stepsPerEpoch: stepsPerEpoch(used, settings.batchSize), step };
}

const HOW: Record<StepBasis, string> = {
  estimated: 'estimated for this kind of device',
  measured: 'as measured here',
  scaled: 'scaled from the steps measured here',
};

/** "With these settings: about 4 min 28 s from Start to finished (10 epochs of 20 steps of about 1.1 s, estimated for this kind of device, each epoch followed by a validation pass)." */
export function describeRunEstimate(run: RunEstimate): string {
  const epochs = `${run.epochs} ${run.epochs === 1 ? 'epoch' : 'epochs'} of ${run.stepsPerEpoch} ${run.stepsPerEpoch === 1 ? 'step' : 'steps'}`;
  return `With these settings: about ${formatDuration(run.ms)} from Start to finished (${epochs} of about ${formatStepTime(run.step.msPerStep)}, ${HOW[run.step.basis]}, each epoch followed by a validation pass).`;
}
