import * as tf from '@tensorflow/tfjs';
import { ShapeError } from '../errors';
import { poolFactor, stagesOf, toChannelBytes, type FeatureMapLayer } from './featureMapBytes';

export type { FeatureMapLayer, FeatureStage } from './featureMapBytes';

const CONV_CLASSES = new Set(['Conv2D', 'Conv2DTranspose', 'SeparableConv2D', 'DepthwiseConv2D']);

/** The largest side of a thumbnail: a layer's output is average-pooled down to this. */
export const THUMBNAIL_SIDE = 32;

/** The model's convolutional layers in order, each with whether its output is carried across by a skip connection. */
export function convLayersOf(model: tf.LayersModel): { layer: tf.layers.Layer; skip: boolean }[] {
  return model.layers
    .filter((layer) => CONV_CLASSES.has(layer.getClassName()))
    .map((layer) => ({
      layer,
      // A skip's source feeds both the next layer and a concatenation further on (the decoder's own input to it feeds only the concatenation).
      skip: layer.outboundNodes.length > 1 && layer.outboundNodes.some((node) => node.outboundLayer?.getClassName() === 'Concatenate'),
    }));
}

// One probe per model: a multi-output view of its conv layers (it owns no weights, so it is never disposed).
const probes = new WeakMap<tf.LayersModel, { probe: tf.LayersModel; layers: { layer: tf.layers.Layer; skip: boolean }[] }>();

function probeOf(model: tf.LayersModel) {
  let known = probes.get(model);
  if (!known) {
    const layers = convLayersOf(model);
    if (layers.length === 0) throw new ShapeError(`The model ${model.name} has no convolutional layers to show.`, 'Feature maps need a convolutional network such as the lesson models.');
    const probe = tf.model({ inputs: model.inputs, outputs: layers.map(({ layer }) => layer.output as tf.SymbolicTensor) });
    known = { probe, layers };
    probes.set(model, known);
  }
  return known;
}

/**
 * Every convolutional layer's output for one input slice ([height, width], normalised as the model
 * trained), from one multi-output pass: each channel average-pooled to at most 32×32 and scaled to bytes
 * (see toChannelBytes). Launches the pass synchronously, so the maps show the weights as they are at
 * the call even when awaited later; disposes every tensor it makes. The arrays are new. `busyMs` is the time
 * the thread spent on it (the pass and the scaling, not the wait for the read-back, in which a run goes on).
 */
export async function computeFeatureMaps(model: tf.LayersModel, slice: Float32Array, height: number, width: number): Promise<{ layers: FeatureMapLayer[]; busyMs: number }> {
  const started = performance.now();
  const { probe, layers } = probeOf(model);
  const pooled = tf.tidy(() => {
    const raw = probe.predict(tf.tensor4d(slice, [1, height, width, 1]));
    const outputs = Array.isArray(raw) ? raw : [raw];
    return outputs.map((out) => {
      const [, h, w] = out.shape;
      const f = poolFactor(Math.max(h, w), THUMBNAIL_SIDE);
      // 'same' keeps the edge pixels of sides that are not a multiple of f (e.g. 66 → 22).
      return { out: f > 1 ? tf.avgPool(out as tf.Tensor4D, f, f, 'same') : out, h, w };
    });
  });
  const launchMs = performance.now() - started;
  try {
    const values = await Promise.all(pooled.map((p) => p.out.data()));
    const scaling = performance.now();
    const sides = pooled.map((p) => Math.max(p.h, p.w));
    const stages = stagesOf(sides);
    const result = pooled.map(({ out, h, w }, i): FeatureMapLayer => {
      const [, ph, pw, channels] = out.shape;
      return {
        name: layers[i].layer.name, stage: stages[i], skip: layers[i].skip, channels,
        height: ph, width: pw, sourceHeight: h, sourceWidth: w,
        ...toChannelBytes(values[i], ph, pw, channels),
      };
    });
    return { layers: result, busyMs: launchMs + performance.now() - scaling };
  } finally {
    tf.dispose(pooled.map((p) => p.out));
  }
}
