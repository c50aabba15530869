import type * as tf from '@tensorflow/tfjs';
import { DatasetFormatError, ShapeError } from '../errors';
import { assertTensorBundle, fromTensorBundle, toTensorBundle, type NamedTensorLike } from './tensorBundle';
import type { CheckpointInfo, CheckpointRecord, EpochRecord, RunConfig } from './types';

/** The part of an optimiser a checkpoint needs (CourseOptimizer's state API: meta numbers + slot tensors). */
export interface OptimizerStateAccess {
  /** Copies of the state; the caller owns the tensors. */
  getState(): Promise<{ meta: Record<string, number>; tensors: NamedTensorLike[] }>;
  /** Copies the state in; the caller keeps its tensors. */
  setState(state: { meta: Record<string, number>; tensors: NamedTensorLike[] }): void;
}

/** Builds a checkpoint record from a model and optimiser (copies their state; disposes nothing it did not create). */
export async function createCheckpointRecord(options: {
  key: string;
  model: tf.LayersModel;
  optimizer: OptimizerStateAccess;
  config: RunConfig;
  history: EpochRecord[];
  epochsCompleted: number;
  savedAt?: string;
}): Promise<CheckpointRecord> {
  const { key, model, optimizer, config, history, epochsCompleted } = options;
  const weights = model.weights.map((w) => ({ name: w.originalName, tensor: w.read() }));
  const modelBundle = toTensorBundle(weights);
  const state = await optimizer.getState();
  let optimizerBundle;
  try {
    optimizerBundle = toTensorBundle(state.tensors);
  } finally {
    for (const t of state.tensors) t.tensor.dispose();
  }
  return {
    format: 'course-checkpoint',
    version: 1,
    key,
    config: structuredClone(config),
    seed: config.seed,
    epochsCompleted,
    rng: { scheme: 'derive-per-epoch', nextEpoch: epochsCompleted },
    history: structuredClone(history),
    model: modelBundle,
    optimizer: { ...optimizerBundle, meta: { ...state.meta } },
    savedAt: options.savedAt ?? new Date().toISOString(),
  };
}

/** Writes a checkpoint's weights into `model` and state into `optimizer`; checks the weights match in count and shape (ShapeError). */
export async function restoreCheckpoint(
  record: CheckpointRecord,
  model: tf.LayersModel,
  optimizer: OptimizerStateAccess,
): Promise<void> {
  const specs = record.model.specs;
  if (specs.length !== model.weights.length) {
    throw new ShapeError(
      `The checkpoint holds ${specs.length} weight tensors, but the model has ${model.weights.length}.`,
      `Build the same model the checkpoint was saved from (${record.config.model}, ${record.config.height}×${record.config.width}).`,
    );
  }
  model.weights.forEach((w, i) => {
    if (w.shape.join(',') !== specs[i].shape.join(',')) {
      throw new ShapeError(
        `Checkpoint weight ${i} ("${specs[i].name}") has shape [${specs[i].shape.join(', ')}], but the model's "${w.originalName}" has [${w.shape.join(', ')}].`,
        'The checkpoint belongs to a different model or image size.',
      );
    }
  });
  const modelTensors = fromTensorBundle(record.model);
  try {
    model.setWeights(modelTensors.map((t) => t.tensor));
  } finally {
    for (const t of modelTensors) t.tensor.dispose();
  }
  const optimizerTensors = fromTensorBundle(record.optimizer);
  try {
    optimizer.setState({ meta: { ...record.optimizer.meta }, tensors: optimizerTensors });
  } finally {
    for (const t of optimizerTensors) t.tensor.dispose();
  }
}

/** Short listing entry for a record. */
export function toCheckpointInfo(record: CheckpointRecord): CheckpointInfo {
  return {
    key: record.key,
    epochsCompleted: record.epochsCompleted,
    savedAt: record.savedAt,
    task: record.config.task,
    model: record.config.model,
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Checks a value read from storage or a file is a usable checkpoint record; throws DatasetFormatError naming the problem. */
export function assertCheckpointRecord(value: unknown, what = 'Checkpoint'): asserts value is CheckpointRecord {
  const hint = 'Choose a checkpoint file exported by this course.';
  if (!isObject(value)) throw new DatasetFormatError(`${what} is not an object.`, hint);
  if (value.format !== 'course-checkpoint') {
    throw new DatasetFormatError(`${what} has format ${JSON.stringify(value.format)}, expected "course-checkpoint".`, hint);
  }
  if (value.version !== 1) throw new DatasetFormatError(`${what} has version ${JSON.stringify(value.version)}; this course reads version 1.`, hint);
  if (typeof value.key !== 'string') throw new DatasetFormatError(`${what} has no key.`, hint);
  if (!isObject(value.config)) throw new DatasetFormatError(`${what} has no run configuration.`, hint);
  if (!Number.isInteger(value.epochsCompleted) || (value.epochsCompleted as number) < 0) {
    throw new DatasetFormatError(`${what} has epochsCompleted ${JSON.stringify(value.epochsCompleted)}, expected a whole number ≥ 0.`, hint);
  }
  if (!Array.isArray(value.history)) throw new DatasetFormatError(`${what} has no history array.`, hint);
  for (const part of ['model', 'optimizer'] as const) {
    const bundle = value[part];
    if (!isObject(bundle) || !Array.isArray(bundle.specs) || !(bundle.data instanceof ArrayBuffer)) {
      throw new DatasetFormatError(`${what} has no ${part} weights (specs + ArrayBuffer).`, hint);
    }
    assertTensorBundle(bundle as unknown as CheckpointRecord['model'], `${what} ${part}`);
  }
}
