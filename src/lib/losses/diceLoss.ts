import * as tf from '@tensorflow/tfjs';
import { assertSameShape } from './assertSameShape';

/**
 * Soft Dice loss over the whole batch, flattened: Dice = (2·Σ(t·p) + 1) / (Σt + Σp + 1), loss = 1 − Dice.
 * yTrue: binary masks, yPred: probabilities, same shape (e.g. [batch, height, width, 1]).
 * The +1 keeps the ratio defined for an empty batch (an all-empty batch scores Dice = 1 only when the
 * prediction is all zeros, so it rewards predicting nothing). Returns a new scalar the caller owns.
 */
// #region dice
export function diceLoss(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Scalar {
  assertSameShape('diceLoss', yTrue.shape, yPred.shape);
  return tf.tidy(() => {
    const t = tf.reshape(yTrue, [-1]);
    const p = tf.reshape(yPred, [-1]);
    const intersection = tf.sum(tf.mul(t, p));
    const dice = tf.div(tf.add(tf.mul(2, intersection), 1), tf.add(tf.add(tf.sum(t), tf.sum(p)), 1));
    return tf.sub(1, dice) as tf.Scalar;
  });
}
// #endregion
