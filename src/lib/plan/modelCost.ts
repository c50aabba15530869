/**
 * What each lesson model costs per step relative to the skip model the device speed is quoted for:
 * its forward multiply-adds per pixel, counted from the layers the builders in src/lib/models make
 * (a unit test builds the models and checks these counts). A training step is about three forward
 * passes of the same layers, so step time follows this count: measured in Node (wasm, one thread,
 * process CPU time, batch 16, models interleaved) the plain model took 0.85× the skip model's step
 * at 64² and 0.87× at 128², the block model 0.67× and 0.68×, where the counts give 0.88× and 0.65×.
 */
import type { ModelKind } from '../models/modelKinds';

/**
 * One convolution: kernel side, input and output channels, and the pixels it computes as a share
 * of the input image's (the output's for a convolution, the input's for a transposed one, whose
 * multiply-adds are per input pixel). Sizes lost by "valid" borders are ignored: a few per cent at 64².
 */
type Conv = readonly [kernel: number, inChannels: number, outChannels: number, share: number];

/** The encoder-decoder of lessons 1 and 2 (encoderDecoder.ts), with or without its skip connections. */
function encoderDecoderConvs(skips: boolean): Conv[] {
  const decoder: Conv[] = skips
    ? [[3, 80, 30, 1 / 4], [3, 30, 30, 1 / 4]]
    // Without skips the 3×3 layers after each doubling are transposed convolutions on fewer channels.
    : [[3, 40, 30, 1 / 4], [3, 30, 30, 1 / 4]];
  return [
    [3, 1, 10, 1], [3, 10, 20, 1],
    [4, 20, 30, 1 / 4], [3, 30, 30, 1 / 4], [3, 30, 40, 1 / 4],
    [4, 40, 40, 1 / 16], [3, 40, 50, 1 / 16], [3, 50, 50, 1 / 16],
    [4, 50, 40, 1 / 16], [3, 40, 40, 1 / 4],
    ...decoder,
    [4, 30, 20, 1 / 4], [3, 20, 20, 1],
    [3, skips ? 40 : 20, 10, 1], [3, 10, 10, 1],
    [1, 10, 1, 1],
  ];
}

/** An Inception-style block (blockModel.ts): 1×1, 3×3 and 3×3→3×3 branches mixed by a 1×1 convolution. */
function inceptionConvs(inChannels: number, filters: number, share: number): Conv[] {
  return [[1, inChannels, filters, share], [3, inChannels, filters, share], [3, inChannels, filters, share], [3, filters, filters, share], [1, 3 * filters, filters, share]];
}

/** The block model with its defaults (16 filters, 2 blocks), as blockModel.ts wires it. */
function blockModelConvs(filters = 16, blocks = 2): Conv[] {
  const convs: Conv[] = [];
  let channels = 1;
  for (let r = 1; r <= blocks; r++) {
    const share = 1 / 4 ** (r - 1);
    convs.push(...inceptionConvs(channels, filters * r, share), [4, filters * r, filters * r, share / 4]);
    channels = filters * r;
  }
  for (let d = blocks; d >= 1; d--) {
    const share = 1 / 4 ** d;
    // Below the deepest level the block reads the level's skip concatenated with the up-sampled features.
    const input = d < blocks ? filters * d + channels : channels;
    convs.push(...inceptionConvs(input, filters * d, share), [4, filters * d, filters * d, share]);
    channels = filters * d;
  }
  return [...convs, [3, channels, filters, 1], [3, filters, filters, 1], [1, filters, 1, 1]];
}

const macsOf = (convs: Conv[]) => convs.reduce((sum, [k, ci, co, share]) => sum + k * k * ci * co * share, 0);

/** Forward multiply-adds per input pixel of each lesson model (the skip model: 36,681.25). */
export const FORWARD_MACS_PER_PIXEL: Readonly<Record<ModelKind, number>> = {
  plain: macsOf(encoderDecoderConvs(false)),
  skip: macsOf(encoderDecoderConvs(true)),
  block: macsOf(blockModelConvs()),
};

/** How long a step of `model` takes against one of the skip model on the same images (plain ≈ 0.88, block ≈ 0.65). */
export function modelCostFactor(model: ModelKind): number {
  return FORWARD_MACS_PER_PIXEL[model] / FORWARD_MACS_PER_PIXEL.skip;
}
