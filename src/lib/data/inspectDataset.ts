import { toErrorInfo, type ErrorInfo } from '../errors';
import { formatBytes } from '../format';
import { entryError, lookupPath, topLevelNames } from './lookupPath';
import { forEachSlab, readArrayAsFloat32, valueCount } from './readArrayAsFloat32';
import { readRootAttributes } from './readRootAttributes';
import { resolveArray, toLessonShape, type ResolvedArray } from './resolveArray';
import type { StoredArrayInfo } from './storedArrayInfo';
import { withHdf5Errors } from './h5wasmRuntime';
import { closeH5, DEFAULT_MAX_BYTES, openH5Source, type H5Source, type OpenH5 } from './openH5Source';
import { asFormatError, readLessonArrays } from './readLessonDataset';
import type { Task } from './types';
import type { DatasetRules } from './validateDataset';

/** One dataset of the file: what is stored and, when readable, its value statistics. */
export interface ArraySummary extends StoredArrayInfo {
  /** [count, height, width, 1] as the lessons would see it, or null if the shape is not a stack of slices. */
  lessonShape: [number, number, number, 1] | null;
  /** Statistics of the finite values; null when the values were not read (unsupported type, over budget, unreadable). */
  min: number | null;
  max: number | null;
  mean: number | null;
  /** Number of NaN/±Infinity values (0 when not read). */
  nonFinite: number;
  /** True when every value is 0 or 1. */
  binary: boolean;
  /** Why the values were not read, if they were not. */
  unreadReason?: string;
}

/** Whether one lesson can train on the file, and if not the reason (the same error readLessonDataset throws). */
export interface LessonFit {
  usable: boolean;
  error?: ErrorInfo;
}

/** Plain-data summary of an HDF5 file for the data loader and `npm run inspect-data`. */
export interface FileInspection {
  byteLength: number;
  datasets: ArraySummary[];
  attributes: Record<string, string | number>;
  /** Slices per split, present when the split's X dataset is a readable stack. */
  counts: Partial<Record<'train' | 'val' | 'test', number>>;
  /** Whether each task asked about can use the file. */
  lessons: Record<Task, LessonFit>;
  /** Top-level entries that are not datasets (groups, links), each described in a sentence. */
  notes?: string[];
  /** What the loader noticed in a usable file without refusing it (constant images, already-normalised values). */
  warnings?: string[];
}

/** Top-level entries summarised at most (the rest are counted in a note). */
const MAX_SUMMARISED = 200;
/** Values (as float32 bytes) read for statistics of datasets the lessons did not read anyway. */
const MAX_STATISTICS_BYTES = 128 * 1024 * 1024;

/** Running statistics over values handed in slab by slab. */
function accumulator() {
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  let finite = 0;
  let total = 0;
  let binary = true;
  return {
    add(values: ArrayLike<number>): void {
      total += values.length;
      for (let i = 0; i < values.length; i++) {
        const v = values[i];
        if (!Number.isFinite(v)) continue;
        finite++;
        sum += v;
        if (v < min) min = v;
        if (v > max) max = v;
        if (v !== 0 && v !== 1) binary = false;
      }
    },
    result(): Pick<ArraySummary, 'min' | 'max' | 'mean' | 'nonFinite' | 'binary'> {
      return {
        min: finite > 0 ? min : null,
        max: finite > 0 ? max : null,
        mean: finite > 0 ? sum / finite : null,
        nonFinite: total - finite,
        binary: binary && finite === total && finite > 0,
      };
    },
  };
}

function statistics(values: Float32Array): Pick<ArraySummary, 'min' | 'max' | 'mean' | 'nonFinite' | 'binary'> {
  const stats = accumulator();
  stats.add(values);
  return stats.result();
}

function lessonShapeOf(info: StoredArrayInfo): ArraySummary['lessonShape'] {
  try {
    const s = toLessonShape(info.path, info.shape);
    return [s.count, s.height, s.width, 1];
  } catch {
    return null;
  }
}

