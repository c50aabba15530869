import * as tf from '@tensorflow/tfjs';
import type { SplitArrays } from '../data/types';
import { hardDicePerSlice } from '../losses/hardDice';
import { predictBatches, type LossFn } from './predictBatches';
import { gatherSlicePairs } from './trainingBatch';
import { taskDescriptor } from '../tasks';
import type { Task } from '../data/types';
import type { DisplaySlice, MetricName } from './types';

/** The metric each task reports every epoch (its descriptor's). */
export function metricNameFor(task: Task): MetricName {
  return taskDescriptor(task).epochMetric.name;
}

/**
 * Validation loss (batch losses weighted by batch size, as Keras does) and the task metric (mean
 * hard Dice over slices, or MAE over pixels) on an unaugmented split. Disposes what it creates.
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
  const { height, width, metric } = options;
  let lossSum = 0;
  let metricSum = 0;
  await predictBatches({
    ...options,
    visit: (b) => {
      lossSum += b.loss * b.count;
      if (metric === 'hardDice') {
        for (const d of hardDicePerSlice(b.target, b.prediction, { height, width }).perSlice) metricSum += d;
      } else {
        for (let i = 0; i < b.prediction.length; i++) metricSum += Math.abs(b.prediction[i] - b.target[i]);
      }
    },
  });
  const count = options.split.count;
  return { valLoss: lossSum / count, valMetric: metric === 'hardDice' ? metricSum / count : metricSum / (count * height * width) };
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
