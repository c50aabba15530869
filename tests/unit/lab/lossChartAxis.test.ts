import { describe, expect, it } from 'vitest';
import { xAxisRange, type ChartSeries } from '../../../src/components/LossChart';

const line = (xs: number[], kind: ChartSeries['kind'] = 'train'): ChartSeries => ({ label: kind, kind, color: '#000', points: xs.map((x) => ({ x, y: 1 })) });

describe('the loss chart x axis', () => {
  it('ends at the run\'s last epoch, not at a rounder number past it', () => {
    // 11 epochs: chart.js's own ticks would have run to 12.
    expect(xAxisRange([line([1, 2, 3])], 11, 0)).toEqual({ min: 0, max: 11 });
    expect(xAxisRange([line([1, 2, 3, 4, 5, 6, 7])], 7)).toEqual({ min: 1, max: 7 });
  });

  it('without an epoch count ends at the last point drawn, and reaches a later point when one is drawn', () => {
    expect(xAxisRange([line([1, 2, 3]), line([1, 2, 3, 4, 5], 'validation')], undefined)).toEqual({ min: 1, max: 5 });
    // A reference measured after epoch 7 on a 5-epoch run's chart stays on the chart.
    expect(xAxisRange([line([1, 2]), line([7], 'reference')], 5, 0)).toEqual({ min: 0, max: 7 });
  });

  it('keeps a usable axis with nothing drawn yet', () => {
    expect(xAxisRange([], undefined, 0)).toEqual({ min: 0, max: 1 });
    expect(xAxisRange([], 1, 1)).toEqual({ min: 1, max: 2 });
    // An axis of fractional amounts (the domain-shift sandbox's strengths) ends at its last point.
    expect(xAxisRange([line([0, 0.1, 0.3])], 0.3, 0, 0)).toEqual({ min: 0, max: 0.3 });
  });
});
