import * as tf from '@tensorflow/tfjs';
import { assertAugmentConfig } from '../augment/augmentConfig';
import { SettingsError, ShapeError, TrainingError } from '../errors';
import { createRng, deriveSeed, shuffledIndices } from '../random';
import { augmentTrainingBatch, type AugmentRngs } from './augmentTrainingBatch';
import { restoreCheckpoint, createCheckpointRecord } from './checkpointRecord';
import { divergenceError } from './divergenceError';
import { deviceLostError, lostWithin, watchDevice } from './deviceLoss';
import { createEtaEstimator, validationSteps } from './eta';
import { lossFunction } from '../losses/lossRegistry';
import { assertFitsMemory } from './memoryBudget';
import { createOptimizer, optimizerConfigFromSettings } from './optimizers';
import { nextMacrotask } from './predictBatches';
import { assertRunConfig } from './runConfig';
import { countNonFinite, gatherSlicePairs } from './trainingBatch';
import { createTrainStep } from './trainStep';
import type { EpochRecord, FitDataset, FitOptions, FitResult, RunConfig, TrainingEvent, TrainingTask } from './types';
import { predictDisplaySlices, validateEpoch } from './validateEpoch';

/** Seed of epoch `epoch`'s shuffle; derived per epoch so a checkpoint's epoch index fixes the data order. */
export const shuffleSeedOf = (seed: number, epoch: number) => deriveSeed(seed, `shuffle:${epoch}`);
/** Seed of epoch `epoch`'s augmentation draws. */
export const augmentSeedOf = (seed: number, epoch: number) => deriveSeed(seed, `augment:${epoch}`);
/** Seed of epoch `epoch`'s intensity draws: a stream of its own, so switching intensity augmentation on leaves every other draw of the run unchanged. */
export const intensitySeedOf = (seed: number, epoch: number) => deriveSeed(seed, `intensity:${epoch}`);

/** How long a failed GPU run waits for its device’s loss to report before it counts as another failure (1 s was not always enough with SwiftShader on a busy 2-core machine). */
const DEVICE_LOSS_GRACE_MS = 5000;

/**
 * Trains `model` in place: seeded shuffles per epoch, optional augmentation of training batches,
 * validation after every epoch, events as plain data, pause/stop at batch boundaries, a checkpoint
 * after each epoch. Resolves with the history; rejects with TrainingError on a NaN/Inf loss,
 * DeviceLostError when the WebGL context or WebGPU device is lost (checked at every batch and on
 * any failure), and SettingsError/ShapeError before starting on bad settings. Creates and disposes
 * its own optimiser and tensors (the model stays the caller's).
 */
export async function fit(options: FitOptions): Promise<FitResult> {
  const active = tf.getBackend();
  const watch = watchDevice(active);
  let saved = options.resumeFrom?.epochsCompleted ?? 0;
  let completed = saved;
  const lostError = (what: string) => deviceLostError(what, active, completed, options.checkpointStore !== undefined && saved === completed);
  const onEvent = (event: TrainingEvent) => {
    // Nothing computed on a lost device is passed on: its numbers are not to be trusted.
    if (watch.lost !== null) throw lostError(watch.lost);
    if (event.type === 'epoch-end') completed = event.epoch + 1;
    if (event.type === 'checkpoint-saved') saved = event.epoch + 1;
    options.onEvent?.(event);
  };
  // A lost device can leave a read-back waiting forever (WebGL's fences never signal): the loss
  // itself ends the run then, and the abandoned steps stop at their next batch boundary.
  const abandon = new AbortController();
  if (options.signal?.aborted) abandon.abort();
  options.signal?.addEventListener('abort', () => abandon.abort(), { once: true });
  const whenLost = watch.whenLost.then((what): never => {
    abandon.abort();
    throw lostError(what);
  });
  whenLost.catch(() => undefined); // settled by the race below, or after it (then nobody waits)
  try {
    return await Promise.race([fitOnDevice({ ...options, onEvent, signal: abandon.signal }), whenLost]);
  } catch (error) {
    if (error instanceof Error && error.name === 'DeviceLostError') throw error;
    // Any failure on a GPU backend may be the device going away: its loss can report a moment later.
    const lost = await lostWithin(watch, DEVICE_LOSS_GRACE_MS);
    if (lost !== null) throw lostError(lost);
    throw error;
  } finally {
    watch.dispose();
  }
}

