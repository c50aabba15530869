/** The per-patient table of a test summary, shared by the tasks: values printed, mean ± spread over patients. */
import { formatValue } from '../losses/metrics';
import type { VolumeTable } from './types';

/** One column of per-patient values (NaN: no value for that patient). */
export interface VolumeColumn {
  header: string;
  digits: number;
  values: readonly number[];
}

/** Mean ± sample standard deviation of the finite values, "–" when there are none, no spread for one value. */
export function meanAndSpread(values: readonly number[], digits: number): string {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return '–';
  const mean = finite.reduce((a, b) => a + b, 0) / finite.length;
  const text = formatValue(mean, digits);
  const counted = finite.length < values.length ? ` (${finite.length} of ${values.length})` : '';
  if (finite.length === 1) return text + counted;
  const sd = Math.sqrt(finite.reduce((a, v) => a + (v - mean) ** 2, 0) / (finite.length - 1));
  return `${text} ± ${formatValue(sd, digits)}${counted}`;
}

/** A VolumeTable from per-patient columns (each with one value per volume, in the volumes' order). */
export function buildVolumeTable(options: {
  caption: string; volumes: readonly { label: string; count: number }[]; columns: readonly VolumeColumn[]; notes: readonly string[];
}): VolumeTable {
  const { caption, volumes, columns, notes } = options;
  return {
    caption,
    columns: columns.map((c) => c.header),
    rows: volumes.map((v, i) => ({ label: v.label, slices: v.count, cells: columns.map((c) => formatValue(c.values[i], c.digits)) })),
    mean: columns.map((c) => meanAndSpread(c.values, c.digits)),
    notes: [...notes],
  };
}
