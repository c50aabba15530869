/**
 * The overfitting demo's run, as its lesson chooses it: a tiny training subset, many epochs, a loss
 * that shows memorising as a rising validation curve; the device only changes how long that takes.
 */
import { formatCount, formatDuration } from '../format';
import type { LossName } from '../train/types';
import { msPerEpoch, msPerRun } from './runCost';
import { modelCostFactor } from './modelCost';
import { sizeExponentFor } from './stepCost';
import { valCountOf, type DefaultsInput, type TrainingDefaults } from './trainingDefaults';

/** The demo's settings. Plain data, so it can come from an MDX page. */
export interface OverfitPlan {
  /** Train on the first N training slices only. */
  trainSlices: number;
  epochs: number;
  /** Adam's learning rate. */
  learningRate: number;
  loss: LossName;
  batchSize: number;
  size: number;
  /** How the loss is named in the explanation, e.g. "cross-entropy". */
  lossWords: string;
}

/**
 * The overfitting demo: the plan's model on a tiny training subset for the plan's epochs, whatever
 * the device (fewer epochs would not show the rise); the explanation says how long that takes here
 * and, on a slow device (over `targetMinutes`, default 6), that stopping once the curve has turned loses nothing.
 */
export function chooseOverfitDefaults(input: Omit<DefaultsInput, 'dataSize'>, plan: OverfitPlan): TrainingDefaults {
  const { msPerStep64, trainCount } = input;
  const valCount = valCountOf(input);
  const budgetMs = (input.targetMinutes ?? 6) * 60_000;
  const { batchSize, size, epochs } = plan;
  const trainLimit = Math.min(trainCount, plan.trainSlices);
  // The demo's own model (the block model in lesson 1) sets the step's cost.
  const shape = { msPerStep64: msPerStep64 * modelCostFactor(input.model ?? 'skip'), sizeExponent: sizeExponentFor(input.backend), size, batchSize, trainCount: trainLimit, valCount };
  const epochMs = msPerEpoch(shape);
  const estimatedMs = msPerRun({ ...shape, epochs });
  const slow = estimatedMs > budgetMs
    ? ' That is long on this device: once the validation curve has clearly turned upwards you may stop the run; the curves so far are kept.'
    : '';
  const explanation =
    `A tiny training set (the first ${trainLimit} slices) and many epochs (${epochs}) at ${size}×${size}, batches of ${batchSize}, scored with ${plan.lossWords}, Adam at a learning rate of ${plan.learningRate}: ` +
    `each epoch takes about ${formatDuration(epochMs)} here, mostly validating on all ${formatCount(valCount)} validation slices, so about ${formatDuration(estimatedMs)} in all.${slow}`;
  return { size, epochs, batchSize, trainLimit, estimatedMs, explanation };
}
