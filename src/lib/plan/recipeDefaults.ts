/**
 * A lesson's fixed first run on a CPU (its "recipe"): the same on every visit and every CPU, so the run
 * the lesson asks the learner to evaluate is a good one; only its estimated duration depends on the device.
 */
import { formatDuration } from '../format';
import type { LearningRateScheduleName } from '../train/types';
import { msPerRun } from './runCost';
import { formatStep, REFERENCE_BATCH, REFERENCE_SIZE, sizeExponentFor } from './stepCost';
import { modelCostFactor } from './modelCost';
import { chooseTrainingDefaults, isGpuBackend, modelNote, stepFloorOf, valCountOf, type DefaultsInput, type TrainingDefaults } from './trainingDefaults';

/** The lesson's first run, fixed rather than timed. It comes from the lesson page as a prop. */
export interface FirstRunRecipe {
  optimizer: 'adam' | 'sgd';
  learningRate: number;
  /** Default 'constant'. */
  schedule?: LearningRateScheduleName;
  size: number;
  epochs: number;
  batchSize: number;
  augment: boolean;
  /** Random intensity changes of the inputs; absent means off. */
  intensityAugment?: boolean;
}

/** The lesson's recipe with its estimated duration on this device; on a GPU the timed defaults apply instead. */
export function chooseRecipeDefaults(input: DefaultsInput, recipe: FirstRunRecipe): TrainingDefaults {
  if (isGpuBackend(input.backend)) return chooseTrainingDefaults(input);
  const { size, batchSize, optimizer, learningRate, augment } = recipe;
  const intensityAugment = recipe.intensityAugment ?? false;
  const schedule = recipe.schedule ?? 'constant';
  const sizeExponent = sizeExponentFor(input.backend);
  const valCount = valCountOf(input);
  // A learner's smaller file: the recipe's steps on the lesson's file, not its epochs.
  const floor = stepFloorOf(input, { size, batchSize, epochs: recipe.epochs, sizeExponent, valCount }, recipe.epochs);
  const epochs = floor?.epochs ?? recipe.epochs;
  const model = input.model ?? 'skip';
  const modelMs64 = input.msPerStep64 * modelCostFactor(model);
  const estimatedMs = msPerRun({ msPerStep64: modelMs64, sizeExponent, size, batchSize, trainCount: input.trainCount, valCount, epochs });
  const how = input.measured ? '' : ' (an estimate for this kind of device; nothing has been measured)';
  const rate = schedule === 'cosine' ? `learning rate ${learningRate}, lowered to zero by the last step` : `learning rate ${learningRate}`;
  const explanation = [
    `Your device runs one training step of ${REFERENCE_BATCH} slices at ${REFERENCE_SIZE}×${REFERENCE_SIZE} in ${formatStep(input.msPerStep64)}${modelNote(model, modelMs64)}${how}.`,
    `For a model worth evaluating the lesson sets ${optimizer === 'adam' ? 'Adam' : 'SGD'} (${rate}), augmentation ${augment ? 'on' : 'off'}, intensity augmentation ${intensityAugment ? 'on' : 'off'}, ${size}×${size}, ${epochs} epochs and batches of ${batchSize}: about ${formatDuration(estimatedMs)} in all, with the set-up and a validation pass after every epoch.`,
    ...(floor ? [floor.sentence] : []),
    ...(input.comparison ? [input.comparison] : []),
  ].join(' ');
  return { size, epochs, batchSize, estimatedMs, explanation, optimizer, learningRate, schedule, augment, intensityAugment };
}
