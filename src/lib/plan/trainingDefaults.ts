/**
 * The timed first-run rule: which image size, epochs and batch size make a first run finish within a
 * few minutes on this device, and how to say why. Plain numbers in, plain numbers and sentences out.
 */
import { formatCount, formatDuration } from '../format';
import type { ModelKind } from '../models/modelKinds';
import type { BackendName } from '../train/backendChoice';
import type { LearningRateScheduleName } from '../train/types';
import { modelCostFactor } from './modelCost';
import { availableSizes } from './offeredSizes';
import { msOfSetup, msPerEpoch, msPerRun } from './runCost';
import { formatStep, msPerStepAt, REFERENCE_BATCH, REFERENCE_SIZE, sizeExponentFor } from './stepCost';
import { applyStepFloor, type StepFloor } from './stepFloor';

export interface TrainingDefaults {
  size: number;
  epochs: number;
  batchSize: number;
  /** Train on the first N training slices only; absent means all of them. */
  trainLimit?: number;
  /** Expected duration of the whole run. */
  estimatedMs: number;
  /** What was measured or assumed, and what that led to, in plain sentences. */
  explanation: string;
  /** Set for a first run that also fixes the optimiser (the skip model's "worth evaluating" run). */
  optimizer?: 'adam' | 'sgd';
  learningRate?: number;
  schedule?: LearningRateScheduleName;
  augment?: boolean;
  intensityAugment?: boolean;
}

export interface DefaultsInput {
  /** One training step of the skip model, 16 slices at 64×64, in milliseconds. */
  msPerStep64: number;
  /**
   * The panel's model (default skip): the durations quoted are of its steps (modelCost). The rule still
   * sizes the run with the skip model's step, so a panel's first settings do not depend on this estimate.
   */
  model?: ModelKind;
  /** Whether msPerStep64 was measured on this device (else it is an estimate from the backend). */
  measured?: boolean;
  backend: BackendName;
  trainCount: number;
  /** Defaults to an eighth of trainCount when unknown. */
  valCount?: number;
  /** Stored size of the data; the training size never exceeds it. Default 128. */
  dataSize?: number;
  targetMinutes?: number;
  /** A closing sentence the lesson adds, e.g. how the original trained. */
  comparison?: string;
  /** Epochs a first run needs at least for a size to be chosen (default 3), and at most (default 7). */
  minEpochs?: number;
  maxEpochs?: number;
  /**
   * Training slices of the lesson's own file. A smaller file (a learner's) is sized by optimisation
   * steps: at least the steps the rule's run takes on the lesson's file (stepFloor). Absent: epochs as chosen.
   */
  courseTrainCount?: number;
  /** Minutes a step-floored run may take (default targetMinutes, else 4). */
  stepBudgetMinutes?: number;
}

const MAX_EPOCHS = 7;
const MIN_EPOCHS = 3;

/** True for the GPU backends, which train with larger batches and may offer 256×256. */
export function isGpuBackend(backend: BackendName): boolean {
  return backend === 'webgl' || backend === 'webgpu';
}

/** The validation slices an estimate counts: the data's, else an eighth of the training slices. */
export function valCountOf({ trainCount, valCount }: { trainCount: number; valCount?: number }): number {
  return valCount ?? Math.ceil(trainCount / 8);
}

/**
 * Picks size, epochs and batch size so that a first run takes about `targetMinutes` (default 4)
 * on this device: the largest size that still allows 3 epochs over all training slices, up to the
 * original's 7 epochs; on a slow device 64×64 with fewer epochs or, last, a subset of the slices.
 */
