export { diceLoss } from './diceLoss';
export { binaryCrossEntropy } from './crossEntropy';
export { meanAbsoluteError, meanSquaredError } from './regressionLosses';
export { hardDicePerSlice, type HardDiceResult, type HardDiceOptions, type DiceGroup } from './hardDice';
export { createIntensityErrors, maeInMask, psnr, type IntensityErrors } from './intensityMetrics';
export { ssim, ssimPerSlice, type SsimOptions } from './ssim';
export { ssimInMaskPerSlice } from './ssim';
export { dice3d, hausdorff95, regionIntensityMetrics, type RegionIntensityMetrics, type StackGeometry } from './volumeMetrics';
