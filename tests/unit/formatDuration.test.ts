import { describe, expect, it } from 'vitest';
import { formatDuration } from '../../src/lib/format';

// Kept from the panels' old defaults test: the run estimates are worded with this formatter.
describe('formatDuration', () => {
  it('formats seconds, minutes and hours', () => {
    expect(formatDuration(12_400)).toBe('12 s');
    expect(formatDuration(185_000)).toBe('3 min 05 s');
    expect(formatDuration(3_720_000)).toBe('1 h 02 min');
    expect(formatDuration(Number.NaN)).toBe('–');
  });
});
