/**
 * How the course prints durations, sizes and counts: one formatter each, shared by the library, the
 * CLI and the pages. Where a purpose needs another wording (a step time, a lesson's reading time,
 * a download's size) it is an option of the one formatter, not a second function.
 */

/**
 * How a duration reads:
 * - 'clock' (default): a run's length or time left, to the second: "1 h 02 min", "3 min 05 s", "12 s";
 * - 'precise': a short measured time, to the millisecond below a second: "870 ms", "1.2 s", "44 s";
 * - 'about': a rough estimate in whole minutes (a lesson's reading time): "about 45 minutes", "about 1 h 15 min".
 */
export type DurationStyle = 'clock' | 'precise' | 'about';

const MS_PER_MINUTE = 60_000;

function clock(ms: number): string {
  const totalSeconds = Math.round(ms / 1000);
  const h = Math.floor(totalSeconds / 3600);
  const m = Math.floor((totalSeconds % 3600) / 60);
  const s = totalSeconds % 60;
  if (h > 0) return `${h} h ${String(m).padStart(2, '0')} min`;
  if (m > 0) return `${m} min ${String(s).padStart(2, '0')} s`;
  return `${s} s`;
}

function precise(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(ms >= 10_000 ? 0 : 1)} s` : `${Math.round(ms)} ms`;
}

function about(ms: number): string {
  const minutes = Math.round(ms / MS_PER_MINUTE);
  if (minutes < 60) return `about ${minutes} minutes`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest === 0 ? `about ${hours} h` : `about ${hours} h ${rest} min`;
}

/**
 * Formats a duration in milliseconds in one of the course's styles (default 'clock', see DurationStyle);
 * '–' for a negative or non-finite value.
 */
export function formatDuration(ms: number, { style = 'clock' }: { style?: DurationStyle } = {}): string {
  if (!Number.isFinite(ms) || ms < 0) return '–';
  switch (style) {
    case 'clock': return clock(ms);
    case 'precise': return precise(ms);
    case 'about': return about(ms);
  }
}

/**
 * Which units a size is given in:
 * - 'binary' (default): memory, as the loader's budget counts it: "12.3 MiB", "512 MiB", "4.0 KiB", "17 bytes";
 * - 'decimal': a download or a stored model, as browsers show file sizes: "8.6 MB", "512 kB" (at least 1 kB).
 * Both climb to GiB/TiB (GB/TB), so a huge declared size reads "12.5 TiB", not "13056000.0 MiB".
 */
export type ByteUnits = 'binary' | 'decimal';

const BINARY = { step: 1024, units: ['KiB', 'MiB', 'GiB', 'TiB'] };
const DECIMAL = { step: 1000, units: ['kB', 'MB', 'GB', 'TB'] };

/**
 * Three significant digits at most: one decimal below 100 of a unit ("12.3", "4.0"), none from 100
 * ("512"). A value that rounds up to a whole step ("1024 MiB") moves to the next unit ("1.0 GiB").
 */
function scaled(bytes: number, { step, units }: typeof BINARY): string {
  let value = bytes / step;
  let unit = 0;
  while (unit < units.length - 1 && Math.round(value) >= step) {
    value /= step;
    unit++;
  }
  const digits = Math.round(value * 10) / 10 >= 100 ? 0 : 1;
  return `${value.toFixed(digits)} ${units[unit]}`;
}

// Intl.NumberFormat has no MiB or KiB, and its rounding and grouping of the decimal ones differ from
// toFixed at the edges ("1,234.5 MB"); the course's sizes keep the one arithmetic for both.
function binary(bytes: number): string {
  return bytes >= BINARY.step ? scaled(bytes, BINARY) : `${bytes} bytes`;
}

function decimal(bytes: number): string {
  // Below a megabyte a download reads in whole kilobytes (at least 1 kB), as browsers show it.
  if (Math.round(bytes / 1e3) < 1000) return `${Math.max(1, Math.round(bytes / 1e3))} kB`;
  return scaled(bytes, DECIMAL);
}

/** Formats a size in bytes in binary (default) or decimal units (see ByteUnits). */
export function formatBytes(bytes: number, { units = 'binary' }: { units?: ByteUnits } = {}): string {
  return units === 'binary' ? binary(bytes) : decimal(bytes);
}

// The course is written in English: counts read the same on every device (1,299), whatever its locale.
const COUNT_FORMAT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** A count with thousands separators: 190771 → '190,771'. */
export function formatCount(value: number): string {
  return COUNT_FORMAT.format(value);
}
