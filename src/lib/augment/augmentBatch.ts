import type * as tf from '@tensorflow/tfjs';
import { SettingsError, ShapeError } from '../errors';
import type { FillMode, Interpolation } from './augmentConfig';
import type { AugmentParams } from './sampleAugmentParams';
import { toAffineMatrix } from './toAffineMatrix';
import { warpBatch } from './warpBatch';

/** How `augmentBatch` resamples input and target. */
export interface AugmentBatchOptions {
  fillMode: FillMode;
  /** Fill value for the input in 'constant' mode (default 0). */
  cval?: number;
  /** Fill value for the target in 'constant' mode (default: cval). Keep it 0 or 1 for masks. */
  targetCval?: number;
  /** 'nearest' for segmentation masks (they stay binary), 'bilinear' for image targets (translation). */
  targetInterpolation: Interpolation;
  /** Resampling of the input image (default 'bilinear'). */
  inputInterpolation?: Interpolation;
}

function describeShape(t: tf.Tensor): string {
  return `[${t.shape.join(', ')}]`;
}

/**
 * Applies params[i] to x[i] AND y[i] alike: x [N, H, W, Cx] and y [N, H, W, Cy] → new float32
 * tensors of the same shapes, owned by the caller; x and y are not disposed. One batched
 * tf.image.transform per tensor; the flips are folded into the matrices.
 */
export function augmentBatch(
  x: tf.Tensor4D,
  y: tf.Tensor4D,
  params: readonly AugmentParams[],
  options: AugmentBatchOptions,
): { x: tf.Tensor4D; y: tf.Tensor4D } {
  if (x.rank !== 4 || y.rank !== 4) {
    throw new ShapeError(
      `Expected x and y to have shape [N, H, W, C], but got ${describeShape(x)} and ${describeShape(y)}.`,
      'Add the channel axis (expandDims(-1)) before augmenting.');
  }
  const [n, height, width] = x.shape;
  if (y.shape[0] !== n || y.shape[1] !== height || y.shape[2] !== width) {
    throw new ShapeError(
      `Expected y to have shape [${n}, ${height}, ${width}, C] like x, but got ${describeShape(y)}.`,
      'Input and target must be the same slices at the same size to be augmented together.');
  }
  if (params.length !== n) {
    throw new ShapeError(`Expected ${n} augmentation params (one per sample), but got ${params.length}.`,
      'Call sampleAugmentParams with count equal to the batch size.');
  }
  const cval = options.cval ?? 0;
  const targetCval = options.targetCval ?? cval;
  if (!Number.isFinite(cval) || !Number.isFinite(targetCval)) {
    throw new SettingsError(`Expected finite fill values, but got cval ${cval} and targetCval ${targetCval}.`, 'Use 0 unless you have a reason not to.');
  }
  // #region synchronised
  const matrices = params.map((p) => toAffineMatrix(p, height, width));
  const xOut = warpBatch(x, matrices, { interpolation: options.inputInterpolation ?? 'bilinear', fillMode: options.fillMode, cval });
  try {
    const yOut = warpBatch(y, matrices, { interpolation: options.targetInterpolation, fillMode: options.fillMode, cval: targetCval });
    return { x: xOut, y: yOut };
    // #endregion
  } catch (error) {
    xOut.dispose();
    throw error;
  }
}
