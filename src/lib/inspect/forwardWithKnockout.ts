import * as tf from '@tensorflow/tfjs';
import type { Knockout } from './knockout';

/**
 * Runs `model` on `x` [batch, height, width, channels] layer by layer with its own (trained) weights, the
 * knocked-out skip connections reading zeros and the knocked-out channels of one layer set to zero for
 * every layer that reads it. Nothing is trained or changed: each layer is called eagerly on a masked copy.
 * Knocking out nothing gives the model's own prediction. Returns a new tensor (the caller disposes it);
 * intermediate activations are freed as soon as their last reader has run. Differentiable (used for
 * gradients of the input).
 */
export function forwardWithKnockout(model: tf.LayersModel, x: tf.Tensor, knockout: Knockout = {}): tf.Tensor {
  const skips = new Set(knockout.skips ?? []);
  const readers = new Map<string, number>();
  for (const layer of model.layers) for (const from of layer.inboundNodes[0].inboundLayers) readers.set(from.name, (readers.get(from.name) ?? 0) + 1);
  const outputName = model.outputLayers[0].name;
  const outputs = new Map<string, tf.Tensor>();
  const release = (name: string) => {
    const left = (readers.get(name) ?? 0) - 1;
    readers.set(name, left);
    const tensor = outputs.get(name);
    if (left <= 0 && tensor && tensor !== x && name !== outputName) {
      tensor.dispose();
      outputs.delete(name);
    }
  };
  try {
    for (const layer of model.layers) {
      const from = layer.inboundNodes[0].inboundLayers;
      if (from.length === 0) {
        outputs.set(layer.name, x);
        continue;
      }
      const out = tf.tidy(() => {
        const inputs = from.map((l) => {
          const value = outputs.get(l.name) as tf.Tensor;
          return skips.has(`${l.name}>${layer.name}`) ? tf.zerosLike(value) : value;
        });
        const y = layer.apply(inputs.length === 1 ? inputs[0] : inputs) as tf.Tensor;
        const off = knockout.channels?.layer === layer.name ? knockout.channels.indices : [];
        if (off.length === 0) return y;
        const channels = y.shape.at(-1) ?? 0;
        const keep = Array.from({ length: channels }, (_, c) => (off.includes(c) ? 0 : 1));
        return tf.mul(y, tf.tensor1d(keep));
      });
      outputs.set(layer.name, out);
      for (const l of from) release(l.name);
    }
    const result = outputs.get(outputName) as tf.Tensor;
    outputs.delete(outputName);
    return result;
  } finally {
    for (const [, tensor] of outputs) if (tensor !== x) tensor.dispose();
  }
}
