import * as tf from '@tensorflow/tfjs';
import { ShapeError } from '../errors';
import { forwardWithKnockout } from './forwardWithKnockout';

/** One slice and a region on the model's output: both [height, width] row-major; the region is 1 inside (any weight works). */
export interface AttributionInput {
  model: tf.LayersModel;
  /** The slice as the network sees it (normalised), [height, width]. */
  input: Float32Array;
  region: ArrayLike<number>;
  height: number;
  width: number;
}

/** The gradient of the region's summed output with respect to the input, and gradient × input: new [height, width] arrays. */
export interface Attribution {
  gradient: Float32Array;
  attribution: Float32Array;
}

/**
 * Which input pixels drove a region of the prediction (Seg-Grad-CAM style on the input: the region's
 * outputs are summed before the gradient is taken, so the map answers "what made this region"): the
 * gradient of Σ region·output with respect to the input, and gradient × input. Uses the model's own
 * weights and changes nothing; disposes every tensor it creates.
 */
export async function attributionOf({ model, input, region, height, width }: AttributionInput): Promise<Attribution> {
  const size = height * width;
  if (input.length !== size || region.length !== size) {
    throw new ShapeError(`Expected the slice and the region to hold ${height}×${width} = ${size} values, but got ${input.length} and ${region.length}.`, 'Pass one slice at the model’s size.');
  }
  const [gradient, product] = tf.tidy(() => {
    const x = tf.tensor4d(input, [1, height, width, 1]);
    const weights = tf.tensor4d(Float32Array.from(region), [1, height, width, 1]);
    const grad = tf.grad((inp: tf.Tensor) => tf.sum(tf.mul(forwardWithKnockout(model, inp), weights)))(x);
    return [grad, tf.mul(grad, x)];
  });
  try {
    const [g, a] = (await Promise.all([gradient.data(), product.data()])) as Float32Array[];
    return { gradient: g, attribution: a };
  } finally {
    tf.dispose([gradient, product]);
  }
}
