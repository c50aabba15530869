import type * as tf from '@tensorflow/tfjs';
import type { SplitArrays } from '../data/types';
import { ShapeError } from '../errors';
import { predictBatches } from './predictBatches';

/** A split's scorer, batch by batch: a task's evaluator (src/lib/tasks) has this shape. */
export interface BatchEvaluator<M> {
  add(batch: { start: number; count: number; input: Float32Array; target: Float32Array; prediction: Float32Array }): void;
  result(): M;
}

export interface EvaluateOptions {
  height: number;
  width: number;
  batchSize?: number;
  signal?: AbortSignal;
}

/**
 * Predicts a split in batches and hands each batch to `evaluator`, then returns its result (plain
 * numbers). Which metrics are computed is the evaluator's (the task's) business. Disposes what it
 * creates; leaves the model alone.
 */
export async function evaluate<M>(model: tf.LayersModel, split: SplitArrays, evaluator: BatchEvaluator<M>, options: EvaluateOptions): Promise<M> {
  const { height, width } = options;
  const sliceSize = height * width;
  if (split.x.length !== split.count * sliceSize || split.y.length !== split.count * sliceSize) {
    throw new ShapeError(
      `Expected the split's x and y to hold ${split.count} slices of ${height}×${width} (${split.count * sliceSize} values), but got ${split.x.length} and ${split.y.length}.`,
      'Pass the split at the size the model was built for.',
    );
  }
  await predictBatches({
    model, split, height, width, batchSize: options.batchSize ?? 16, signal: options.signal,
    visit: (b) => evaluator.add({ start: b.start, count: b.count, input: b.input, target: b.target, prediction: b.prediction }),
  });
  return evaluator.result();
}