async function fitOnDevice(options: FitOptions): Promise<FitResult> {
  const { model, dataset, config, signal, onEvent, pauseController } = options;
  const backend = options.backend ?? tf.getBackend();
  assertFitInputs(model, dataset, config, options.task);
  assertFitsMemory({ model, batchSize: config.batchSize, backend, budgetBytes: options.memoryBudgetBytes });
  if (config.augment) assertAugmentConfig(config.augment);
  if (options.resumeFrom) assertResumable(options.resumeFrom.config, config);

  const emit = (event: TrainingEvent) => onEvent?.(event);
  const { height, width, train, val } = dataset;
  const sliceSize = height * width;
  const { task } = options;
  const loss = lossFunction(config.loss ?? task.defaultLoss);
  const metricName = task.epochMetric.name;
  const stepsPerEpoch = Math.ceil(train.count / config.batchSize);
  // A schedule spans the whole run: epochs × steps per epoch updates (the same when resuming).
  const optimizer = createOptimizer(optimizerConfigFromSettings(config.optimizer, { totalSteps: config.epochs * stepsPerEpoch }));
  const runStart = performance.now();
  let pausedMs = 0;
  try {
    let history: EpochRecord[] = [];
    let startEpoch = 0;
    if (options.resumeFrom) {
      await restoreCheckpoint(options.resumeFrom, model, optimizer);
      history = structuredClone(options.resumeFrom.history);
      startEpoch = options.resumeFrom.epochsCompleted;
    }
    const trainStep = createTrainStep({ model, loss, optimizer });
    const paramCount = model.countParams();
    emit({ type: 'run-start', backend, paramCount, config, stepsPerEpoch, trainCount: train.count, valCount: val.count, startEpoch });

    const eta = createEtaEstimator({ validationSteps: config.validateEachEpoch ? validationSteps(val.count, config.batchSize) : 0 });
    // Wall time between batch ends, pauses left out: what the learner waits, step and everything around it.
    let lapStart = performance.now();
    let pausedAtLap = 0;
    const lap = (): number => {
      const now = performance.now();
      const ms = now - lapStart - (pausedMs - pausedAtLap);
      lapStart = now;
      pausedAtLap = pausedMs;
      return ms;
    };
    const finish = (stoppedEarly: boolean): FitResult => {
      const durationMs = performance.now() - runStart;
      const reason = stoppedEarly ? 'aborted' : 'completed';
      emit({ type: 'run-end', history, stoppedEarly, reason, durationMs });
      return { history, stoppedEarly, reason, paramCount, backend, durationMs };
    };
    /** A batch boundary: honour pause, then report whether to stop. */
    const atBoundary = async (epoch: number, batch: number): Promise<boolean> => {
      if (pauseController?.paused && !signal?.aborted) {
        const pausedAt = performance.now();
        emit({ type: 'paused', epoch, batch });
        await pauseController.waitWhilePaused(signal);
        pausedMs += performance.now() - pausedAt;
        if (!signal?.aborted) emit({ type: 'resumed', epoch, batch });
      }
      return signal?.aborted === true;
    };

    for (let epoch = startEpoch; epoch < config.epochs; epoch++) {
      const epochStart = performance.now();
      const pausedBefore = pausedMs;
      const order = shuffledIndices(train.count, createRng(shuffleSeedOf(config.seed, epoch)));
      const rngs: AugmentRngs = { geometric: createRng(augmentSeedOf(config.seed, epoch)), intensity: createRng(intensitySeedOf(config.seed, epoch)) };
      const runningLosses: number[] = [];
      let lossSum = 0;
      for (let batch = 0; batch < stepsPerEpoch; batch++) {
        if (await atBoundary(epoch, batch)) return finish(true);
        const indices = order.subarray(batch * config.batchSize, Math.min((batch + 1) * config.batchSize, train.count));
        const { x, y } = gatherSlicePairs(train, indices, sliceSize);
        const badInputs = countNonFinite(x);
        const badTargets = countNonFinite(y);
        // Checked before the step so broken data never reaches the weights.
        if (badInputs > 0 || badTargets > 0) throw divergenceError({ loss: null, epoch, batch, config, badInputs, badTargets });
        let batchLoss: number;
        try {
          batchLoss = await runBatch(x, y, indices.length, rngs);
        } catch (error) {
          // The step refuses a non-finite loss before updating; say what probably happened and what to change.
          if (error instanceof TrainingError) throw divergenceError({ loss: null, epoch, batch, config, badInputs, badTargets });
          throw error;
        }
        if (!Number.isFinite(batchLoss)) throw divergenceError({ loss: batchLoss, epoch, batch, config, badInputs, badTargets });
        lossSum += batchLoss;
        runningLosses.push(lossSum / (batch + 1));
        eta.recordBatch(lap());
        // Batches left in this and later epochs, plus this epoch's validation and those after it.
        const batchesLeft = (config.epochs - epoch - 1) * stepsPerEpoch + (stepsPerEpoch - batch - 1);
        const etaMs = eta.estimate(batchesLeft, config.validateEachEpoch ? config.epochs - epoch : 0);
        emit({ type: 'batch-end', epoch, batch, stepsPerEpoch, loss: batchLoss, runningLoss: lossSum / (batch + 1), etaMs, msPerStep: eta.msPerStep() });
        await nextMacrotask();
      }
      if (await atBoundary(epoch, stepsPerEpoch)) return finish(true);

      const { valLoss, valMetric } = config.validateEachEpoch
        ? await validateEpoch({ model, split: val, height, width, batchSize: config.batchSize, loss, metric: metricName })
        : { valLoss: Number.NaN, valMetric: Number.NaN };
      const slices = await predictDisplaySlices({ model, split: val, indices: config.displaySlices, height, width });
      // From the last batch's end: the validation pass, the gallery's predictions and the events in between.
      eta.recordValidation(lap());

      const durationMs = performance.now() - epochStart - (pausedMs - pausedBefore);
      const record: EpochRecord = { epoch, trainLoss: lossSum / stepsPerEpoch, valLoss, metricName, valMetric, durationMs, runningLosses };
      history.push(record);
      const epochsLeft = config.epochs - epoch - 1;
      const etaMs = eta.estimate(epochsLeft * stepsPerEpoch, epochsLeft);
      const { runningLosses: _omit, ...summary } = record;
      emit({ type: 'epoch-end', ...summary, epochs: config.epochs, etaMs, msPerStep: eta.msPerStep() });
      if (slices.length > 0) emit({ type: 'predictions', epoch, slices });
      if (options.checkpointStore) {
        const key = options.checkpointKey ?? 'latest';
        const checkpoint = await createCheckpointRecord({ key, model, optimizer, config, history, epochsCompleted: epoch + 1 });
        // Storage can be full or blocked (private windows): the run matters more than resuming it, so it goes on.
        const failure = await options.checkpointStore.put(checkpoint).then(() => null, (error: unknown) => error);
        if (failure === null) emit({ type: 'checkpoint-saved', epoch, key });
        else emit({ type: 'checkpoint-failed', epoch, key, errorName: failure instanceof Error ? failure.name : 'Error', message: failure instanceof Error ? failure.message : String(failure) });
      }
    }
    return finish(false);

    async function runBatch(x: Float32Array, y: Float32Array, count: number, rngs: AugmentRngs): Promise<number> {
      const shape: [number, number, number, number] = [count, height, width, 1];
      const given = { x: tf.tensor4d(x, shape), y: tf.tensor4d(y, shape) };
      let batch: { x: tf.Tensor4D; y: tf.Tensor4D } | null = null;
      try {
        batch = augmentTrainingBatch(given.x, given.y, { config, task, rngs });
        return await trainStep(batch.x, batch.y);
      } finally {
        tf.dispose([given.x, given.y, ...(batch ? [batch.x, batch.y] : [])]);
      }
    }
  } finally {
    optimizer.dispose();
  }
}

