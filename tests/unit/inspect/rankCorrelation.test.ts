import { describe, expect, it } from 'vitest';
import { rankCorrelation, ranksOf } from '../../../src/lib/inspect/rankCorrelation';

describe("Spearman's rank correlation", () => {
  it('is 1 for the same order, −1 for the reverse, whatever the scale', () => {
    expect(rankCorrelation([1, 2, 3, 4], [10, 200, 3000, 40000])).toBeCloseTo(1, 12);
    expect(rankCorrelation([1, 2, 3, 4], [4, 3, 2, 1])).toBeCloseTo(-1, 12);
  });

  it('matches the hand-computed value 1 − 6Σd²/(n(n²−1)) without ties', () => {
    // Ranks [1,2,3,4,5] against [2,1,4,3,5]: Σd² = 4, so 1 − 24/120 = 0.8.
    expect(rankCorrelation([1, 2, 3, 4, 5], [2, 1, 4, 3, 5])).toBeCloseTo(0.8, 12);
  });

  it('averages tied ranks, and is null when undefined', () => {
    expect(ranksOf([5, 1, 5, 2])).toEqual([3.5, 1, 3.5, 2]);
    expect(rankCorrelation([1, 2], [1, 2])).toBeNull();
    expect(rankCorrelation([1, 1, 1], [1, 2, 3])).toBeNull();
    expect(() => rankCorrelation([1, 2, 3], [1, 2])).toThrow(/same length/);
  });
});
