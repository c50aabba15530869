/**
 * Pure rules behind the training panel's first settings: how fast this device trains, which image
 * size, epochs and batch size make a first run finish in a few minutes, and how to say why.
 * No Preact, no engine: plain numbers in, plain numbers and sentences out (unit-tested in Node).
 */
import { formatCount, formatDuration } from '../../lib/format';
import type { LearningRateScheduleName, LossName, ModelKind } from '../../lib/train/types';

export type BackendKind = 'webgpu' | 'webgl' | 'wasm' | 'cpu';

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
export function estimateMsPerStep64({ backend, threads = 1, softwareRenderer = false }: { backend: BackendKind; threads?: number; softwareRenderer?: boolean }): number {
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
export function sizeExponentFor(backend: BackendKind): number {
  return backend === 'wasm' ? WASM_SIZE_EXPONENT : PIXEL_SIZE_EXPONENT;
}

/** Milliseconds of one training step at `size`×`size` with `batchSize` slices (slices × side^sizeExponent). */
export function msPerStepAt(msPerStep64: number, size: number, batchSize: number, sizeExponent = PIXEL_SIZE_EXPONENT): number {
  return msPerStep64 * (size / REFERENCE_SIZE) ** sizeExponent * (batchSize / REFERENCE_BATCH);
}

/**
 * What a run costs besides its training steps and validation passes, in reference-sized steps at the
 * run's image size: starting it (the worker resizes and normalises the data, builds the model, the
 * first steps warm up) and, per epoch, the gallery's predictions, the events and the checkpoint.
 * Calibrated on a quiet 2-core machine in Chromium (2 threads): lesson 1's earlier 16-epoch,
 * 320-step skip run took 2 min 59 s from Start to "finished" where its 320 steps take 151 s.
 */
export const SETUP_STEPS = 20;
export const EPOCH_OVERHEAD_STEPS = 1;

/**
 * Milliseconds of one epoch: the training steps, one validation pass, whose forward-only work is
 * about a third of a training step per slice, and the per-epoch overhead (EPOCH_OVERHEAD_STEPS).
 */
/** What the run estimates need: the device's reference step and how it grows with size, and the run's shape. */
export interface RunShape {
  msPerStep64: number;
  /** Default PIXEL_SIZE_EXPONENT; sizeExponentFor(backend) gives the device's. */
  sizeExponent?: number;
  size: number;
  batchSize: number;
  trainCount: number;
  valCount: number;
}

export function msPerEpoch({ msPerStep64, sizeExponent, size, batchSize, trainCount, valCount }: RunShape): number {
  const at = (slices: number) => msPerStepAt(msPerStep64, size, slices, sizeExponent);
  const steps = Math.ceil(trainCount / batchSize);
  return steps * at(batchSize) + at(valCount) / 3 + EPOCH_OVERHEAD_STEPS * at(REFERENCE_BATCH);
}

/** Milliseconds of a whole run, from pressing Start to "finished": the set-up (SETUP_STEPS) plus every epoch. */
export function msPerRun(input: RunShape & { epochs: number }): number {
  return SETUP_STEPS * msPerStepAt(input.msPerStep64, input.size, REFERENCE_BATCH, input.sizeExponent) + input.epochs * msPerEpoch(input);
}

/** Image sizes the panel offers: 64 and the data's own size; 256 only on a GPU (and only if the data has it). */
export function availableSizes({ dataSize, gpu }: { dataSize: number; gpu: boolean }): number[] {
  const sizes = [64, 128, 256].filter((size) => size <= dataSize && (size < 256 || gpu));
  // Data of another size (a learner's file) is also offered as it is, when the models can take it.
  if (!sizes.includes(dataSize) && dataSize % 4 === 0 && (dataSize <= 128 || gpu)) sizes.push(dataSize);
  return sizes.sort((a, b) => a - b);
}

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
}

/**
 * A lesson's fixed first run on a CPU: the same on every visit and every CPU (fixed, not timed), so the
 * run the lesson asks the learner to evaluate is a good one. It comes from the lesson page as a prop.
 */
export interface FirstRunRecipe {
  optimizer: 'adam' | 'sgd';
  learningRate: number;
  /** Default 'constant'. */
  schedule?: LearningRateScheduleName;
  size: number;
  epochs: number;
  batchSize: number;
  augment: boolean;
}

/** The lesson's recipe with its estimated duration on this device; on a GPU the timed defaults apply instead. */
export function chooseRecipeDefaults(input: DefaultsInput, recipe: FirstRunRecipe): TrainingDefaults {
  const gpu = input.backend === 'webgl' || input.backend === 'webgpu';
  if (gpu) return chooseTrainingDefaults(input);
  const { size, epochs, batchSize, optimizer, learningRate, augment } = recipe;
  const schedule = recipe.schedule ?? 'constant';
  const valCount = input.valCount ?? Math.ceil(input.trainCount / 8);
  const estimatedMs = msPerRun({ msPerStep64: input.msPerStep64, sizeExponent: sizeExponentFor(input.backend), size, batchSize, trainCount: input.trainCount, valCount, epochs });
  const how = input.measured ? '' : ' (an estimate for this kind of device; nothing has been measured)';
  const rate = schedule === 'cosine' ? `learning rate ${learningRate}, lowered to zero by the last step` : `learning rate ${learningRate}`;
  const explanation = [
    `Your device runs one training step of ${REFERENCE_BATCH} slices at ${REFERENCE_SIZE}×${REFERENCE_SIZE} in ${formatStep(input.msPerStep64)}${how}.`,
    `For a model worth evaluating the lesson sets ${optimizer === 'adam' ? 'Adam' : 'SGD'} (${rate}), augmentation ${augment ? 'on' : 'off'}, ${size}×${size}, ${epochs} epochs and batches of ${batchSize}: about ${formatDuration(estimatedMs)} in all, with the set-up and a validation pass after every epoch.`,
    ...(input.comparison ? [input.comparison] : []),
  ].join(' ');
  return { size, epochs, batchSize, estimatedMs, explanation, optimizer, learningRate, schedule, augment };
}

