import { describe, expect, it } from 'vitest';
import { typicalSliceIndex } from '../../../../src/lib/tasks/segmentation/typicalSlice';

describe('typicalSliceIndex', () => {
  it('picks the slice with foreground whose Dice is closest to their median, skipping empty slices', () => {
    // Slices 0 and 4 have no lung (their Dice of 1 and 0 must not count); the others: 0.2, 0.9, 0.8, 0.85, 0.95.
    const dice = [1, 0.2, 0.9, 0.8, 0, 0.85, 0.95];
    const has = [0, 1, 1, 1, 0, 1, 1];
    // Median of 0.2, 0.8, 0.85, 0.9, 0.95 is 0.85 → slice 5.
    expect(typicalSliceIndex(dice, has)).toBe(5);
  });

  it('takes the mean of the middle two for an even count, and the lower index on a tie', () => {
    // With lung: 0.6 (slice 1), 0.8 (slice 2): median 0.7, both 0.1 away → slice 1.
    expect(typicalSliceIndex([0, 0.6, 0.8], [0, 1, 1])).toBe(1);
  });

  it('falls back to the first slice when no slice has foreground', () => {
    expect(typicalSliceIndex([1, 1], [0, 0])).toBe(0);
    expect(typicalSliceIndex([], [])).toBe(0);
  });
});
