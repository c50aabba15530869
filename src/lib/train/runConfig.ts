import { SettingsError } from '../errors';
import { assertNormalization } from '../data/normalizations';
import { assertIntensityAugmentConfig, INTENSITY_CHANGES } from '../augment/intensityConfig';
import { isLossName, lossInfo, LOSSES } from '../losses/lossInfo';
import { isScheduleName, LEARNING_RATE_SCHEDULES, optimizerEntry } from './optimizerRegistry';
import { MODEL_KINDS } from '../models/modelKinds';
import type { RunConfig, TrainingTask } from './types';

function assertInteger(name: string, value: unknown, min: number, max: number, hint: string): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new SettingsError(`Expected ${name} to be a whole number from ${min} to ${max}, but got ${JSON.stringify(value)}.`, hint);
  }
}

function assertPositive(name: string, value: unknown, max: number, hint: string): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > max) {
    throw new SettingsError(`Expected ${name} to be a number above 0 and at most ${max}, but got ${JSON.stringify(value)}.`, hint);
  }
}

/** The loss a run uses: its own, or its task's default. */
export function runLoss(config: Pick<RunConfig, 'loss'>, task: Pick<TrainingTask, 'defaultLoss'>): NonNullable<RunConfig['loss']> {
  return config.loss ?? task.defaultLoss;
}

/** Checks a run's intensity augmentation, and when the task is given, that it only uses changes the task allows. */
function assertIntensityAugment(config: RunConfig, task: TrainingTask | undefined): void {
  const intensity = config.intensityAugment;
  if (intensity === undefined || intensity === null) return;
  if (typeof intensity !== 'object' || Array.isArray(intensity)) {
    throw new SettingsError('Expected intensityAugment to be a settings object or null.', 'Leave it out (or null) for no intensity augmentation.');
  }
  assertIntensityAugmentConfig(intensity);
  if (!task) return;
  const refused = INTENSITY_CHANGES.filter((name) => intensity[name].probability > 0 && !task.intensityChanges.includes(name));
  if (refused.length > 0) {
    throw new SettingsError(
      `The ${config.task} task does not allow the intensity change${refused.length > 1 ? 's' : ''} ${refused.join(', ')}: its target would not change with the input.`,
      task.intensityChanges.length > 0 ? `Set their probability to 0; ${config.task} allows ${task.intensityChanges.join(', ')}.` : `Turn intensity augmentation off for ${config.task}.`,
    );
  }
}

/**
 * Checks a run configuration, and when given, that it fits its task (the loss is one the task offers)
 * and the data; throws SettingsError naming the bad setting.
 */
