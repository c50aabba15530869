import { describe, expect, it } from 'vitest';
import { agreementSentences, maxOf, rampImage } from '../../../../src/components/lab/inside/UncertaintySummary';
import { channelImage, costSentence, layerHeading, rangeText } from '../../../../src/components/lab/inside/featureMapsImages';
import { rankCorrelation } from '../../../../src/lib/inspect/rankCorrelation';
import { sequentialColor } from '../../../../src/lib/render/colormap';
import type { FeatureMapLayer } from '../../../../src/lib/engine/protocol';

describe('the uncertainty view in words', () => {
  it('says they mostly agree, naming no slice, when spread and error order the slices alike', () => {
    const spread = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6];
    const error = [1, 2, 3, 4, 5, 6];
    const sentences = agreementSentences(spread, error, rankCorrelation(spread, error));
    expect(sentences).toEqual(['Rank correlation between per-slice uncertainty and error: ρ = 1.00. They mostly agree: the slices the model is least sure about are largely those it gets most wrong.']);
  });

  it('names the slice that is wrong without being unsure, and the one unsure yet right', () => {
    // Slice 1 (index 0) has the largest error and the smallest spread; slice 8 the largest spread and the smallest error.
    const spread = [0.01, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.9];
    const error = [9, 2, 3, 4, 5, 6, 7, 0.5];
    const sentences = agreementSentences(spread, error, rankCorrelation(spread, error));
    expect(sentences[0]).toMatch(/ρ = -?0\.\d\d\. They (hardly agree|disagree)/);
    expect(sentences[1]).toBe('Slice 1 has the 1st largest error but only the 8th largest spread: wrong without being unsure, which flips and shifts cannot reveal.');
    expect(sentences[2]).toBe('Slice 8 has the 1st largest spread but only the 8th largest error: unsure, yet right.');
  });

  it('says so when there is nothing to compare', () => {
    expect(agreementSentences([1, 2], [1, 2], null)).toEqual(['Too few slices (or all alike) to compare uncertainty with error.']);
  });

  it('paints 0 dark and the maximum pale on the error ramp', () => {
    const image = rampImage([0, 0.5, 1], 3, 1, 1);
    expect([...image.rgba.slice(0, 3)]).toEqual([...sequentialColor(0)]);
    expect([...image.rgba.slice(8, 11)]).toEqual([...sequentialColor(1)]);
    expect(maxOf([0.2, 3, 1])).toBe(3);
    expect(maxOf([])).toBe(0);
  });
});

describe('the feature-map view in words and pictures', () => {
  const layer: FeatureMapLayer = {
    name: 'enc1_conv20', stage: 'encoder', skip: true, channels: 2, height: 1, width: 2, sourceHeight: 128, sourceWidth: 128,
    pixels: Uint8Array.from([0, 255, 10, 20]), min: [0, -1], max: [1, 1],
  };

  it('draws a channel from its bytes as grey', () => {
    expect([...channelImage(layer, 1).rgba]).toEqual([10, 10, 10, 255, 20, 20, 20, 255]);
  });

  it('heads a row with the layer, its role and its size, and prints ranges with enough digits', () => {
    expect(layerHeading(layer)).toBe('enc1_conv20 · encoder, carried by a skip · 2 channels at 128×128');
    expect(rangeText(0, 1.5)).toBe('0.00 to 1.50');
    expect(rangeText(0.0012, 0.0019)).toBe('0.00120 to 0.00190');
  });

  it('says what recording cost, as a share of an epoch', () => {
    const record = { watching: { split: 'val' as const, index: 0 }, epochs: [0, 1], bytes: 2048, maxBytes: 16 * 1024 * 1024, meanCostMs: 30, meanEpochMs: 10_000 };
    expect(costSentence(record)).toBe('Recording took 30 ms after each epoch (0.3 % of an epoch of 10.0 s); the 2 epochs kept take 2.0 KiB of the 16.0 MiB cap.');
    expect(costSentence({ ...record, epochs: [], meanCostMs: null })).toBeNull();
  });
});
