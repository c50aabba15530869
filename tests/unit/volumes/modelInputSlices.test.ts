import { describe, expect, it } from 'vitest';
import { CT_CLIP_HU, fromModelSlices, huClipRange, modelInputSlices } from '../../../src/lib/volumes/modelInputSlices';
import type { SliceStack } from '../../../src/lib/volumes/toAxialSlices';

function stack(height: number, width: number, rowSpacingMm: number, columnSpacingMm: number, value: (r: number, c: number) => number): SliceStack {
  const data = new Float32Array(height * width);
  for (let r = 0; r < height; r++) for (let c = 0; c < width; c++) data[r * width + c] = value(r, c);
  return { count: 1, height, width, data, rowSpacingMm, columnSpacingMm };
}

describe('modelInputSlices and fromModelSlices', () => {
  it('clip only volumes in HU, on a copy', () => {
    expect(huClipRange({ units: 'HU' })).toEqual(CT_CLIP_HU);
    expect(huClipRange({ units: null })).toBeNull();
    expect(huClipRange({ units: 'HU' }, null)).toBeNull();
    const slices = stack(4, 4, 1, 1, (r) => (r === 0 ? -3024 : 5000));
    const prepared = modelInputSlices(slices, { size: 4, spacing: 1, clip: CT_CLIP_HU });
    expect(Math.min(...prepared.data)).toBe(-1024);
    expect(Math.max(...prepared.data)).toBe(3071);
    expect(slices.data[0]).toBe(-3024);
  });

  it('copy values exactly where the model grid coincides with the slices', () => {
    const slices = stack(8, 8, 0.5, 0.5, (r, c) => r * 10 + c);
    const back = fromModelSlices(modelInputSlices(slices, { size: 8, spacing: 0.5, clip: null }).data, slices, { size: 8, spacing: 0.5 });
    expect(Array.from(back)).toEqual(Array.from(slices.data));
  });

  it('undo the padding of a wide field of view: a ramp comes back on its own grid, rows and columns in place', () => {
    // 20 columns of 1 mm and 10 rows of 2 mm: 20 mm square, fitted into 16 pixels of 1.25 mm.
    const ramp = (r: number, c: number) => 3 * (r * 2) + (c * 1);
    const slices = stack(10, 20, 2, 1, ramp);
    const prepared = modelInputSlices(slices, { size: 16, spacing: 1.25, clip: null });
    const back = fromModelSlices(prepared.data, slices, { size: 16, spacing: 1.25 });
    expect(back.length).toBe(200);
    // Away from the edges a linear ramp survives bilinear resampling both ways.
    for (let r = 2; r < 8; r++) for (let c = 3; c < 17; c++) expect(back[r * 20 + c]).toBeCloseTo(ramp(r, c), 3);
  });

  it('fill pixels outside a model field of view smaller than the slices, and refuse outputs of the wrong size', () => {
    const slices = stack(8, 8, 1, 1, () => 1);
    const back = fromModelSlices(new Float32Array(16).fill(1), slices, { size: 4, spacing: 1, outside: -1 });
    expect(back[0]).toBe(-1);
    expect(back[3 * 8 + 3]).toBe(1);
    expect(() => fromModelSlices(new Float32Array(5), slices, { size: 4, spacing: 1 })).toThrow(/1×4×4 = 16 model outputs, but got 5/);
  });
});
