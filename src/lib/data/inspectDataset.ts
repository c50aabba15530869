import { toErrorInfo, type ErrorInfo } from '../errors';
import { describeArray, listDatasetPaths, readArrayAsFloat32, readRootAttributes, toLessonShape, type StoredArrayInfo } from './h5Arrays';
import { closeH5, DEFAULT_MAX_BYTES, openH5Source, type H5Source } from './openH5Source';
import { readLessonArrays } from './readLessonDataset';
import type { Task } from './types';

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
  lessons: Record<Task, LessonFit>;
}

function statistics(values: Float32Array): Pick<ArraySummary, 'min' | 'max' | 'mean' | 'nonFinite' | 'binary'> {
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  let finite = 0;
  let binary = true;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    finite++;
    sum += v;
    if (v < min) min = v;
    if (v > max) max = v;
    if (v !== 0 && v !== 1) binary = false;
  }
  return {
    min: finite > 0 ? min : null,
    max: finite > 0 ? max : null,
    mean: finite > 0 ? sum / finite : null,
    nonFinite: values.length - finite,
    binary: binary && finite === values.length && finite > 0,
  };
}

function lessonShapeOf(info: StoredArrayInfo): ArraySummary['lessonShape'] {
  try {
    const s = toLessonShape(info.path, info.shape);
    return [s.count, s.height, s.width, 1];
  } catch {
    return null;
  }
}

/**
 * Opens an HDF5 file (bytes, or a path in Node) and summarises every dataset, the root attributes and
 * whether each lesson can use it. Throws DatasetFormatError only when the file cannot be opened at all
 * (not HDF5, truncated, over `maxBytes`); everything else is reported in the summary.
 */
export async function inspectDataset(source: H5Source, options: { maxBytes?: number; label?: string } = {}): Promise<FileInspection> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const label = options.label ?? (typeof source === 'string' ? `The file ${source}` : 'The file');
  const open = await openH5Source(source, { maxBytes, label });
  try {
    const { file } = open;
    const cache = new Map<string, Float32Array>();
    let budgetLeft = maxBytes;
    const datasets: ArraySummary[] = listDatasetPaths(file).map((path) => {
      const info = describeArray(file, path);
      const base = { ...info, lessonShape: lessonShapeOf(info), min: null, max: null, mean: null, nonFinite: 0, binary: false };
      if (!info.supported) return { ...base, unreadReason: `unsupported type ${info.dtype}` };
      const bytes = info.shape.reduce((a, b) => a * b, 1) * 4;
      if (bytes > budgetLeft) return { ...base, unreadReason: 'over the memory budget' };
      try {
        const values = readArrayAsFloat32(file, path, label);
        budgetLeft -= bytes;
        cache.set(path, values);
        return { ...base, ...statistics(values) };
      } catch (error) {
        return { ...base, unreadReason: toErrorInfo(error).message };
      }
    });
    const counts: FileInspection['counts'] = {};
    for (const split of ['train', 'val', 'test'] as const) {
      const x = datasets.find((d) => d.path === `${split}X`);
      if (x?.lessonShape) counts[split] = x.lessonShape[0];
    }
    const fit = (task: Task): LessonFit => {
      try {
        const read = (path: string) => cache.get(path) ?? readArrayAsFloat32(file, path, label);
        readLessonArrays(file, { task, maxBytes, label }, read);
        return { usable: true };
      } catch (error) {
        return { usable: false, error: toErrorInfo(error) };
      }
    };
    return {
      byteLength: open.byteLength,
      datasets,
      attributes: readRootAttributes(file),
      counts,
      lessons: { segmentation: fit('segmentation'), translation: fit('translation') },
    };
  } finally {
    closeH5(open);
  }
}
