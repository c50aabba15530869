import * as tf from '@tensorflow/tfjs';
import { assertSameShape } from './assertSameShape';

/** Keras's clipping epsilon: probabilities are kept in [ε, 1 − ε] so log() stays finite. */
export const CROSS_ENTROPY_EPSILON = 1e-7;

/**
 * Binary cross-entropy averaged over every pixel (batch included):
 * −mean(t·log p + (1 − t)·log(1 − p)), with p clipped to [ε, 1 − ε] as Keras does.
 * yTrue: binary masks, yPred: probabilities, same shape. Unlike Dice it is unbounded: a confident
 * wrong pixel (p → 0 where t = 1) costs up to −log ε ≈ 16.1, which is why it exposes overconfidence.
 * Returns a new scalar the caller owns.
 */
// #region bce
export function binaryCrossEntropy(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Scalar {
  assertSameShape('binaryCrossEntropy', yTrue.shape, yPred.shape);
  return tf.tidy(() => {
    const p = tf.clipByValue(yPred, CROSS_ENTROPY_EPSILON, 1 - CROSS_ENTROPY_EPSILON);
    const positive = tf.mul(yTrue, tf.log(p));
    const negative = tf.mul(tf.sub(1, yTrue), tf.log(tf.sub(1, p)));
    return tf.neg(tf.mean(tf.add(positive, negative))) as tf.Scalar;
  });
}
// #endregion
