/**
 * Feature maps as the page receives them: each channel of a layer's output, min–max scaled to bytes,
 * channel after channel. Pure array code, so the scaling and the memory it takes are tested without a model.
 */

/** Where a layer sits in an encoder-decoder, judged from its output's size along the network. */
export type FeatureStage = 'encoder' | 'bottleneck' | 'decoder' | 'output';

/** One convolutional layer's channels at one moment: `pixels` is [channels, height, width] bytes, 0 at each channel's min, 255 at its max. */
export interface FeatureMapLayer {
  name: string;
  stage: FeatureStage;
  /** True when the layer's output is also carried across by a skip connection (it feeds a concatenation). */
  skip: boolean;
  channels: number;
  /** Size of the thumbnails (at most 32×32) and of the layer's own output. */
  height: number;
  width: number;
  sourceHeight: number;
  sourceWidth: number;
  pixels: Uint8Array;
  /** Each channel's value range before scaling (the downsampled values'). */
  min: number[];
  max: number[];
}

/**
 * Scales `values` ([height, width, channels] row-major, channels last as tfjs holds them) to bytes per
 * channel: a new [channels, height, width] array; a constant channel comes out all 0 with min = max.
 */
export function toChannelBytes(values: ArrayLike<number>, height: number, width: number, channels: number): { pixels: Uint8Array; min: number[]; max: number[] } {
  const plane = height * width;
  if (values.length !== plane * channels) throw new RangeError(`Expected ${plane * channels} values for [${height}, ${width}, ${channels}], but got ${values.length}.`);
  const min = new Array<number>(channels).fill(Infinity);
  const max = new Array<number>(channels).fill(-Infinity);
  for (let p = 0; p < plane; p++) {
    for (let c = 0; c < channels; c++) {
      const v = values[p * channels + c];
      if (v < min[c]) min[c] = v;
      if (v > max[c]) max[c] = v;
    }
  }
  const pixels = new Uint8Array(plane * channels);
  for (let c = 0; c < channels; c++) {
    const span = max[c] - min[c];
    const scale = span > 0 ? 255 / span : 0;
    for (let p = 0; p < plane; p++) pixels[c * plane + p] = Math.round((values[p * channels + c] - min[c]) * scale);
  }
  return { pixels, min, max };
}

/** The pooling factor that brings a side of `side` pixels to at most `limit` (1 when it already fits). */
export function poolFactor(side: number, limit = 32): number {
  return Math.max(1, Math.ceil(side / limit));
}

/** Bytes one snapshot of these layers keeps: its thumbnails plus two float64 numbers per channel for the ranges. */
export function snapshotBytes(layers: readonly Pick<FeatureMapLayer, 'channels' | 'height' | 'width'>[]): number {
  return layers.reduce((sum, l) => sum + l.channels * (l.height * l.width + 16), 0);
}

/**
 * Stages from output sizes along the network: the layers at the smallest size are the bottleneck, those
 * before it the encoder, those after it the decoder, and the last layer the output.
 */
export function stagesOf(sides: readonly number[]): FeatureStage[] {
  const smallest = Math.min(...sides);
  const first = sides.indexOf(smallest);
  const last = sides.lastIndexOf(smallest);
  return sides.map((_, i) => (i === sides.length - 1 ? 'output' : i < first ? 'encoder' : i <= last ? 'bottleneck' : 'decoder'));
}
