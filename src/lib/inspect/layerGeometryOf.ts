import type * as tf from '@tensorflow/tfjs';
import { ShapeError } from '../errors';
import { samePaddingBefore, type AxisGeometry, type LayerGeometry } from './layerGeometry';

type Shape = (number | null)[];
type Pair = [number, number];

/** Layers that keep every pixel where it is (they may mix channels or inputs, never positions). */
const POINTWISE = new Set(['Concatenate', 'Add', 'Multiply', 'Average', 'Maximum', 'Minimum', 'Activation', 'ReLU', 'ELU', 'LeakyReLU', 'Softmax',
  'BatchNormalization', 'LayerNormalization', 'Dropout', 'SpatialDropout2D', 'GaussianNoise', 'GaussianDropout']);

const pair = (value: unknown): Pair => Array.isArray(value) ? [Number(value[0]), Number(value[1] ?? value[0])] : [Number(value), Number(value)];
const spatial = (shape: Shape): Pair => [shape[1] ?? 0, shape[2] ?? 0];

/** The geometry of one layer from its class, its configuration and its input and output sizes. */
function axesOf(className: string, config: Record<string, unknown>, inSize: Pair, outSize: Pair, name: string): [AxisGeometry, AxisGeometry] {
  const axis = (a: 0 | 1, g: Omit<AxisGeometry, 'inSize' | 'outSize'>): AxisGeometry => ({ ...g, inSize: inSize[a], outSize: outSize[a] });
  const both = (make: (a: 0 | 1) => Omit<AxisGeometry, 'inSize' | 'outSize'>): [AxisGeometry, AxisGeometry] => [axis(0, make(0)), axis(1, make(1))];
  if (POINTWISE.has(className)) return both(() => ({ transposed: false, span: 1, stride: 1, before: 0 }));
  if (className === 'ZeroPadding2D' || className === 'Cropping2D') {
    const amounts = (className === 'ZeroPadding2D' ? config.padding : config.cropping) as unknown;
    const rows = Array.isArray(amounts) && Array.isArray(amounts[0]) ? pair(amounts[0]) : pair(amounts);
    const columns = Array.isArray(amounts) && Array.isArray(amounts[1]) ? pair(amounts[1]) : pair(Array.isArray(amounts) ? amounts[1] ?? amounts[0] : amounts);
    const sign = className === 'ZeroPadding2D' ? 1 : -1;
    return both((a) => ({ transposed: false, span: 1, stride: 1, before: sign * (a === 0 ? rows : columns)[0] }));
  }
  if (className === 'UpSampling2D') {
    const size = pair(config.size);
    return both((a) => ({ transposed: true, span: size[a], stride: size[a], before: 0 }));
  }
  const isConv = className === 'Conv2D' || className === 'Conv2DTranspose' || className === 'DepthwiseConv2D' || className === 'SeparableConv2D';
  const isPool = className === 'MaxPooling2D' || className === 'AveragePooling2D';
  if (!isConv && !isPool) {
    throw new ShapeError(`The receptive field of layer ${name} (${className}) is not known.`, 'Look inside models built from convolutions, pooling, padding, cropping, up-sampling and merges.');
  }
  const kernel = pair(isConv ? config.kernelSize : config.poolSize);
  const strides = pair(config.strides ?? kernel);
  const dilation = pair(config.dilationRate ?? 1);
  const transposed = className === 'Conv2DTranspose';
  return both((a) => {
    const span = (kernel[a] - 1) * dilation[a] + 1;
    const stride = strides[a];
    // A transposed convolution undoes a convolution from its output size to its input size: that one's padding.
    const before = config.padding !== 'same' ? 0 : samePaddingBefore({ inSize: transposed ? outSize[a] : inSize[a], span, stride });
    return { transposed, span, stride, before };
  });
}

/**
 * The geometry of every layer of a functional model with one input and one output, in the model's
 * (topological) order, read from the layers' configurations and shapes: no tensors are touched.
 */
export function layerGeometryOf(model: tf.LayersModel): LayerGeometry[] {
  return model.layers.map((layer) => {
    const node = layer.inboundNodes[0];
    const inputs = node.inboundLayers.map((l) => l.name);
    if (inputs.length === 0) return { name: layer.name, inputs, axes: null };
    const inShape = (Array.isArray(node.inputShapes[0]) ? node.inputShapes[0] : node.inputShapes) as Shape;
    const outShape = (Array.isArray(node.outputShapes[0]) ? node.outputShapes[0] : node.outputShapes) as Shape;
    const config = layer.getConfig() as Record<string, unknown>;
    return { name: layer.name, inputs, axes: axesOf(layer.getClassName(), config, spatial(inShape), spatial(outShape), layer.name) };
  });
}
