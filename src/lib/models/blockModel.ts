import * as tf from '@tensorflow/tfjs';
import { SettingsError } from '../errors';
import { applyTo, concatChannels, conv } from './convLayers';
import { assertImageSide, assertPositiveInteger, assertSeed } from './validateSize';

/** Settings of the bonus Inception-style block model (lesson 1, step 18). */
export interface BlockModelConfig {
  height: number;
  width: number;
  channels?: number;
  /** Base filter count F; block r of the encoder (and its mirror) has F·r filters. Default 16. */
  filters?: number;
  /** Number of down-sampling blocks. Default 2. */
  blocks?: number;
  output?: 'sigmoid' | 'linear';
  seed: number;
  name?: string;
}

/**
 * One Inception-style block: parallel 1×1, 3×3 and 3×3→3×3 branches, concatenated, mixed by a
 * 1×1 convolution. Every convolution is followed by ELU.
 */
function inceptionBlock(input: tf.SymbolicTensor, prefix: string, filters: number, seed: number): tf.SymbolicTensor {
  const elu = 'elu' as const;
  const b1 = conv(input, { name: `${prefix}_b1x1`, filters, kernelSize: 1, padding: 'same', activation: elu }, seed);
  const b3 = conv(input, { name: `${prefix}_b3x3`, filters, kernelSize: 3, padding: 'same', activation: elu }, seed);
  const b5a = conv(input, { name: `${prefix}_b5x5a`, filters, kernelSize: 3, padding: 'same', activation: elu }, seed);
  const b5 = conv(b5a, { name: `${prefix}_b5x5b`, filters, kernelSize: 3, padding: 'same', activation: elu }, seed);
  const merged = concatChannels(`${prefix}_concat`, [b1, b3, b5]);
  return conv(merged, { name: `${prefix}_mix1x1`, filters, kernelSize: 1, padding: 'same', activation: elu }, seed);
}

/**
 * Builds the block model: input [batch, height, width, channels] → output [batch, height, width, 1].
 *
 * Wiring (B = blocks, F = filters; sizes for a side of s):
 * 1. `crop`: crop 1 pixel from every edge (s − 2), so each "4×4 stride-2 valid" step halves exactly.
 * 2. Encoder level r = 1..B: inception block with F·r filters, then `downR_conv` 4×4 stride 2 valid
 *    with F·r filters and ELU (s → s/2 − 1). Its output is level r's skip.
 * 3. Decoder level d = B..1: input is the level-B output (d = B) or the concatenation of level d's
 *    skip with the up-sampled features; inception block with F·d filters; `upD_convT` 4×4 stride 2
 *    valid transposed conv with F·d filters and ELU (s → 2s + 2, the exact inverse of step 2).
 * 4. `pad`: zero-pad 1 pixel on every edge back to the input size; two 3×3 `clean` convs (F, ELU).
 * 5. `output_conv1`: 1×1 conv to one channel, sigmoid (masks) or linear (intensities).
 * With F = 16 and B = 2 that is 120,993 parameters. He-normal kernels (seeded per layer), zero biases.
 * Sides must be multiples of 2^B and at least 4·2^B. The caller owns the returned model.
 */
export function buildBlockModel(config: BlockModelConfig): tf.LayersModel {
  const name = config.name ?? 'model_blocks';
  const channels = config.channels ?? 1;
  const filters = config.filters ?? 16;
  const blocks = config.blocks ?? 2;
  const output = config.output ?? 'sigmoid';
  assertPositiveInteger('blocks', blocks, name);
  assertPositiveInteger('filters', filters, name);
  assertPositiveInteger('channels', channels, name);
  assertSeed(config.seed, name);
  const divisor = 2 ** blocks;
  for (const [what, side] of [['height', config.height], ['width', config.width]] as const) {
    assertImageSide(what, side, divisor, name);
    if (side < 4 * divisor) {
      throw new SettingsError(
        `Expected ${what} of ${name} to be at least ${4 * divisor} pixels for ${blocks} blocks, but got ${side}.`,
        'Use larger slices or fewer blocks: every block halves the image.',
      );
    }
  }
  if (output !== 'sigmoid' && output !== 'linear') {
    throw new SettingsError(`Expected the output of ${name} to be 'sigmoid' or 'linear', but got '${String(output)}'.`, "Use 'sigmoid' for masks and 'linear' for intensities.");
  }
  const seed = config.seed;
  const elu = 'elu' as const;

  const input = tf.input({ shape: [config.height, config.width, channels], name: 'input' });
  let x = applyTo(tf.layers.cropping2D({ name: 'crop', cropping: [[1, 1], [1, 1]] }), input);
  const skips: tf.SymbolicTensor[] = [];
  for (let r = 1; r <= blocks; r++) {
    x = inceptionBlock(x, `enc${r}`, filters * r, seed);
    x = conv(x, { name: `down${r}_conv`, filters: filters * r, kernelSize: 4, strides: 2, padding: 'valid', activation: elu }, seed);
    skips.push(x);
  }
  for (let d = blocks; d >= 1; d--) {
    if (d < blocks) x = concatChannels(`skip${d}_concat`, [skips[d - 1], x]);
    x = inceptionBlock(x, `dec${d}`, filters * d, seed);
    x = conv(x, { name: `up${d}_convT`, filters: filters * d, kernelSize: 4, strides: 2, padding: 'valid', activation: elu, transpose: true }, seed);
  }
  x = applyTo(tf.layers.zeroPadding2d({ name: 'pad', padding: 1 }), x);
  x = conv(x, { name: 'clean_conv_a', filters, kernelSize: 3, padding: 'same', activation: elu }, seed);
  x = conv(x, { name: 'clean_conv_b', filters, kernelSize: 3, padding: 'same', activation: elu }, seed);
  const out = conv(x, { name: 'output_conv1', filters: 1, kernelSize: 1, padding: 'same', activation: output }, seed);
  return tf.model({ inputs: input, outputs: out, name });
}
