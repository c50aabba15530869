import { taskDescriptor } from '../tasks';
import { CourseError } from '../errors';
import type { LessonDataset, Task } from '../data/types';
import { defaultNormalizationOf, prepareDataset, type PrepareOptions } from '../data/prepareDataset';
import type { Normalization } from '../data/normalizations';
import { resolveNormalization } from '../data/normalizeDataset';
import { unitsOfDataset } from '../data/inputUnits';
import { scoredSplits } from '../data/readLessonDataset';
import type { DatasetSource, DatasetSummary } from './protocol';
import type { H5BlobSource } from '../data/openH5Source';
import { splitOf, summarizeSplit } from './sliceArrays';
import { gallerySlicesOf } from '../plan/displaySlices';

/** The file's bytes (given), or a learner's File or a downloaded Blob, which the loader reads lazily where it can. */
export async function datasetBytes(source: DatasetSource, label: string): Promise<Uint8Array | H5BlobSource> {
  if ('file' in source) return { file: source.file };
  if ('bytes' in source) return new Uint8Array(source.bytes);
  let response: Response;
  try {
    response = await fetch(source.url);
  } catch (error) {
    throw new CourseError(`${label} could not be downloaded (${error instanceof Error ? error.message : String(error)}).`, 'Check your connection and reload the page.');
  }
  if (!response.ok) throw new CourseError(`${label} could not be downloaded (HTTP ${response.status}).`, 'Check your connection and reload the page.');
  // A Blob, like a learner's File: in a worker the loader mounts it instead of copying it into the wasm heap.
  return { file: await response.blob() };
}

/** Counts, sizes and value ranges of a loaded dataset, split by split. */
export function summarizeDataset(dataset: LessonDataset, task: Task): DatasetSummary {
  const sliceSize = dataset.height * dataset.width;
  const splits = (['train', 'val', 'test'] as const)
    .filter((split) => (dataset[split]?.count ?? 0) > 0)
    .map((split) => summarizeSplit(split, splitOf(dataset, split), sliceSize, taskDescriptor(task).targets === 'binary'));
  const { units, declared } = unitsOfDataset(dataset);
  const summary: DatasetSummary = {
    task, height: dataset.height, width: dataset.width, splits, attributes: dataset.attributes, normalization: defaultNormalizationOf(dataset),
    units, unitsDeclared: declared, scoredSplits: scoredSplits(dataset),
    gallerySlices: gallerySlicesOf(dataset.val, sliceSize),
  };
  if (dataset.warnings?.length) summary.warnings = dataset.warnings;
  return summary;
}

/**
 * The stored dataset as the network sees it (resized, normalised, optionally a training subset),
 * remembered so that predictions and metrics use exactly what the last run trained on.
 */
export function createPreparedData(stored: LessonDataset) {
  let last: { options: PrepareOptions; dataset: LessonDataset } | null = null;
  let display: LessonDataset | null = null;
  const same = (a: PrepareOptions, b: PrepareOptions) => JSON.stringify(a) === JSON.stringify(b);
  return {
    stored,
    /**
     * Prepares for a run: `normalization` defaults to the file's (defaultNormalizationOf); statistics a
     * normalisation needs come from the stored training split (see normalizationOfLastRun).
     */
    forRun(options: { height: number; width: number; normalization?: Normalization; trainLimit?: number }): LessonDataset {
      const prepare: PrepareOptions = {
        normalization: resolveNormalization(options.normalization ?? defaultNormalizationOf(stored), stored),
        height: options.height,
        width: options.width,
        ...(options.trainLimit === undefined ? {} : { trainLimit: options.trainLimit }),
      };
      if (!last || !same(last.options, prepare)) last = { options: prepare, dataset: prepareDataset(stored, prepare) };
      return last.dataset;
    },
    /** The stored data at a model's input size but in physical units (HU, signal), for pictures of predictions. */
    forDisplay(height: number, width: number): LessonDataset {
      if (stored.height === height && stored.width === width) return stored;
      if (!display || display.height !== height || display.width !== width) {
        display = prepareDataset(stored, { normalization: { kind: 'none' }, height, width });
      }
      return display;
    },
    /** The normalisation of the last preparation (what the last run trained on), statistics filled in; null before any. */
    normalizationOfLastRun(): Normalization | null {
      return last ? structuredClone(last.options.normalization) : null;
    },
    /**
     * The data a model of this input size was (or would be) trained on: the last preparation when the size
     * (and the model's `normalization`, when given) match, else a new one with the model's normalisation.
     */
    forModel(height: number, width: number, normalization?: Normalization): LessonDataset {
      const fits = last && last.dataset.height === height && last.dataset.width === width
        && (normalization === undefined || JSON.stringify(last.options.normalization) === JSON.stringify(normalization));
      if (last && fits) return last.dataset;
      return this.forRun({ height, width, ...(normalization ? { normalization } : {}) });
    },
  };
}

export type PreparedData = ReturnType<typeof createPreparedData>;
