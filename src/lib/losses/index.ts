export { diceLoss } from './diceLoss';
export { binaryCrossEntropy } from './crossEntropy';
export { meanAbsoluteError, meanSquaredError } from './regressionLosses';
export { hardDicePerSlice, type HardDiceResult, type HardDiceOptions, type DiceGroup } from './hardDice';
export { maeInMask, psnr } from './intensityMetrics';
export { ssim, ssimPerSlice, type SsimOptions } from './ssim';
