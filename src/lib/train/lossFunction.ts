import { binaryCrossEntropy } from '../losses/crossEntropy';
import { diceLoss } from '../losses/diceLoss';
import { meanAbsoluteError, meanSquaredError } from '../losses/regressionLosses';
import type { LossFn } from './predictBatches';
import type { LossName } from './types';

/** The tensor loss function for a loss name: (yTrue, yPred) → new scalar the caller owns. */
export function lossFunction(name: LossName): LossFn {
  if (name === 'dice') return diceLoss;
  if (name === 'bce') return binaryCrossEntropy;
  if (name === 'mse') return meanSquaredError;
  return meanAbsoluteError;
}
