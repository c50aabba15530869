// The tensor-free parts (config, params, matrices, descriptions) import no TensorFlow.js; a client
// that only needs them should import those files directly rather than this index.
export { DEFAULT_AUGMENT, NO_AUGMENT, assertAugmentConfig, type AugmentConfig, type FillMode, type Interpolation } from './augmentConfig';
export { DRAWS_PER_SAMPLE, IDENTITY_PARAMS, isIdentityParams, sampleAugmentParams, type AugmentParams, type ImageSize } from './sampleAugmentParams';
export { toAffineMatrix, type ProjectiveTransform } from './toAffineMatrix';
export { warpBatch, type WarpOptions } from './warpBatch';
export { augmentBatch, type AugmentBatchOptions } from './augmentBatch';
export { INTENSITY_CHANGE_WORDS, describeAugment, describeAugmentParams, describeIntensityChanges, describeIntensityParams } from './describeAugment';
export {
  ACQUISITION_CHANGES, DEFAULT_INTENSITY_AUGMENT, IDENTITY_INTENSITY, INTENSITY_CHANGES, assertIntensityAugmentConfig, isIdentityIntensity, onlyChanges,
  type IntensityAugmentConfig, type IntensityChange, type IntensityParams,
} from './intensityConfig';
export { INTENSITY_DRAWS_PER_SAMPLE, sampleIntensityParams } from './sampleIntensityParams';
export { intensityBatch, type IntensityBatchOptions } from './intensityBatch';