function summarise(open: OpenH5, maxBytes: number, tasks: Readonly<Record<Task, DatasetRules>>): FileInspection {
  const label = open.label;
  const cache = new Map<string, Float32Array>();
  const readCached = (array: ResolvedArray): Float32Array => {
    let values = cache.get(array.readPath);
    if (!values) {
      values = readArrayAsFloat32(open, array, label);
      cache.set(array.readPath, values);
    }
    return values;
  };
  let warnings: string[] = [];
  const fit = (rules: DatasetRules): LessonFit => {
    try {
      const dataset = readLessonArrays(open, { rules, maxBytes, label }, readCached);
      if (rules.targets === 'binary' || warnings.length === 0) warnings = [...new Set([...warnings, ...(dataset.warnings ?? [])])];
      return { usable: true };
    } catch (error) {
      return { usable: false, error: toErrorInfo(asFormatError(error, label)) };
    }
  };
  const lessons = Object.fromEntries(Object.entries(tasks).map(([task, rules]) => [task, fit(rules)])) as Record<Task, LessonFit>;
  const names = topLevelNames(open);
  const notes: string[] = [];
  if (names.length > MAX_SUMMARISED) notes.push(`Only the first ${MAX_SUMMARISED} of ${names.length} top-level entries are summarised.`);
  let budgetLeft = Math.min(maxBytes, MAX_STATISTICS_BYTES);
  const datasets: ArraySummary[] = [];
  for (const name of names.slice(0, MAX_SUMMARISED)) {
    const entry = lookupPath(open, `/${name}`);
    if (entry.kind !== 'dataset') {
      notes.push(entryError(name, entry, label).message);
      continue;
    }
    let array: ResolvedArray;
    try {
      array = resolveArray(open, name, entry);
    } catch (error) {
      notes.push(toErrorInfo(asFormatError(error, label)).message);
      continue;
    }
    const info = array.info;
    const base = { ...info, lessonShape: lessonShapeOf(info), min: null, max: null, mean: null, nonFinite: 0, binary: false };
    if (array.problem) {
      datasets.push({ ...base, unreadReason: info.supported ? array.problem.message : `unsupported type ${info.dtype}` });
      continue;
    }
    const cached = cache.get(array.readPath);
    if (cached) {
      datasets.push({ ...base, ...statistics(cached) });
      continue;
    }
    const bytes = valueCount(array) * 4;
    if (bytes > budgetLeft) {
      datasets.push({ ...base, unreadReason: `not summarised: ${formatBytes(bytes)} as float32 is more than the ${formatBytes(Math.min(maxBytes, MAX_STATISTICS_BYTES))} read for statistics` });
      continue;
    }
    budgetLeft -= bytes;
    try {
      const stats = accumulator();
      forEachSlab(open, array, label, (values) => stats.add(values));
      datasets.push({ ...base, ...stats.result() });
    } catch (error) {
      datasets.push({ ...base, unreadReason: toErrorInfo(asFormatError(error, label)).message });
    }
  }
  const counts: FileInspection['counts'] = {};
  for (const split of ['train', 'val', 'test'] as const) {
    const x = datasets.find((d) => d.path === `${split}X`);
    if (x?.lessonShape) counts[split] = x.lessonShape[0];
  }
  const summary: FileInspection = { byteLength: open.byteLength, datasets, attributes: readRootAttributes(open), counts, lessons };
  if (notes.length > 0) summary.notes = notes;
  if (warnings.length > 0) summary.warnings = warnings;
  return summary;
}

/**
 * Opens an HDF5 file (bytes, a File, or a path in Node) and summarises the top-level datasets, the root
 * attributes and whether each task named in `tasks` (name → its dataset rules) can use it. Throws DatasetFormatError only when the file cannot be
 * opened at all (not HDF5, truncated, over `maxBytes`); everything else is reported in the summary.
 */
export async function inspectDataset(source: H5Source, options: { maxBytes?: number; label?: string; tasks?: Readonly<Record<Task, DatasetRules>> } = {}): Promise<FileInspection> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const open = await openH5Source(source, { maxBytes, label: options.label });
  try {
    return withHdf5Errors(open.runtime, () => summarise(open, maxBytes, options.tasks ?? {}));
  } catch (error) {
    throw asFormatError(error, open.label);
  } finally {
    closeH5(open);
  }
}