/** Checks config, data and model agree before anything is allocated (SettingsError / ShapeError). */
function assertFitInputs(model: tf.LayersModel, dataset: FitDataset, config: RunConfig, task: TrainingTask): void {
  const { height, width } = dataset;
  assertRunConfig(config, { task, data: { height, width, trainCount: dataset.train.count, valCount: dataset.val.count } });
  const inputShape = model.inputs[0]?.shape ?? [];
  if (inputShape.length !== 4 || inputShape[1] !== height || inputShape[2] !== width || inputShape[3] !== 1) {
    throw new ShapeError(
      `Expected the model to take [batch, ${height}, ${width}, 1], but it takes [${inputShape.map((d) => d ?? 'batch').join(', ')}].`,
      'Build the model at the size of the data.',
    );
  }
  for (const name of ['train', 'val'] as const) {
    const split = dataset[name];
    const expected = split.count * height * width;
    for (const part of ['x', 'y'] as const) {
      if (split[part].length !== expected) {
        throw new ShapeError(
          `Expected ${name}${part.toUpperCase()} to hold [${split.count}, ${height}, ${width}, 1] = ${expected} values, but it holds ${split[part].length}.`,
          'The split count, image size and arrays disagree; load the data again.',
        );
      }
    }
  }
}

const epochsOf = (n: number) => `${n} ${n === 1 ? 'epoch' : 'epochs'}`;

