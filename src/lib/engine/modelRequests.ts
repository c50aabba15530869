import * as tf from '@tensorflow/tfjs';
import { ShapeError } from '../errors';
import type { LessonDataset, SplitArrays, Task } from '../data/types';
import { describeAugmentParams, describeIntensityParams } from '../augment/describeAugment';
import { augmentTrainingBatch } from '../train/augmentTrainingBatch';
import { evaluateTask } from '../tasks/evaluateTask';
import { allTasks, taskDescriptor } from '../tasks';
import { predictBatches } from '../train/predictBatches';
import { createRng, deriveSeed } from '../random';
import type { AugmentPreview, AugmentPreviewParams, Evaluation } from './protocol';
import { checkNormalizationFits, unitsOfDataset, type InputUnits } from '../data/inputUnits';
import type { Normalization } from '../data/normalizations';
import { gatherSlices } from './sliceArrays';
import type { SplitVolumes } from '../data/volumesOfSplit';

/** The [height, width] a lesson model takes (its input is [batch, height, width, 1]). */
export function inputSize(model: tf.LayersModel): { height: number; width: number } {
  const [, height, width] = model.inputs[0].shape;
  return { height: height ?? 0, width: width ?? 0 };
}

/** The task of a model whose model.json does not name one: the first registered task with the model's output activation. */
export function taskOfOutput(model: tf.LayersModel): Task {
  const config = model.layers.at(-1)?.getConfig() as { activation?: string } | undefined;
  const activation = config?.activation === 'sigmoid' ? 'sigmoid' : 'linear';
  return (allTasks().find((t) => t.outputActivation === activation) ?? allTasks()[0]).task;
}

/** Throws a ShapeError unless the model takes [batch, height, width, 1] inputs. */
export function assertModelFits(model: tf.LayersModel, height: number, width: number): void {
  const [, h, w, c] = model.inputs[0].shape;
  if (h !== height || w !== width || c !== 1) {
    throw new ShapeError(
      `The model was built for ${h}×${w}×${c} inputs, but the dataset holds ${height}×${width}×1 slices.`,
      'Build or train a model at the size of the loaded dataset.',
    );
  }
}

/** Inputs, targets and model outputs for slices `indices` of a split: new [indices.length, height, width] arrays the caller owns. */
export async function predictSlices(
  model: tf.LayersModel, arrays: SplitArrays, indices: number[], height: number, width: number,
): Promise<{ inputs: Float32Array; targets: Float32Array; predictions: Float32Array }> {
  assertModelFits(model, height, width);
  const sliceSize = height * width;
  const subset: SplitArrays = { x: gatherSlices(arrays.x, indices, sliceSize), y: gatherSlices(arrays.y, indices, sliceSize), count: indices.length };
  const predictions = new Float32Array(indices.length * sliceSize);
  await predictBatches({
    model, split: subset, height, width, batchSize: 8,
    visit: (batch) => predictions.set(batch.prediction, batch.start * sliceSize),
  });
  return { inputs: subset.x, targets: subset.y, predictions };
}

/**
 * Test-style metrics of the model on a whole split (hard Dice or MAE/PSNR/SSIM), as plain numbers. With
 * `input` (the normalisation applied, the model's training units when known and the stored data), the result
 * names the normalisation applied and carries a warning when the data's units do not fit the model. With
 * `volumes` (the split's patients) the task adds its per-patient metrics.
 */
export async function evaluateSplit(
  model: tf.LayersModel, dataset: LessonDataset, arrays: SplitArrays, task: Task,
  input?: { normalization: Normalization; units: InputUnits | undefined; stored: LessonDataset } | null,
  options: { batchSize?: number; volumes?: SplitVolumes } = {},
): Promise<Evaluation> {
  assertModelFits(model, dataset.height, dataset.width);
  const metrics = await evaluateTask(model, arrays, task, {
    height: dataset.height, width: dataset.width,
    ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }),
    ...(options.volumes ? { volumes: options.volumes } : {}),
  });
  if (!input) return metrics;
  const warning = checkNormalizationFits(input.normalization, input.units, unitsOfDataset(input.stored));
  return { ...metrics, normalization: input.normalization, ...(warning ? { warning } : {}) };
}

/**
 * Draws one transform per index from `seed` and applies it to input and target alike (nearest for
 * masks, bilinear for images), then, when asked, an intensity change to the input alone, as a run
 * does (the same code). The intensity draws come from a stream of their own (derived from `seed`), so
 * asking for them leaves the transform as it was. The arrays in the result are new and may be transferred.
 */
export async function augmentPreview(arrays: SplitArrays, height: number, width: number, task: Task, params: AugmentPreviewParams): Promise<AugmentPreview> {
  const { seed, config, indices, split = 'train' } = params;
  const shape: [number, number, number, number] = [indices.length, height, width, 1];
  const x = tf.tensor4d(gatherSlices(arrays.x, indices, height * width), shape);
  const y = tf.tensor4d(gatherSlices(arrays.y, indices, height * width), shape);
  try {
    const out = augmentTrainingBatch(x, y, {
      config: { augment: config, intensityAugment: params.intensity ?? null },
      task: taskDescriptor(task),
      rngs: { geometric: createRng(seed), intensity: createRng(deriveSeed(seed, 'intensity')) },
    });
    try {
      const [inputs, targets] = (await Promise.all([out.x.data(), out.y.data()])) as Float32Array[];
      const drawn = out.geometric ?? [];
      return {
        split, indices: [...indices], seed, height, width, inputs, targets, params: drawn, descriptions: drawn.map(describeAugmentParams),
        ...(out.intensity ? { intensity: { params: out.intensity, descriptions: out.intensity.map(describeIntensityParams) } } : {}),
      };
    } finally {
      tf.dispose([out.x, out.y]);
    }
  } finally {
    tf.dispose([x, y]);
  }
}
