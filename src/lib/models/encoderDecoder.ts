import * as tf from '@tensorflow/tfjs';
import { SettingsError } from '../errors';
import { applyTo, concatChannels, conv } from './convLayers';
import { assertImageSide, assertPositiveInteger, assertSeed } from './validateSize';

/** Settings of the lesson encoder-decoders (model A′ without skips, model B with skips). */
export interface EncoderDecoderConfig {
  height: number;
  width: number;
  /** Input channels; 1 for the lessons. */
  channels?: number;
  /** false: model A′ (178,171 parameters); true: model B (190,771 parameters). */
  skips: boolean;
  /** 'sigmoid' for segmentation (lesson 1), 'linear' for image translation (lesson 2). */
  output: 'sigmoid' | 'linear';
  /** Seeds every layer's he_normal initialiser (per-layer seeds are derived from it). */
  seed: number;
  name?: string;
}

/**
 * Builds the lesson 1/2 encoder-decoder: input [batch, height, width, channels] → output
 * [batch, height, width, 1]. Two halvings ("pad 1 + 4×4 stride-2 valid conv") and two doublings
 * ("4×4 stride-2 valid transposed conv + 3×3 valid conv"). ReLU everywhere except the output,
 * he_normal kernels, zero biases. With `skips`, the features after `enc1_conv20` and `enc2_conv40`
 * are concatenated into the decoder, and the 3×3 layers after each concatenation are Conv2D.
 * The caller owns the returned model (dispose it).
 */
export function buildEncoderDecoder(config: EncoderDecoderConfig): tf.LayersModel {
  const name = config.name ?? (config.skips ? 'model_B_skips' : 'model_A_plain');
  const channels = config.channels ?? 1;
  assertImageSide('height', config.height, 4, name);
  assertImageSide('width', config.width, 4, name);
  assertPositiveInteger('channels', channels, name);
  assertSeed(config.seed, name);
  if (config.output !== 'sigmoid' && config.output !== 'linear') {
    throw new SettingsError(
      `Expected the output of ${name} to be 'sigmoid' or 'linear', but got '${String(config.output)}'.`,
      "Use 'sigmoid' for masks (segmentation) and 'linear' for intensities (translation).",
    );
  }
  const seed = config.seed;
  const relu = 'relu' as const;

  // #region layers
  const input = tf.input({ shape: [config.height, config.width, channels], name: 'input' });

  // Encoder, full resolution.
  let x = conv(input, { name: 'enc1_conv10', filters: 10, kernelSize: 3, padding: 'same', activation: relu }, seed);
  const skip1 = conv(x, { name: 'enc1_conv20', filters: 20, kernelSize: 3, padding: 'same', activation: relu }, seed);
  // Down to 1/2: (i + 2 − 4) / 2 + 1 = i / 2.
  x = applyTo(tf.layers.zeroPadding2d({ name: 'down1_pad', padding: 1 }), skip1);
  x = conv(x, { name: 'down1_conv30', filters: 30, kernelSize: 4, strides: 2, padding: 'valid', activation: relu }, seed);
  x = conv(x, { name: 'enc2_conv30', filters: 30, kernelSize: 3, padding: 'same', activation: relu }, seed);
  const skip2 = conv(x, { name: 'enc2_conv40', filters: 40, kernelSize: 3, padding: 'same', activation: relu }, seed);
  // Down to 1/4.
  x = applyTo(tf.layers.zeroPadding2d({ name: 'down2_pad', padding: 1 }), skip2);
  x = conv(x, { name: 'down2_conv40', filters: 40, kernelSize: 4, strides: 2, padding: 'valid', activation: relu }, seed);
  x = conv(x, { name: 'mid_conv50a', filters: 50, kernelSize: 3, padding: 'same', activation: relu }, seed);
  x = conv(x, { name: 'mid_conv50b', filters: 50, kernelSize: 3, padding: 'same', activation: relu }, seed);

  // Up to 1/2: (i − 1)·2 + 4 = 2i + 2, then a 3×3 valid conv removes the extra 2.
  x = conv(x, { name: 'up1_convT40', filters: 40, kernelSize: 4, strides: 2, padding: 'valid', activation: relu, transpose: true }, seed);
  x = conv(x, { name: 'up1_conv40', filters: 40, kernelSize: 3, padding: 'valid', activation: relu }, seed);
  if (config.skips) {
    x = concatChannels('skip2_concat', [x, skip2]);
    x = conv(x, { name: 'dec2_conv30a', filters: 30, kernelSize: 3, padding: 'same', activation: relu }, seed);
    x = conv(x, { name: 'dec2_conv30b', filters: 30, kernelSize: 3, padding: 'same', activation: relu }, seed);
  } else {
    x = conv(x, { name: 'dec2_convT30a', filters: 30, kernelSize: 3, padding: 'same', activation: relu, transpose: true }, seed);
    x = conv(x, { name: 'dec2_convT30b', filters: 30, kernelSize: 3, padding: 'same', activation: relu, transpose: true }, seed);
  }
  // Up to full resolution.
  x = conv(x, { name: 'up2_convT20', filters: 20, kernelSize: 4, strides: 2, padding: 'valid', activation: relu, transpose: true }, seed);
  x = conv(x, { name: 'up2_conv20', filters: 20, kernelSize: 3, padding: 'valid', activation: relu }, seed);
  if (config.skips) x = concatChannels('skip1_concat', [x, skip1]);
  x = conv(x, { name: 'dec1_conv10a', filters: 10, kernelSize: 3, padding: 'same', activation: relu }, seed);
  x = conv(x, { name: 'dec1_conv10b', filters: 10, kernelSize: 3, padding: 'same', activation: relu }, seed);
  const output = conv(x, { name: 'output_conv1', filters: 1, kernelSize: 1, padding: 'same', activation: config.output }, seed);

  return tf.model({ inputs: input, outputs: output, name });
  // #endregion
}
