import type * as tf from '@tensorflow/tfjs';
import { SettingsError } from '../errors';

/** What is switched off in a forward pass: skip connections (by id, see skipConnectionsOf) and channels of one layer's output. */
export interface Knockout {
  skips?: string[];
  channels?: { layer: string; indices: number[] };
}

/** A skip connection: a layer's output that also travels, past the layers in between, straight into a merge layer. */
export interface SkipConnection {
  /** `from>to`, the id a Knockout names it by. */
  id: string;
  from: string;
  to: string;
}

/** A layer whose output channels can be knocked out: its name and its channel count. */
export interface ChannelLayer {
  name: string;
  channels: number;
}

const MERGES = new Set(['Concatenate', 'Add', 'Multiply', 'Average', 'Maximum', 'Minimum']);

/**
 * The skip connections of a functional model: the inputs of a merge layer that come from a layer whose
 * output is also read elsewhere (the encoder's features that jump to the decoder). Model order.
 */
export function skipConnectionsOf(model: tf.LayersModel): SkipConnection[] {
  const readers = new Map<string, number>();
  for (const layer of model.layers) for (const from of layer.inboundNodes[0].inboundLayers) readers.set(from.name, (readers.get(from.name) ?? 0) + 1);
  return model.layers
    .filter((layer) => MERGES.has(layer.getClassName()))
    .flatMap((layer) => layer.inboundNodes[0].inboundLayers
      .filter((from) => (readers.get(from.name) ?? 0) > 1)
      .map((from) => ({ id: `${from.name}>${layer.name}`, from: from.name, to: layer.name })));
}

/** The model's convolutions (and transposed convolutions) except its output layer, with their channel counts. Model order. */
export function channelLayersOf(model: tf.LayersModel): ChannelLayer[] {
  const output = model.outputLayers[0]?.name;
  return model.layers
    .filter((layer) => /^(Conv2D|Conv2DTranspose)$/.test(layer.getClassName()) && layer.name !== output)
    .map((layer) => ({ name: layer.name, channels: Number((layer.getConfig() as { filters: number }).filters) }));
}

/** Throws a SettingsError unless every skip and channel a knockout names exists in the model. */
export function assertKnockoutFits(model: tf.LayersModel, knockout: Knockout): void {
  const skips = new Set(skipConnectionsOf(model).map((s) => s.id));
  for (const id of knockout.skips ?? []) {
    if (!skips.has(id)) throw new SettingsError(`The model has no skip connection ${id}.`, `Its skip connections: ${[...skips].join(', ') || 'none'}.`);
  }
  if (!knockout.channels) return;
  const { layer, indices } = knockout.channels;
  const found = channelLayersOf(model).find((l) => l.name === layer);
  if (!found) throw new SettingsError(`The model has no convolution named ${layer}.`, 'Pick a layer the model lists.');
  for (const c of indices) {
    if (!Number.isInteger(c) || c < 0 || c >= found.channels) throw new SettingsError(`Expected channels of ${layer} from 0 to ${found.channels - 1}, but got ${String(c)}.`, 'Channels are 0-based.');
  }
}
