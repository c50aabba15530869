/** Pictures and words for the feature-map view: plain data in, RGBA and strings out (no TensorFlow.js). */
import type { RgbaImage } from '../../../lib/render/grey';
import type { FeatureMapLayer, FeatureMapRecord } from '../../../lib/engine/protocol';
import { formatBytes } from '../../../lib/format';

/** One channel of a layer as a grey picture: its bytes are already min–max scaled (0 black, 255 white). */
export function channelImage(layer: FeatureMapLayer, channel: number): RgbaImage {
  const plane = layer.height * layer.width;
  const rgba = new Uint8ClampedArray(plane * 4);
  for (let p = 0; p < plane; p++) {
    const g = layer.pixels[channel * plane + p];
    rgba.set([g, g, g, 255], p * 4);
  }
  return { width: layer.width, height: layer.height, rgba };
}

const STAGE_WORDS = { encoder: 'encoder', bottleneck: 'bottleneck', decoder: 'decoder', output: 'output' } as const;

/** "enc1_conv20 · encoder, skip source · 20 channels at 128×128": a row's heading. */
export function layerHeading(layer: FeatureMapLayer): string {
  const role = `${STAGE_WORDS[layer.stage]}${layer.skip ? ', carried by a skip' : ''}`;
  return `${layer.name} · ${role} · ${layer.channels} channel${layer.channels === 1 ? '' : 's'} at ${layer.sourceHeight}×${layer.sourceWidth}`;
}

/** A value range with enough digits to tell small ranges apart. */
export function rangeText(min: number, max: number): string {
  const span = Math.abs(max - min);
  const digits = span === 0 ? 2 : Math.min(6, Math.max(2, 1 - Math.floor(Math.log10(span))));
  return `${min.toFixed(digits)} to ${max.toFixed(digits)}`;
}

/** What recording costs and keeps, in one sentence (null before anything was recorded). */
export function costSentence(record: FeatureMapRecord): string | null {
  if (record.meanCostMs === null || record.meanEpochMs === null || record.epochs.length === 0) return null;
  const share = (100 * record.meanCostMs) / record.meanEpochMs;
  return `Recording took ${Math.round(record.meanCostMs)} ms after each epoch (${share < 0.1 ? 'under 0.1' : share.toFixed(1)} % of an epoch of ${(record.meanEpochMs / 1000).toFixed(1)} s); `
    + `the ${record.epochs.length} epoch${record.epochs.length === 1 ? '' : 's'} kept take ${formatBytes(record.bytes)} of the ${formatBytes(record.maxBytes)} cap.`;
}
