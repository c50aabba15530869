import { describe, expect, it } from 'vitest';
import {
  CT_WINDOWS, absoluteDifferenceImage, contourOf, errorMap, overlayPrediction, percentileRange,
  sequentialColor, toGreyRgba, windowToRange, PALETTE,
} from '../../../src/lib/render';

describe('grey images', () => {
  it('maps the range ends to black and white and clamps outside', () => {
    const img = toGreyRgba([-1000, 0, 1000, 5000], 2, 2, { min: -1000, max: 1000 });
    expect(Array.from(img.rgba.filter((_, i) => i % 4 === 0))).toEqual([0, 128, 255, 255]);
    expect(img.rgba[3]).toBe(255);
  });
  it('turns a CT window into a grey range', () => {
    expect(windowToRange(CT_WINDOWS.lung)).toEqual({ min: -1350, max: 150 });
    expect(windowToRange(CT_WINDOWS.mediastinum)).toEqual({ min: -160, max: 240 });
  });
  it('rejects too few values', () => {
    expect(() => toGreyRgba([1, 2, 3], 2, 2, { min: 0, max: 1 })).toThrow(/Expected 4 values/);
  });
  it('finds a robust range that ignores a single outlier', () => {
    const values = Array.from({ length: 1000 }, (_, i) => i / 999);
    values[0] = -1e6;
    const r = percentileRange(values);
    expect(r.min).toBeGreaterThan(0);
    expect(r.max).toBeLessThan(1);
  });
});

describe('overlays', () => {
  const base = toGreyRgba(new Float32Array(9), 3, 3, { min: 0, max: 1 });
  it('finds the outline of a filled square', () => {
    const mask = [1, 1, 1, 1, 1, 1, 1, 1, 1];
    expect(Array.from(contourOf(mask, 3, 3))).toEqual([1, 1, 1, 1, 0, 1, 1, 1, 1]);
  });
  it('fills only pixels above the threshold', () => {
    const out = overlayPrediction(base, [0, 0.51, 0.5, 0, 0, 0, 0, 0, 1], { threshold: 0.5, opacity: 1 });
    expect(Array.from(out.rgba.slice(4, 7))).toEqual([...PALETTE.prediction]);
    expect(Array.from(out.rgba.slice(8, 11))).toEqual([0, 0, 0]);
    expect(base.rgba[4]).toBe(0); // input untouched
  });
  it('counts and colours true and false positives and negatives', () => {
    const truth = [1, 1, 0, 0, 0, 0, 0, 0, 0];
    const prob = [0.9, 0.1, 0.8, 0, 0, 0, 0, 0, 0];
    const { image, counts } = errorMap(base, truth, prob, 0.5, 1);
    expect(counts).toEqual({ truePositive: 1, falsePositive: 1, falseNegative: 1, trueNegative: 6 });
    expect(Array.from(image.rgba.slice(0, 3))).toEqual([...PALETTE.truePositive]);
    expect(Array.from(image.rgba.slice(4, 7))).toEqual([...PALETTE.falseNegative]);
    expect(Array.from(image.rgba.slice(8, 11))).toEqual([...PALETTE.falsePositive]);
  });
  it('colours absolute differences on a fixed scale', () => {
    const img = absoluteDifferenceImage([0, 0], [0, 0.5], 2, 1, 0.5);
    expect(Array.from(img.rgba.slice(0, 3))).toEqual([...sequentialColor(0)]);
    expect(Array.from(img.rgba.slice(4, 7))).toEqual([...sequentialColor(1)]);
    expect(sequentialColor(2)).toEqual(sequentialColor(1));
  });
});
