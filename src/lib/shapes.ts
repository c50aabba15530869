import { SettingsError } from './errors';

/** One spatial layer as the shape calculator and the lesson's size formulas see it. */
export type SpatialLayer =
  | { kind: 'conv'; kernel: number; stride: number; padding: 'same' | 'valid' }
  | { kind: 'convTranspose'; kernel: number; stride: number; padding: 'same' | 'valid' }
  | { kind: 'zeroPad'; pad: number };

/**
 * Output size of one layer along one axis, as Keras/TensorFlow.js compute it:
 * conv valid ⌊(i − k)/s⌋ + 1, conv same ⌈i/s⌉, transposed valid (i − 1)·s + k, transposed same i·s,
 * zero padding i + 2p.
 */
export function outputSize(input: number, layer: SpatialLayer): number {
  if (!Number.isInteger(input) || input < 1) throw new SettingsError(`Expected a positive whole input size, but got ${input}.`);
  switch (layer.kind) {
    case 'zeroPad':
      return input + 2 * layer.pad;
    case 'conv': {
      assertKernel(layer.kernel, layer.stride);
      if (layer.padding === 'same') return Math.ceil(input / layer.stride);
      if (layer.kernel > input) throw new SettingsError(`A ${layer.kernel}×${layer.kernel} valid convolution needs an input of at least ${layer.kernel} pixels, but got ${input}.`, 'Pad the input first or use a smaller kernel.');
      return Math.floor((input - layer.kernel) / layer.stride) + 1;
    }
    case 'convTranspose':
      assertKernel(layer.kernel, layer.stride);
      return layer.padding === 'same' ? input * layer.stride : (input - 1) * layer.stride + layer.kernel;
  }
}

function assertKernel(kernel: number, stride: number): void {
  if (!Number.isInteger(kernel) || kernel < 1) throw new SettingsError(`Expected a kernel size of 1 or more, but got ${kernel}.`);
  if (!Number.isInteger(stride) || stride < 1) throw new SettingsError(`Expected a stride of 1 or more, but got ${stride}.`);
}

/** Sizes after each layer of a chain, starting with the input size. */
export function sizeChain(input: number, layers: SpatialLayer[]): number[] {
  const sizes = [input];
  for (const layer of layers) sizes.push(outputSize(sizes[sizes.length - 1], layer));
  return sizes;
}

/** Human-readable formula for one layer's output size, e.g. "⌊(130 − 4) / 2⌋ + 1 = 64". */
export function describeOutputSize(input: number, layer: SpatialLayer): string {
  const o = outputSize(input, layer);
  switch (layer.kind) {
    case 'zeroPad':
      return `${input} + 2·${layer.pad} = ${o}`;
    case 'conv':
      return layer.padding === 'same'
        ? `⌈${input} / ${layer.stride}⌉ = ${o}`
        : `⌊(${input} − ${layer.kernel}) / ${layer.stride}⌋ + 1 = ${o}`;
    case 'convTranspose':
      return layer.padding === 'same'
        ? `${input} · ${layer.stride} = ${o}`
        : `(${input} − 1) · ${layer.stride} + ${layer.kernel} = ${o}`;
  }
}
