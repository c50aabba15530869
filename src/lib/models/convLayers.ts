import * as tf from '@tensorflow/tfjs';
import { deriveSeed } from '../random';

/** Activations the lesson models use (tfjs identifiers). */
export type ConvActivation = 'relu' | 'elu' | 'sigmoid' | 'linear';

/** One convolution of a lesson model: square kernel, zero bias, seeded he_normal kernel. */
export interface ConvSpec {
  name: string;
  filters: number;
  kernelSize: number;
  strides?: number;
  padding: 'same' | 'valid';
  activation: ConvActivation;
  /** A transposed convolution (Conv2DTranspose) instead of Conv2D. */
  transpose?: boolean;
}

/**
 * Creates a Conv2D or Conv2DTranspose layer whose he_normal initialiser has its own seed, derived
 * from the model seed and the layer name, so the same model seed always gives the same weights
 * whatever order layers are built in. The caller owns the layer (it belongs to the model it joins).
 */
export function createConv(spec: ConvSpec, modelSeed: number): tf.layers.Layer {
  const args = {
    name: spec.name,
    filters: spec.filters,
    kernelSize: spec.kernelSize,
    strides: spec.strides ?? 1,
    padding: spec.padding,
    activation: spec.activation,
    useBias: true,
    kernelInitializer: tf.initializers.heNormal({ seed: deriveSeed(modelSeed, spec.name) }),
    biasInitializer: 'zeros' as const,
  };
  return spec.transpose ? tf.layers.conv2dTranspose(args) : tf.layers.conv2d(args);
}

/** Applies a layer to one symbolic tensor and narrows the result (tfjs types it as a union). */
export function applyTo(layer: tf.layers.Layer, input: tf.SymbolicTensor | tf.SymbolicTensor[]): tf.SymbolicTensor {
  return layer.apply(input) as tf.SymbolicTensor;
}

/** Shorthand: build the convolution described by `spec` and apply it to `input`. */
export function conv(input: tf.SymbolicTensor, spec: ConvSpec, modelSeed: number): tf.SymbolicTensor {
  return applyTo(createConv(spec, modelSeed), input);
}

/** Concatenates along channels under a readable name. */
export function concatChannels(name: string, inputs: tf.SymbolicTensor[]): tf.SymbolicTensor {
  return applyTo(tf.layers.concatenate({ name, axis: -1 }), inputs);
}
