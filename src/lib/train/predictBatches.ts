import * as tf from '@tensorflow/tfjs';
import type { SplitArrays } from '../data/types';

import type { LossFn } from '../losses/lossRegistry';

export type { LossFn };

/** One batch of predictions handed to the visitor: slices [start, start + count) of the split. */
export interface PredictedBatch {
  start: number;
  count: number;
  /** Targets of these slices, [count, height, width, 1] flattened (a view into the split; don't modify). */
  target: Float32Array;
  /** Inputs of these slices (a view into the split). */
  input: Float32Array;
  /** Model output, [count, height, width, 1] flattened; a fresh array the visitor may keep. */
  prediction: Float32Array;
  /** Batch loss when a loss function was given, else NaN. */
  loss: number;
}

/**
 * Runs the model over a split in batches (no augmentation), calling `visit` with plain arrays for
 * each batch, and yields to the event loop between batches. Disposes every tensor it creates;
 * stops early (returning false) when the signal aborts.
 */
export async function predictBatches(options: {
  model: tf.LayersModel;
  split: SplitArrays;
  height: number;
  width: number;
  batchSize: number;
  loss?: LossFn;
  signal?: AbortSignal;
  visit: (batch: PredictedBatch) => void;
}): Promise<boolean> {
  const { model, split, height, width, batchSize, loss } = options;
  const sliceSize = height * width;
  for (let start = 0; start < split.count; start += batchSize) {
    if (options.signal?.aborted) return false;
    const count = Math.min(batchSize, split.count - start);
    const input = split.x.subarray(start * sliceSize, (start + count) * sliceSize);
    const target = split.y.subarray(start * sliceSize, (start + count) * sliceSize);
    const [prediction, lossTensor] = tf.tidy(() => {
      const x = tf.tensor4d(input, [count, height, width, 1]);
      const out = model.predict(x) as tf.Tensor;
      return loss ? [out, loss(tf.tensor4d(target, [count, height, width, 1]), out)] : [out];
    });
    try {
      const [predictionData, lossData] = await Promise.all([prediction.data(), lossTensor ? lossTensor.data() : null]);
      options.visit({
        start,
        count,
        input,
        target,
        prediction: predictionData as Float32Array,
        loss: lossData ? lossData[0] : Number.NaN,
      });
    } finally {
      prediction.dispose();
      lossTensor?.dispose();
    }
    await nextMacrotask();
  }
  return true;
}

/** Resolves on a later macrotask, so messages, clicks and paints get a turn between batches. */
export function nextMacrotask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
