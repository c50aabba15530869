import { describe, expect, it } from 'vitest';
import { GALLERY_SLICES, gallerySlicesOf, pickDisplaySlices, spreadIndices } from '../../../src/lib/plan/displaySlices';

describe('spreadIndices', () => {
  it('gives `count` increasing indices inside [0, total), one in each equal share of the split', () => {
    for (const total of [5, 12, 48, 100, 1000]) {
      for (const count of [1, 3, 4, 5]) {
        const indices = spreadIndices(total, count);
        expect(indices).toHaveLength(count);
        indices.forEach((index, k) => {
          expect(index).toBeGreaterThanOrEqual(Math.floor((k * total) / count));
          expect(index).toBeLessThan(Math.ceil(((k + 1) * total) / count));
        });
      }
    }
    expect(spreadIndices(100, 4)).toEqual([12, 37, 62, 87]);
  });

  it('gives every index of a split no larger than `count`, and none of an empty one', () => {
    expect(spreadIndices(3, 5)).toEqual([0, 1, 2]);
    expect(spreadIndices(0, 5)).toEqual([]);
  });
});

describe('pickDisplaySlices', () => {
  it('picks only slices with foreground, spread evenly among them', () => {
    const candidates = [0, 10, 20, 30, 40, 50, 60, 70].map((index, i) => ({ index, area: i === 0 || i === 7 ? 0 : 100 }));
    // Six slices with lung (10…60); three picks at ⌊(k + 0.5) · 6 / 3⌋ = 1, 3, 5 → 20, 40, 60.
    expect(pickDisplaySlices(candidates, 3)).toEqual([20, 40, 60]);
  });

  it('takes fewer when fewer have foreground, and the candidates themselves when none has any', () => {
    const candidates = [0, 10, 20].map((index) => ({ index, area: index === 0 ? 0 : 5 }));
    expect(pickDisplaySlices(candidates, 3)).toEqual([10, 20]);
    expect(pickDisplaySlices([{ index: 4, area: 0 }, { index: 5, area: 0 }], 3)).toEqual([4, 5]);
  });
});

describe('gallerySlicesOf', () => {
  it('reads the targets of a split itself: of 24 slices only 5, 6 and 17 hold foreground, and those are shown', () => {
    const pixels = 4;
    const y = new Float32Array(24 * pixels);
    // spreadIndices(24, 12) looks at 1, 3, 5, …, 23: put foreground at 5 and 17 (candidates) and 6 (not one).
    for (const s of [5, 6, 17]) y.fill(1, s * pixels, s * pixels + 2);
    expect(gallerySlicesOf({ y, count: 24 }, pixels)).toEqual([5, 17]);
    expect(GALLERY_SLICES).toBe(3);
    // No foreground anywhere: the candidates themselves, spread.
    expect(gallerySlicesOf({ y: new Float32Array(24 * pixels), count: 24 }, pixels)).toEqual(pickDisplaySlices(spreadIndices(24, 12).map((index) => ({ index, area: 0 })), 3));
    expect(gallerySlicesOf({ y: new Float32Array(0), count: 0 }, pixels)).toEqual([]);
  });
});
