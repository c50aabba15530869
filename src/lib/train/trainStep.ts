import * as tf from '@tensorflow/tfjs';
import { TrainingError } from '../errors';
import type { CourseOptimizer } from './optimizers';

/** A loss: target and prediction of the same shape in, a new scalar out (the caller owns it). */
export type LossFunction = (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Scalar;

export interface TrainStepOptions {
  model: tf.LayersModel;
  loss: LossFunction;
  optimizer: CourseOptimizer;
}

/** One optimisation step on a batch; resolves with the batch loss measured before the update. */
export type TrainStep = (x: tf.Tensor4D, y: tf.Tensor4D) => Promise<number>;

/**
 * Creates the custom training step: forward pass, loss, gradients of the model's trainable weights,
 * optimiser update (which clips by global norm when configured). x: [batch, height, width, channels],
 * y: the target, shaped like the model output. Neither is disposed; every tensor the step makes is.
 * A non-finite loss throws a TrainingError before the weights are touched.
 */
export function createTrainStep({ model, loss, optimizer }: TrainStepOptions): TrainStep {
  // The weights' order is fixed here once: the optimiser keys its state by position.
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  if (variables.length === 0) {
    throw new TrainingError(`Expected model ${model.name} to have trainable weights, but it has none.`, 'Build the model with at least one trainable layer.');
  }
  return async (x, y) => {
    const { value, grads } = tf.variableGrads(() => loss(y, model.apply(x, { training: true }) as tf.Tensor), variables);
    try {
      const lossValue = (await value.data())[0];
      if (!Number.isFinite(lossValue)) {
        throw new TrainingError(
          `Training diverged: the batch loss is ${lossValue}.`,
          'Lower the learning rate, keep gradient clipping on, or check the data for NaN values.',
        );
      }
      optimizer.applyGradients(
        variables,
        variables.map((v) => grads[v.name]),
      );
      return lossValue;
    } finally {
      value.dispose();
      tf.dispose(grads);
    }
  };
}
