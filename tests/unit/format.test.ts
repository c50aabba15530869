import { describe, expect, it } from 'vitest';
import { formatBytes, formatCount, formatDuration } from '../../src/lib/format';

describe('formatDuration', () => {
  it('formats seconds, minutes and hours (the clock style, the default)', () => {
    expect(formatDuration(12_400)).toBe('12 s');
    expect(formatDuration(185_000)).toBe('3 min 05 s');
    expect(formatDuration(3_720_000)).toBe('1 h 02 min');
    expect(formatDuration(3_720_000, { style: 'clock' })).toBe(formatDuration(3_720_000));
    // Rounded to the second first, so 59.6 s carries into the minutes.
    expect(formatDuration(59_600)).toBe('1 min 00 s');
    expect(formatDuration(Number.NaN)).toBe('–');
    expect(formatDuration(-1)).toBe('–');
  });

  it('gives a step time to the millisecond below a second, to a tenth below ten seconds (precise)', () => {
    expect(formatDuration(870.4, { style: 'precise' })).toBe('870 ms');
    expect(formatDuration(999.4, { style: 'precise' })).toBe('999 ms');
    expect(formatDuration(1_000, { style: 'precise' })).toBe('1.0 s');
    expect(formatDuration(1_234, { style: 'precise' })).toBe('1.2 s');
    expect(formatDuration(9_940, { style: 'precise' })).toBe('9.9 s');
    expect(formatDuration(44_000, { style: 'precise' })).toBe('44 s');
    expect(formatDuration(Number.POSITIVE_INFINITY, { style: 'precise' })).toBe('–');
  });

  it('gives a lesson\'s reading time in whole minutes, about (about)', () => {
    const minutes = (n: number) => n * 60_000;
    expect(formatDuration(minutes(20), { style: 'about' })).toBe('about 20 minutes');
    expect(formatDuration(minutes(59), { style: 'about' })).toBe('about 59 minutes');
    expect(formatDuration(minutes(60), { style: 'about' })).toBe('about 1 h');
    expect(formatDuration(minutes(75), { style: 'about' })).toBe('about 1 h 15 min');
    expect(formatDuration(minutes(120), { style: 'about' })).toBe('about 2 h');
  });
});

describe('formatBytes', () => {
  it('counts memory in binary units by default, one decimal from a KiB', () => {
    expect(formatBytes(17)).toBe('17 bytes');
    expect(formatBytes(1023)).toBe('1023 bytes');
    expect(formatBytes(1024)).toBe('1.0 KiB');
    expect(formatBytes(4096, { units: 'binary' })).toBe('4.0 KiB');
    expect(formatBytes(512 * 1024 * 1024)).toBe('512 MiB');
    expect(formatBytes(12.34 * 2 ** 20)).toBe('12.3 MiB');
  });

  it('climbs to GiB and TiB with at most three significant digits', () => {
    expect(formatBytes(99.94 * 2 ** 20)).toBe('99.9 MiB');
    expect(formatBytes(99.96 * 2 ** 20)).toBe('100 MiB');
    expect(formatBytes(3 * 2 ** 30)).toBe('3.0 GiB');
    // Rounding up to a whole step moves to the next unit instead of printing "1024 MiB".
    expect(formatBytes(1023.97 * 2 ** 20)).toBe('1.0 GiB');
    expect(formatBytes(1023.4 * 2 ** 20)).toBe('1023 MiB');
    // The huge-file message that used to print "13056000.0 MiB".
    expect(formatBytes(13_056_000 * 2 ** 20)).toBe('12.5 TiB');
    // TiB is the largest unit: a larger size counts TiB.
    expect(formatBytes(2048 * 2 ** 40)).toBe('2048 TiB');
    expect(formatBytes(2.5e9, { units: 'decimal' })).toBe('2.5 GB');
    expect(formatBytes(999_999, { units: 'decimal' })).toBe('1.0 MB');
  });

  it('gives downloads in decimal units as browsers do, never below 1 kB', () => {
    expect(formatBytes(8_600_000, { units: 'decimal' })).toBe('8.6 MB');
    expect(formatBytes(1_000_000, { units: 'decimal' })).toBe('1.0 MB');
    expect(formatBytes(999_400, { units: 'decimal' })).toBe('999 kB');
    expect(formatBytes(512_000, { units: 'decimal' })).toBe('512 kB');
    expect(formatBytes(17, { units: 'decimal' })).toBe('1 kB');
  });
});

describe('formatCount', () => {
  it('groups thousands the English way whatever the locale', () => {
    expect(formatCount(190_771)).toBe('190,771');
    expect(formatCount(12)).toBe('12');
  });
});