export function assertRunConfig(
  config: RunConfig,
  { task, data }: { task?: TrainingTask; data?: { height: number; width: number; trainCount: number; valCount: number } } = {},
): void {
  if (!(MODEL_KINDS as readonly string[]).includes(config.model)) {
    throw new SettingsError(`Expected model 'plain', 'skip' or 'block', but got ${JSON.stringify(config.model)}.`);
  }
  if (config.loss !== undefined && !isLossName(config.loss)) {
    throw new SettingsError(`Expected loss ${LOSSES.map((l) => `'${l}'`).join(', ')}, but got ${JSON.stringify(config.loss)}.`);
  }
  if (task && task.task !== config.task) {
    throw new SettingsError(`The run is configured for the ${config.task} task, but was given the ${task.task} task.`, 'Pass the descriptor of the task the run names.');
  }
  if (task && config.loss !== undefined && !task.losses.includes(config.loss)) {
    const offered = task.losses.map((l) => `'${l}'`).join(' or ');
    const info = lossInfo(config.loss);
    throw new SettingsError(
      info.targets !== task.targets
        ? `${info.label} needs ${info.targets === 'binary' ? 'binary masks' : 'continuous targets'}, but the ${config.task} task predicts ${task.targets === 'binary' ? 'masks' : 'intensities'}.`
        : `The loss '${config.loss}' is not offered for the ${config.task} task.`,
      `Use ${offered} for ${config.task}.`,
    );
  }
  assertInteger('epochs', config.epochs, 1, 1000, 'Train for at least one epoch.');
  assertInteger('the batch size', config.batchSize, 1, 512, 'Typical batch sizes are 8 to 32.');
  assertInteger('the seed', config.seed, 0, 2 ** 32 - 1, 'Any whole number from 0 to 4294967295 works.');
  assertInteger('the image height', config.height, 4, 1024, 'The lesson models need a size divisible by 4, e.g. 64, 128 or 256.');
  assertInteger('the image width', config.width, 4, 1024, 'The lesson models need a size divisible by 4, e.g. 64, 128 or 256.');
  if (config.height % 4 !== 0 || config.width % 4 !== 0) {
    throw new SettingsError(
      `Expected an image size divisible by 4, but got ${config.height}×${config.width}.`,
      'The encoder halves the size twice and the decoder doubles it twice; use e.g. 64, 128 or 256.',
    );
  }
  const opt = config.optimizer;
  optimizerEntry(opt?.kind);
  assertPositive('the learning rate', opt.learningRate, 10, 'Lesson 1 uses 0.05 with SGD; Adam uses 0.001.');
  if (opt.clipNorm != null) assertPositive('the gradient clipping norm', opt.clipNorm, 1e6, 'Lesson 1 clips to 0.5.');
  if (opt.momentum !== undefined && !(opt.momentum >= 0 && opt.momentum < 1)) {
    throw new SettingsError(`Expected momentum in [0, 1), but got ${opt.momentum}.`, 'Lesson 1 uses 0.9.');
  }
  if (opt.schedule !== undefined && !isScheduleName(opt.schedule)) {
    throw new SettingsError(
      `Expected the learning-rate schedule ${LEARNING_RATE_SCHEDULES.map((k) => `'${k}'`).join(' or ')}, but got ${JSON.stringify(opt.schedule)}.`,
      'Keep the learning rate constant, or let it fall along a cosine to zero by the last step.',
    );
  }
  if (opt.decay !== undefined && !(opt.decay >= 0 && Number.isFinite(opt.decay))) {
    throw new SettingsError(`Expected a learning-rate decay ≥ 0, but got ${opt.decay}.`, 'Lesson 1 uses 1e-6.');
  }
  if (config.augment !== null && (typeof config.augment !== 'object' || Array.isArray(config.augment))) {
    throw new SettingsError('Expected augment to be a settings object or null.');
  }
  assertIntensityAugment(config, task);
  if (config.normalization !== undefined) assertNormalization(config.normalization, 'The run configuration');
  if (config.trainLimit !== undefined) {
    assertInteger('the training subset', config.trainLimit, 1, 1_000_000, 'Leave it empty to train on every training slice.');
  }
  if (!Array.isArray(config.displaySlices) || config.displaySlices.length > 16) {
    throw new SettingsError('Expected displaySlices to be a list of at most 16 validation-slice indices.');
  }
  if (!data) return;
  if (data.height !== config.height || data.width !== config.width) {
    throw new SettingsError(
      `The configuration asks for ${config.height}×${config.width} images, but the data holds ${data.height}×${data.width}.`,
      'Resize or crop the data to the configured size, or change the size.',
    );
  }
  if (data.trainCount < 1) throw new SettingsError('The training split is empty.', 'Load a dataset with training slices.');
  if (config.validateEachEpoch && data.valCount < 1) {
    throw new SettingsError('Validation is on, but the validation split is empty.', 'Load a dataset with validation slices, or turn validation off.');
  }
  for (const index of config.displaySlices) {
    assertInteger('each display slice index', index, 0, Math.max(0, data.valCount - 1), `The validation split has ${data.valCount} slices (indices 0 to ${data.valCount - 1}).`);
  }
}
