import { describe, expect, it } from 'vitest';
import { cropOrPad, cropOrPadToMultiple, resizeDataset } from '../../../src/lib/data/resizeDataset';
import type { LessonDataset } from '../../../src/lib/data/types';
import { validateLessonDataset } from '../../../src/lib/data/validateDataset';
import { taskDescriptor } from '../../../src/lib/tasks';

/** One 2×3 slice: x = [[1, 2, 3], [4, 5, 6]], y = [[0, 1, 1], [0, 0, 1]]; val the same. */
function tiny(): LessonDataset {
  const split = () => ({ x: new Float32Array([1, 2, 3, 4, 5, 6]), y: new Float32Array([0, 1, 1, 0, 0, 1]), count: 1 });
  return { height: 2, width: 3, train: split(), val: split(), attributes: { note: 'tiny' } };
}

describe('cropOrPad', () => {
  it('pads 2×3 to 4×4 around the centre with the smallest X value and 0 for Y', () => {
    const out = cropOrPadToMultiple(tiny(), 4);
    expect([out.height, out.width]).toEqual([4, 4]);
    // Rows: top pad 1, bottom pad 1; columns: left pad 0, right pad 1.
    expect(Array.from(out.train.x)).toEqual([1, 1, 1, 1, 1, 2, 3, 1, 4, 5, 6, 1, 1, 1, 1, 1]);
    expect(Array.from(out.val.y)).toEqual([0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0]);
    expect(out.attributes).toEqual({ note: 'tiny' });
    expect(() => validateLessonDataset(out, { rules: taskDescriptor('segmentation').data })).not.toThrow();
  });

  it('centre-crops 2×3 to 2×2 (columns 0–1; the odd pixel comes off the right) and to a multiple', () => {
    expect(Array.from(cropOrPad(tiny(), 2, 2).train.x)).toEqual([1, 2, 4, 5]);
    const cropped = cropOrPadToMultiple(tiny(), 2, { mode: 'crop' });
    expect([cropped.height, cropped.width, Array.from(cropped.train.x)]).toEqual([2, 2, [1, 2, 4, 5]]);
    expect(Array.from(cropOrPad(tiny(), 2, 3, { padX: -9 }).train.x)).toEqual([1, 2, 3, 4, 5, 6]);
  });
});

describe('resizeDataset', () => {
  it('doubles 1×2 bilinearly with aligned pixel centres; binary targets stay binary (nearest)', () => {
    const d: LessonDataset = { height: 1, width: 2, attributes: {}, train: { x: new Float32Array([0, 4]), y: new Float32Array([0, 1]), count: 1 }, val: { x: new Float32Array([2, 2]), y: new Float32Array([1, 1]), count: 1 } };
    const out = resizeDataset(d, { height: 2, width: 4 });
    // Output columns sample x at −0.25 (clamped 0), 0.25, 0.75, 1.25 (clamped 1) → 0, 1, 3, 4.
    expect(Array.from(out.train.x)).toEqual([0, 1, 3, 4, 0, 1, 3, 4]);
    expect(Array.from(out.train.y)).toEqual([0, 0, 1, 1, 0, 0, 1, 1]);
    expect(Array.from(resizeDataset(d, { height: 1, width: 4 }, { targetInterpolation: 'bilinear' }).train.y)).toEqual([0, 0.25, 0.75, 1]);
  });

  it('halving 4×4 averages 2×2 blocks for X', () => {
    const x = Float32Array.from({ length: 16 }, (_, i) => i);
    const d: LessonDataset = { height: 4, width: 4, attributes: {}, train: { x, y: new Float32Array(16), count: 1 }, val: { x, y: new Float32Array(16), count: 1 } };
    const out = resizeDataset(d, { height: 2, width: 2 });
    expect(Array.from(out.val.x)).toEqual([2.5, 4.5, 10.5, 12.5]);
    expect(() => resizeDataset(d, { height: 0, width: 2 })).toThrow('Expected a size of whole pixels ≥ 1, but got 0×2.');
  });
});