export interface DefaultsInput {
  /** One training step of 16 slices at 64×64, in milliseconds. */
  msPerStep64: number;
  /** Whether msPerStep64 was measured on this device (else it is an estimate from the backend). */
  measured?: boolean;
  backend: BackendKind;
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
}

const MAX_EPOCHS = 7;
const MIN_EPOCHS = 3;

/** "about 0.9 s", "about 45 s": a step time for prose. */
export function formatStep(ms: number): string {
  return ms < 10_000 ? `about ${(ms / 1000).toFixed(1)} s` : `about ${Math.round(ms / 1000)} s`;
}

/**
 * Picks size, epochs and batch size so that a first run takes about `targetMinutes` (default 4)
 * on this device: the largest size that still allows 3 epochs over all training slices, up to the
 * original's 7 epochs; on a slow device 64×64 with fewer epochs or, last, a subset of the slices.
 */
export function chooseTrainingDefaults(input: DefaultsInput): TrainingDefaults {
  const { msPerStep64, backend, trainCount } = input;
  const sizeExponent = sizeExponentFor(backend);
  const gpu = backend === 'webgl' || backend === 'webgpu';
  const valCount = input.valCount ?? Math.ceil(trainCount / 8);
  const budgetMs = (input.targetMinutes ?? 4) * 60_000;
  const batchSize = gpu ? 32 : REFERENCE_BATCH;
  const sizes = availableSizes({ dataSize: input.dataSize ?? 128, gpu });
  const epochMs = (size: number, count = trainCount) => msPerEpoch({ msPerStep64, sizeExponent, size, batchSize, trainCount: count, valCount });
  const maxEpochs = input.maxEpochs ?? MAX_EPOCHS;
  const minEpochs = input.minEpochs ?? MIN_EPOCHS;
  const setupMs = (size: number) => SETUP_STEPS * msPerStepAt(msPerStep64, size, REFERENCE_BATCH, sizeExponent);
  const fitting = (size: number, count = trainCount) => Math.min(maxEpochs, Math.floor((budgetMs - setupMs(size)) / epochMs(size, count)));

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
  const used = trainLimit ?? trainCount;
  const estimatedMs = msPerRun({ msPerStep64, sizeExponent, size, batchSize, trainCount: used, valCount, epochs });

  const how = input.measured ? '' : ' (an estimate for this backend; nothing has been measured yet)';
  const parts = [
    `Your device runs one training step of ${REFERENCE_BATCH} slices at ${REFERENCE_SIZE}×${REFERENCE_SIZE} in ${formatStep(msPerStep64)}${how}.`,
    `One pass over the ${formatCount(trainCount)} training slices would take about ${sizes.map((s) => `${formatDuration(epochMs(s))} at ${s}×${s}`).join(', ')}.`,
    `So we picked ${size}×${size}, ${epochs} ${epochs === 1 ? 'epoch' : 'epochs'} and batches of ${batchSize}${trainLimit !== undefined ? `, on the first ${formatCount(trainLimit)} training slices` : ''}: about ${formatDuration(estimatedMs)} in all.`,
    ...(input.comparison ? [input.comparison] : []),
  ];
  return { size, epochs, batchSize, ...(trainLimit !== undefined ? { trainLimit } : {}), estimatedMs, explanation: parts.join(' ') };
}

/**
 * The overfitting demo's run, as its lesson chooses it: a tiny training subset, many epochs, a loss
 * that shows memorising as a rising validation curve. Plain data, so it can come from an MDX page.
 */
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
 * and, on a slow device, that stopping once the curve has turned loses nothing.
 */
export function chooseOverfitDefaults(input: Omit<DefaultsInput, 'dataSize'>, plan: OverfitPlan): TrainingDefaults {
  const { msPerStep64, trainCount } = input;
  const valCount = input.valCount ?? Math.ceil(trainCount / 8);
  const budgetMs = (input.targetMinutes ?? 6) * 60_000;
  const { batchSize, size, epochs } = plan;
  const trainLimit = Math.min(trainCount, plan.trainSlices);
  const shape = { msPerStep64, sizeExponent: sizeExponentFor(input.backend), size, batchSize, trainCount: trainLimit, valCount };
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

/** Names of the models when a lesson gives none (lessons pass their own, e.g. "A′: …", as props). */
export const GENERIC_MODEL_NAMES: Record<ModelKind, string> = {
  plain: 'Encoder-decoder without skips',
  skip: 'Encoder-decoder with skip connections',
  block: 'Block model',
};