export function chooseTrainingDefaults(input: DefaultsInput): TrainingDefaults {
  const { msPerStep64, backend, trainCount } = input;
  const sizeExponent = sizeExponentFor(backend);
  const gpu = isGpuBackend(backend);
  const valCount = valCountOf(input);
  const budgetMs = (input.targetMinutes ?? 4) * 60_000;
  const batchSize = gpu ? 32 : REFERENCE_BATCH;
  const sizes = availableSizes({ dataSize: input.dataSize ?? 128, gpu });
  const epochMs = (size: number, count = trainCount) => msPerEpoch({ msPerStep64, sizeExponent, size, batchSize, trainCount: count, valCount });
  const model = input.model ?? 'skip';
  const modelMs64 = msPerStep64 * modelCostFactor(model);
  const maxEpochs = input.maxEpochs ?? MAX_EPOCHS;
  const minEpochs = input.minEpochs ?? MIN_EPOCHS;
  const fitting = (size: number, count = trainCount) =>
    Math.min(maxEpochs, Math.floor((budgetMs - msOfSetup({ msPerStep64, size, sizeExponent })) / epochMs(size, count)));

  let size = sizes[0] ?? REFERENCE_SIZE;
  let epochs = fitting(size);
  let trainLimit: number | undefined;
  for (const candidate of [...sizes].reverse()) {
    if (fitting(candidate) >= minEpochs) {
      size = candidate;
      epochs = fitting(candidate);
      break;
    }
  }
  if (epochs < 2) {
    // Too slow even at the smallest size: keep 3 epochs and train on fewer slices.
    epochs = MIN_EPOCHS;
    const perSliceMs = msPerStepAt(msPerStep64, size, 1, sizeExponent);
    // The run without its training steps: set-up plus, per epoch, validation and overhead.
    const fixedMs = msPerRun({ msPerStep64, sizeExponent, size, batchSize, trainCount: 0, valCount, epochs });
    const slices = Math.floor((budgetMs - fixedMs) / epochs / perSliceMs / batchSize) * batchSize;
    trainLimit = Math.min(trainCount, Math.max(batchSize, slices));
  }
  // A smaller file than the lesson's gets at least the steps the lesson's file gets on this device.
  const floor = trainLimit === undefined ? stepFloorOf(input, { size, batchSize, epochs, sizeExponent, valCount }) : null;
  if (floor) epochs = floor.epochs;
  const used = trainLimit ?? trainCount;
  const estimatedMs = msPerRun({ msPerStep64: modelMs64, sizeExponent, size, batchSize, trainCount: used, valCount, epochs });
  const modelEpochMs = (s: number) => msPerEpoch({ msPerStep64: modelMs64, sizeExponent, size: s, batchSize, trainCount, valCount });

  const how = input.measured ? '' : ' (an estimate for this backend; nothing has been measured yet)';
  const parts = [
    `Your device runs one training step of ${REFERENCE_BATCH} slices at ${REFERENCE_SIZE}×${REFERENCE_SIZE} in ${formatStep(msPerStep64)}${modelNote(model, modelMs64)}${how}.`,
    `One pass over the ${formatCount(trainCount)} training slices would take about ${sizes.map((s) => `${formatDuration(modelEpochMs(s))} at ${s}×${s}`).join(', ')}.`,
    `So we picked ${size}×${size}, ${epochs} ${epochs === 1 ? 'epoch' : 'epochs'} and batches of ${batchSize}${trainLimit !== undefined ? `, on the first ${formatCount(trainLimit)} training slices` : ''}: about ${formatDuration(estimatedMs)} in all.`,
    ...(floor?.sentence ? [floor.sentence] : []),
    ...(input.comparison ? [input.comparison] : []),
  ];
  return { size, epochs, batchSize, ...(trainLimit !== undefined ? { trainLimit } : {}), estimatedMs, explanation: parts.join(' ') };
}

/** " with the skip model, and one of the plain model in about 0.4 s": the panel's own model, when it is not the skip model the speed is quoted for. */
export function modelNote(model: ModelKind, modelMs64: number): string {
  return model === 'skip' ? '' : ` with the skip model, and one of the ${model} model in ${formatStep(modelMs64)}`;
}

/**
 * The step floor of a run on a file smaller than the lesson's (null without courseTrainCount): the
 * steps `rule` gives on the lesson's file, where `rule` defaults to the timed rule on that file (its
 * validation slices an eighth of its training slices).
 */
export function stepFloorOf(
  input: DefaultsInput,
  run: { size: number; batchSize: number; epochs: number; sizeExponent: number; valCount: number },
  courseEpochs?: number,
): StepFloor | null {
  const { courseTrainCount } = input;
  if (courseTrainCount === undefined || input.trainCount >= courseTrainCount) return null;
  const epochsOnCourse = courseEpochs ?? chooseTrainingDefaults({ ...input, trainCount: courseTrainCount, valCount: undefined, courseTrainCount: undefined, comparison: undefined }).epochs;
  const budgetMs = (input.stepBudgetMinutes ?? input.targetMinutes ?? 4) * 60_000;
  const floor = applyStepFloor({ msPerStep64: input.msPerStep64, ...run, trainCount: input.trainCount, epochs: epochsOnCourse, courseTrainCount, budgetMs });
  // Never fewer epochs than the rule chose for this file itself.
  return floor.epochs > run.epochs ? floor : null;
}
