import { describe, expect, it } from 'vitest';
import { SettingsError } from '../../../src/lib/errors';
import { resampleSlices } from '../../../src/lib/volumes/resampleSlices';
import type { SliceStack } from '../../../src/lib/volumes/toAxialSlices';

function stack(count: number, height: number, width: number, value: (s: number, r: number, c: number) => number, rowSpacingMm = 1, columnSpacingMm = 1): SliceStack {
  const data = new Float32Array(count * height * width);
  for (let s = 0; s < count; s++) for (let r = 0; r < height; r++) for (let c = 0; c < width; c++) data[(s * height + r) * width + c] = value(s, r, c);
  return { count, height, width, data, rowSpacingMm, columnSpacingMm };
}

const pixel = (out: SliceStack, s: number, r: number, c: number) => out.data[(s * out.height + r) * out.width + c];

describe('resampleSlices', () => {
  it('returns the slices unchanged, pixel for pixel, at their own size and spacing', () => {
    const input = stack(2, 6, 6, (s, r, c) => s * 100 + r * 7.25 - c * 3.5);
    for (const interpolation of ['linear', 'nearest'] as const) {
      const out = resampleSlices(input, { size: 6, spacing: 1, interpolation });
      expect(Array.from(out.data)).toEqual(Array.from(input.data));
    }
  });

  it('pads a wide slice above and below with each slice’s minimum instead of stretching it', () => {
    const input = stack(2, 4, 8, (s, r, c) => (s === 0 ? -1000 : -50) + r * 8 + c + 1);
    const out = resampleSlices(input, { size: 8, interpolation: 'linear' });
    expect(out.rowSpacingMm).toBe(1);
    for (let s = 0; s < 2; s++) {
      const background = s === 0 ? -999 : -49;
      for (let c = 0; c < 8; c++) {
        for (const r of [0, 1, 6, 7]) expect(pixel(out, s, r, c)).toBe(background);
        for (let r = 2; r < 6; r++) expect(pixel(out, s, r, c)).toBe(pixel(input, s, r - 2, c));
      }
    }
  });

  it('keeps the aspect in millimetres: 2 mm rows become two 1 mm rows', () => {
    const input = stack(1, 4, 8, (_, r, c) => (r === 1 && c >= 2 && c < 4 ? 1 : 0), 2, 1);
    const out = resampleSlices(input, { size: 8, interpolation: 'nearest' });
    // The 2 mm × 2 mm square (one row, two columns) is 2 × 2 pixels at 1 mm: still square.
    const on: string[] = [];
    for (let r = 0; r < 8; r++) for (let c = 0; c < 8; c++) if (pixel(out, 0, r, c) === 1) on.push(`${r},${c}`);
    expect(on).toEqual(['2,2', '2,3', '3,2', '3,3']);
  });

  it('invents no label with nearest, and pads masks with 0', () => {
    const labels = [3, 5, 9];
    const input = stack(3, 7, 11, (s, r, c) => labels[(s * 7 + r * 3 + c * 5) % 3], 0.9, 1.3);
    const out = resampleSlices(input, { size: 16, interpolation: 'nearest' });
    expect([...new Set(out.data)].sort((a, b) => a - b)).toEqual([0, 3, 5, 9]);
    const linear = resampleSlices(input, { size: 16, interpolation: 'linear', pad: 0 });
    // Linear blends neighbouring labels: the reason masks go through nearest.
    expect(linear.data.some((v) => !labels.includes(v) && v !== 0)).toBe(true);
  });

  it('averages over the output pixel when shrinking, so a fine pattern does not alias', () => {
    const checker = stack(1, 8, 8, (_, r, c) => (r + c) % 2);
    const out = resampleSlices(checker, { size: 4, interpolation: 'linear' });
    expect(out.rowSpacingMm).toBe(2);
    for (const v of out.data) expect(v).toBeCloseTo(0.5, 6);
  });

  it('rejects a size that is not a whole number and a spacing that is not positive', () => {
    const input = stack(1, 4, 4, () => 0);
    expect(() => resampleSlices(input, { size: 12.5, interpolation: 'linear' })).toThrow(SettingsError);
    expect(() => resampleSlices(input, { size: 8, spacing: 0, interpolation: 'linear' })).toThrow(/spacing/);
  });
});
