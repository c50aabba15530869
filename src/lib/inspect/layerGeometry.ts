/**
 * How each layer of a model maps positions on its input to positions on its output, as plain data (no
 * tensors): what the receptive field is computed from. One entry per axis (rows, columns).
 */

/** The geometry of one layer along one axis. */
export interface AxisGeometry {
  /**
   * false: output o reads inputs [o·stride − before, o·stride − before + span − 1] (convolution, pooling,
   * padding, cropping, pointwise); true: input i writes outputs [i·stride − before, i·stride − before + span − 1]
   * (transposed convolution, up-sampling).
   */
  transposed: boolean;
  /** The kernel's extent in input pixels: (kernel − 1)·dilation + 1; 1 for pointwise layers. */
  span: number;
  stride: number;
  /** Pixels of padding before the first input pixel (negative: cropping). */
  before: number;
  /** Length of this axis on the layer's inputs and on its output. */
  inSize: number;
  outSize: number;
}

/** One layer: its name, the layers it reads (in the model's order) and its geometry along rows and columns. */
export interface LayerGeometry {
  name: string;
  /** The layers whose outputs it reads; empty for the model's input. */
  inputs: string[];
  /** [rows, columns]; null for the model's input. */
  axes: [AxisGeometry, AxisGeometry] | null;
}

/** Padding before the first pixel of a 'same' convolution, as TensorFlow computes it (the extra pixel goes after). */
export function samePaddingBefore(options: { inSize: number; span: number; stride: number }): number {
  const { inSize, span, stride } = options;
  const outSize = Math.ceil(inSize / stride);
  return Math.floor(Math.max((outSize - 1) * stride + span - inSize, 0) / 2);
}
