import * as tf from '@tensorflow/tfjs';
import type { SplitArrays } from '../data/types';
import type { BatchEvaluator } from '../train/evaluate';
import { nextMacrotask } from '../train/predictBatches';
import { forwardWithKnockout } from './forwardWithKnockout';
import type { Knockout } from './knockout';

/** A split scored with some of the model switched off: the evaluator's result and the predictions of the slices asked for. */
export interface KnockedOutScores<M> {
  metrics: M;
  /** [keep.length, height, width] of the knocked-out model's outputs for slices `keep` (a new array). */
  predictions: Float32Array;
}

/**
 * Runs the model with `knockout` over a split in batches (no augmentation), handing each batch to `evaluator`
 * like evaluate() does, and keeps the outputs of slices `keep`. Yields to the event loop between batches
 * (where `signal` may stop it and `onSlice` hears how far it got);
 * disposes every tensor it creates; leaves the model's weights alone.
 */
export async function scoreWithKnockout<M>(options: {
  model: tf.LayersModel;
  split: SplitArrays;
  height: number;
  width: number;
  knockout: Knockout;
  evaluator: BatchEvaluator<M>;
  keep?: readonly number[];
  batchSize?: number;
  /** Checked before every batch: once aborted, the rest of the split is skipped (the metrics are then partial). */
  signal?: AbortSignal;
  /** Slices scored so far, after every batch. */
  onSlice?: (done: number) => void;
}): Promise<KnockedOutScores<M>> {
  const { model, split, height, width, knockout, evaluator, keep = [], signal, onSlice } = options;
  const batchSize = options.batchSize ?? 4;
  const sliceSize = height * width;
  const predictions = new Float32Array(keep.length * sliceSize);
  for (let start = 0; start < split.count && !signal?.aborted; start += batchSize) {
    const count = Math.min(batchSize, split.count - start);
    const input = split.x.subarray(start * sliceSize, (start + count) * sliceSize);
    const target = split.y.subarray(start * sliceSize, (start + count) * sliceSize);
    const out = tf.tidy(() => forwardWithKnockout(model, tf.tensor4d(input, [count, height, width, 1]), knockout));
    let prediction: Float32Array;
    try {
      prediction = (await out.data()) as Float32Array;
    } finally {
      out.dispose();
    }
    keep.forEach((index, k) => {
      if (index >= start && index < start + count) predictions.set(prediction.subarray((index - start) * sliceSize, (index - start + 1) * sliceSize), k * sliceSize);
    });
    evaluator.add({ start, count, input, target, prediction });
    onSlice?.(start + count);
    await nextMacrotask();
  }
  return { metrics: evaluator.result(), predictions };
}