/** A checkpoint can only continue a run of the same architecture, size, optimiser kind and learning-rate schedule. */
function assertResumable(saved: RunConfig, config: RunConfig): void {
  const keys = ['task', 'model', 'height', 'width'] as const;
  for (const key of keys) {
    if (saved[key] !== config[key]) {
      throw new SettingsError(
        `The checkpoint was saved with ${key} ${JSON.stringify(saved[key])}, but this run uses ${JSON.stringify(config[key])}.`,
        'Resume with the configuration the checkpoint was saved with, or start a fresh run.',
      );
    }
  }
  if (saved.normalization && config.normalization && JSON.stringify(saved.normalization) !== JSON.stringify(config.normalization)) {
    throw new SettingsError(
      `The checkpoint was trained on inputs normalised with ${saved.normalization.kind}, but this run uses ${config.normalization.kind}.`,
      'Resume with the normalisation the checkpoint was trained with, or start a fresh run.',
    );
  }
  const savedSchedule = saved.optimizer.schedule ?? 'constant';
  const schedule = config.optimizer.schedule ?? 'constant';
  if (savedSchedule !== schedule || (schedule !== 'constant' && (saved.epochs !== config.epochs || saved.batchSize !== config.batchSize))) {
    throw new SettingsError(
      `The checkpoint was saved by a run with a ${savedSchedule} learning rate over ${epochsOf(saved.epochs)} of batches of ${saved.batchSize}, but this run has a ${schedule} learning rate over ${epochsOf(config.epochs)} of batches of ${config.batchSize}.`,
      'A learning-rate schedule is laid out over the whole run; resume with the same schedule, epochs and batch size, or start a fresh run.',
    );
  }
  if (saved.optimizer.kind !== config.optimizer.kind) {
    throw new SettingsError(
      `The checkpoint was saved with the ${saved.optimizer.kind} optimiser, but this run uses ${config.optimizer.kind}.`,
      'Optimiser state (momentum, Adam moments) only fits the same optimiser; start a fresh run to switch.',
    );
  }
}
