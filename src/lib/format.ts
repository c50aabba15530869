/** How the course prints durations and counts: one formatter each, shared by the library, the CLI and the pages. */

/** Formats milliseconds as "1 h 02 min", "3 min 05 s" or "12 s"; '–' for a negative or non-finite value. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '–';
  const totalSeconds = Math.round(ms / 1000);
  const h = Math.floor(totalSeconds / 3600);
  const m = Math.floor((totalSeconds % 3600) / 60);
  const s = totalSeconds % 60;
  if (h > 0) return `${h} h ${String(m).padStart(2, '0')} min`;
  if (m > 0) return `${m} min ${String(s).padStart(2, '0')} s`;
  return `${s} s`;
}

// The course is written in English: counts read the same on every device (1,299), whatever its locale.
const COUNT_FORMAT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** A count with thousands separators: 190771 → '190,771'. */
export function formatCount(value: number): string {
  return COUNT_FORMAT.format(value);
}
