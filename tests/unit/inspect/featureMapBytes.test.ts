import { describe, expect, it } from 'vitest';
import { poolFactor, snapshotBytes, stagesOf, toChannelBytes } from '../../../src/lib/inspect/featureMapBytes';
import { createFeatureMapHistory } from '../../../src/lib/inspect/featureMapHistory';
import type { FeatureMapLayer } from '../../../src/lib/inspect/featureMapBytes';

describe('feature maps as bytes', () => {
  it('scales each channel from its own min (0) to its own max (255), channel after channel', () => {
    // [height 1, width 3, channels 2], channels last: channel 0 is 1, 2, 3; channel 1 is −10, 0, 10.
    const { pixels, min, max } = toChannelBytes([1, -10, 2, 0, 3, 10], 1, 3, 2);
    expect([...pixels]).toEqual([0, 128, 255, 0, 128, 255]);
    expect(min).toEqual([1, -10]);
    expect(max).toEqual([3, 10]);
  });

  it('gives a constant channel all zeros with min equal to max, and refuses a wrong length', () => {
    const { pixels, min, max } = toChannelBytes([5, 5, 5, 5], 2, 2, 1);
    expect([...pixels]).toEqual([0, 0, 0, 0]);
    expect(min[0]).toBe(max[0]);
    expect(() => toChannelBytes([1, 2, 3], 2, 2, 1)).toThrow(/Expected 4 values/);
  });

  it('pools sides down to at most 32 pixels', () => {
    expect([16, 32, 33, 64, 66, 128, 130].map((s) => [s, poolFactor(s)])).toEqual([[16, 1], [32, 1], [33, 2], [64, 2], [66, 3], [128, 4], [130, 5]]);
    for (const side of [16, 33, 66, 128, 130, 256]) expect(Math.ceil(side / poolFactor(side))).toBeLessThanOrEqual(32);
  });

  it('calls the smallest layers the bottleneck, what comes before the encoder, after it the decoder, the last the output', () => {
    expect(stagesOf([128, 64, 32, 32, 66, 128, 128])).toEqual(['encoder', 'encoder', 'bottleneck', 'bottleneck', 'decoder', 'decoder', 'output']);
  });
});

const layer = (channels: number): FeatureMapLayer => ({
  name: 'l', stage: 'encoder', skip: false, channels, height: 32, width: 32, sourceHeight: 128, sourceWidth: 128,
  pixels: new Uint8Array(channels * 1024), min: new Array<number>(channels).fill(0), max: new Array<number>(channels).fill(1),
});

describe('the feature-map history', () => {
  it('keeps every epoch while under the cap', () => {
    const history = createFeatureMapHistory({ maxBytes: 10 * snapshotBytes([layer(4)]) });
    for (let epoch = 0; epoch < 10; epoch++) history.add({ epoch, layers: [layer(4)], costMs: epoch });
    expect(history.epochs()).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(history.bytes()).toBe(10 * 4 * (1024 + 16));
    expect(history.meanCostMs()).toBe(4.5);
    expect(history.at(3)?.epoch).toBe(3);
  });

  it('thins evenly when full, never above the cap, always keeping the first and the newest epoch', () => {
    const cap = 8 * snapshotBytes([layer(4)]);
    const history = createFeatureMapHistory({ maxBytes: cap });
    for (let epoch = 0; epoch < 25; epoch++) {
      history.add({ epoch, layers: [layer(4)], costMs: 1 });
      expect(history.bytes()).toBeLessThanOrEqual(cap);
      expect(history.epochs()[0]).toBe(0);
      expect(history.epochs().at(-1)).toBe(epoch);
    }
    const kept = history.epochs();
    expect(kept.length).toBeGreaterThanOrEqual(4);
    // Evenly thinned: every gap is the same stride, except that to the newest epoch.
    expect(kept).toEqual([0, 4, 8, 12, 16, 20, 24]);
    history.clear();
    expect(history.epochs()).toEqual([]);
    expect(history.meanCostMs()).toBeNull();
  });
});
