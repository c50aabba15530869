import { describe, expect, it } from 'vitest';
import { applyTransform, defaultTransforms, describeTransform, invertTransform, type UncertaintyTransform } from '../../../src/lib/inspect/uncertaintyTransforms';

const H = 5;
const W = 7;
// Distinct values, so any misplaced pixel shows.
const slice = Float32Array.from({ length: H * W }, (_, i) => i * 1.5 - 3);

describe('test-time augmentations and their inverses', () => {
  it('a flip of a flip is the identity, and inverting a flip gives back every pixel', () => {
    for (const axis of ['horizontal', 'vertical'] as const) {
      const flip: UncertaintyTransform = { kind: 'flip', axis };
      const flipped = applyTransform(flip, slice, H, W);
      expect(flipped).not.toEqual(slice);
      expect(applyTransform(flip, flipped, H, W)).toEqual(slice);
      const back = invertTransform(flip, flipped, H, W);
      expect(back.values).toEqual(slice);
      expect([...back.valid].every((v) => v === 1)).toBe(true);
    }
  });

  it('flips the way it says: left–right mirrors columns, upside down mirrors rows', () => {
    const lr = applyTransform({ kind: 'flip', axis: 'horizontal' }, slice, H, W);
    const ud = applyTransform({ kind: 'flip', axis: 'vertical' }, slice, H, W);
    expect(lr[0]).toBe(slice[W - 1]);
    expect(ud[0]).toBe(slice[(H - 1) * W]);
  });

  it('a shift and its inverse leave the interior exactly unchanged; the border the shift pushed out is marked invalid and zero', () => {
    for (const t of defaultTransforms(2).filter((d) => d.kind === 'shift')) {
      if (t.kind !== 'shift') continue;
      const back = invertTransform(t, applyTransform(t, slice, H, W), H, W);
      for (let r = 0; r < H; r++) {
        for (let c = 0; c < W; c++) {
          const i = r * W + c;
          const seen = r + t.rows >= 0 && r + t.rows < H && c + t.cols >= 0 && c + t.cols < W;
          expect(back.valid[i]).toBe(seen ? 1 : 0);
          expect(back.values[i]).toBe(seen ? slice[i] : 0);
        }
      }
      // Exactly |shift| rows or columns are lost.
      expect(back.valid.reduce((a, v) => a + v, 0)).toBe((H - Math.abs(t.rows)) * (W - Math.abs(t.cols)));
    }
  });

  it('fills what a shift brings in from the nearest edge (the model sees no zeros that were not there)', () => {
    const down = applyTransform({ kind: 'shift', rows: 2, cols: 0 }, slice, H, W);
    for (let c = 0; c < W; c++) {
      expect(down[c]).toBe(slice[c]);
      expect(down[W + c]).toBe(slice[c]);
      expect(down[2 * W + c]).toBe(slice[c]);
    }
  });

  it('describes each pass in words', () => {
    expect(defaultTransforms(2).map(describeTransform)).toEqual([
      'as it is', 'flipped left–right', 'flipped upside down', 'shifted 2 px down', 'shifted 2 px up', 'shifted 2 px right', 'shifted 2 px left',
    ]);
  });
});
