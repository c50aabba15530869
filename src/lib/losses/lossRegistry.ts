/** The loss registry's functions: each loss of ./lossInfo with the tensor function that computes it. */
import type * as tf from '@tensorflow/tfjs';
import { binaryCrossEntropy } from './crossEntropy';
import { diceLoss } from './diceLoss';
import { lossInfo, type LossName } from './lossInfo';
import { meanAbsoluteError, meanSquaredError } from './regressionLosses';

/** (yTrue, yPred) → a new scalar the caller owns. */
export type LossFn = (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Scalar;

const FUNCTIONS: Readonly<Record<LossName, LossFn>> = { dice: diceLoss, bce: binaryCrossEntropy, mae: meanAbsoluteError, mse: meanSquaredError };

/** The tensor function of a loss; a SettingsError for a name the registry does not know. */
export function lossFunction(name: LossName): LossFn {
  return FUNCTIONS[lossInfo(name).name as LossName];
}
