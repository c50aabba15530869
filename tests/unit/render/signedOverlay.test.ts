import { describe, expect, it } from 'vitest';
import { maxAbs, paintMask, signedOverlay, SIGNED_COLOURS } from '../../../src/lib/render/signedOverlay';
import { toGreyRgba } from '../../../src/lib/render/grey';

describe('signedOverlay', () => {
  const base = toGreyRgba([0, 0.5, 1, 0.5], 2, 2, { min: 0, max: 1 });

  it('leaves zero alone and colours the strongest values fully by their sign', () => {
    const out = signedOverlay(base, [0, 2, -2, 1], { opacity: 1 });
    expect(Array.from(out.rgba.slice(0, 4))).toEqual(Array.from(base.rgba.slice(0, 4)));
    expect(Array.from(out.rgba.slice(4, 7))).toEqual([...SIGNED_COLOURS.positive]);
    expect(Array.from(out.rgba.slice(8, 11))).toEqual([...SIGNED_COLOURS.negative]);
    // Half the scale: halfway between the grey and the colour.
    const grey = base.rgba[12];
    expect(out.rgba[12]).toBe(Math.round(grey * 0.5 + SIGNED_COLOURS.positive[0] * 0.5));
    // The input picture is not changed.
    expect(base.rgba[4]).toBe(base.rgba[5]);
  });

  it('draws nothing over an all-zero map, and measures the largest magnitude', () => {
    expect(Array.from(signedOverlay(base, [0, 0, 0, 0]).rgba)).toEqual(Array.from(base.rgba));
    expect(maxAbs([0.5, -3, Number.NaN, 2])).toBe(3);
  });

  it('paints only the masked pixels', () => {
    const out = paintMask(base, [0, 1, 0, 0], [255, 0, 0], 1);
    expect(Array.from(out.rgba.slice(4, 7))).toEqual([255, 0, 0]);
    expect(Array.from(out.rgba.slice(8, 16))).toEqual(Array.from(base.rgba.slice(8, 16)));
  });
});
