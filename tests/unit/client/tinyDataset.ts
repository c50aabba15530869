import type { LessonDataset, SplitArrays } from '../../../src/lib/data/types';

/** A disc of radius r at (cy, cx) on a dim noisy background, and its mask; [count, size, size] stacks. */
function discs(count: number, size: number, offset: number): SplitArrays {
  const x = new Float32Array(count * size * size);
  const y = new Float32Array(count * size * size);
  for (let s = 0; s < count; s++) {
    const cy = 5 + ((s + offset) % 6);
    const cx = 6 + ((s * 3 + offset) % 5);
    const r = 3 + ((s + offset) % 2);
    for (let i = 0; i < size; i++) {
      for (let j = 0; j < size; j++) {
        const k = s * size * size + i * size + j;
        const inside = (i - cy) ** 2 + (j - cx) ** 2 <= r * r;
        y[k] = inside ? 1 : 0;
        x[k] = (inside ? 0.8 : 0.1) + 0.05 * Math.sin(7 * k);
      }
    }
  }
  return { x, y, count };
}

/** A 16×16 segmentation dataset: 6 train, 3 val, 2 test slices of discs with their masks. */
export function tinySegmentationDataset(): LessonDataset {
  return {
    height: 16,
    width: 16,
    train: discs(6, 16, 0),
    val: discs(3, 16, 7),
    test: discs(2, 16, 11),
    attributes: { generator: 'tests/unit/client/tinyDataset.ts' },
  };
}
