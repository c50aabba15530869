import * as tf from '@tensorflow/tfjs';
import type { SplitArrays } from '../data/types';
import { metricSpec, type MetricName } from '../losses/metrics';
import { predictBatches, type LossFn } from './predictBatches';
import { gatherSlicePairs } from './trainingBatch';
import type { DisplaySlice } from './types';

/**
 * Validation loss (batch losses weighted by batch size, as Keras does) and the task's metric (its
 * mean over slices or pixels, see ../losses/metrics) on an unaugmented split. Disposes what it creates.
 */
export async function validateEpoch(options: {
  model: tf.LayersModel;
  split: SplitArrays;
  height: number;
  width: number;
  batchSize: number;
  loss: LossFn;
  metric: MetricName;
}): Promise<{ valLoss: number; valMetric: number }> {
  const { height, width } = options;
  const metric = metricSpec(options.metric);
  let lossSum = 0;
  let metricSum = 0;
  await predictBatches({
    ...options,
    visit: (b) => {
      lossSum += b.loss * b.count;
      metricSum += metric.sum(b.target, b.prediction, { height, width });
    },
  });
  const count = options.split.count;
  return { valLoss: lossSum / count, valMetric: metric.per === 'slice' ? metricSum / count : metricSum / (count * height * width) };
}

/** Predictions for a few validation slices, as fresh [height, width] arrays (safe to transfer). Disposes its tensors. */
export async function predictDisplaySlices(options: {
  model: tf.LayersModel;
  split: SplitArrays;
  indices: readonly number[];
  height: number;
  width: number;
}): Promise<DisplaySlice[]> {
  const { model, split, indices, height, width } = options;
  if (indices.length === 0) return [];
  const sliceSize = height * width;
  const { x, y } = gatherSlicePairs(split, indices, sliceSize);
  const prediction = tf.tidy(() => model.predict(tf.tensor4d(x, [indices.length, height, width, 1])) as tf.Tensor);
  let values: Float32Array;
  try {
    values = (await prediction.data()) as Float32Array;
  } finally {
    prediction.dispose();
  }
  return indices.map((index, i) => ({
    index,
    height,
    width,
    input: x.slice(i * sliceSize, (i + 1) * sliceSize),
    target: y.slice(i * sliceSize, (i + 1) * sliceSize),
    prediction: values.slice(i * sliceSize, (i + 1) * sliceSize),
  }));
}
