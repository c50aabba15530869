import * as tf from '@tensorflow/tfjs';
import { assertSameShape } from './assertSameShape';

// #region mae
/** Mean of |yPred − yTrue| over every element (batch included). Same shapes in; new scalar out, caller owns it. */
export function meanAbsoluteError(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Scalar {
  assertSameShape('meanAbsoluteError', yTrue.shape, yPred.shape);
  return tf.tidy(() => tf.mean(tf.abs(tf.sub(yPred, yTrue))) as tf.Scalar);
}
// #endregion

/** Mean of (yPred − yTrue)² over every element (batch included). Same shapes in; new scalar out, caller owns it. */
export function meanSquaredError(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Scalar {
  assertSameShape('meanSquaredError', yTrue.shape, yPred.shape);
  return tf.tidy(() => tf.mean(tf.square(tf.sub(yPred, yTrue))) as tf.Scalar);
}
