/**
 * The shapes of the engine's requests about data (where a file comes from, what a loaded dataset
 * holds, slices as stored): plain data and type imports only, re-exported by protocol.ts.
 */
import type { ValueStats } from '../data/valueStats';
import type { SplitName, Task } from '../data/types';
import type { FileInspection } from '../data/inspectDataset';
import type { InputUnits } from '../data/inputUnits';
import type { Normalization } from '../data/normalizations';

/**
 * Where the dataset comes from: a URL the engine fetches, the bytes of an HDF5 file (transferred), or a
 * learner's File (cloned by reference; the worker reads it lazily, without a copy in memory).
 */
export type DatasetSource = { url: string } | { bytes: ArrayBuffer } | { file: File };

export interface InspectDatasetParams {
  source: DatasetSource;
  /** Names the file in error messages ("The file lungs.h5 …"). */
  label?: string;
}

export interface LoadDatasetParams {
  source: DatasetSource;
  task: Task;
  /** Names the file in error messages ("The file lungs.h5 …"). */
  label?: string;
  /** 'evaluate' accepts a file with only some splits (e.g. only testX/testY); default 'train'. */
  purpose?: 'train' | 'evaluate';
}

/** Range and mean of one array, for the data explorer. */
export type { ValueStats };

export interface SplitSummary {
  split: SplitName;
  count: number;
  x: ValueStats;
  y: ValueStats;
  /** Segmentation only: slices whose mask has at least one foreground pixel; null for translation. */
  nonEmptyTargets: number | null;
}

/** What a loaded dataset holds, as stored (physical units); shapes are [count, height, width, 1]. */
export interface DatasetSummary {
  task: Task;
  height: number;
  width: number;
  splits: SplitSummary[];
  attributes: Record<string, string | number>;
  /** The input normalisation a run uses unless it names another (from the file's units). */
  normalization: Normalization;
  /** What the loader noticed without refusing the file (constant images, already-normalised values). */
  warnings?: string[];
  /** Units of the images as stored (see unitsOfDataset): from the file's `units` attribute when it declares them, else sniffed from the values. */
  units: InputUnits;
  unitsDeclared: boolean;
  /** The splits an evaluation scores: test when the file holds one, else every other split with slices (see scoredSplits). */
  scoredSplits: SplitName[];
  /** Validation slices the per-epoch gallery shows (chosen by src/lib/plan/displaySlices.ts, slices with foreground first). */
  gallerySlices: number[];
}

/** Inspecting a file without loading it: every array, the attributes, and which lesson can use it. */
export type { FileInspection };

export interface SliceRequest {
  split: SplitName;
  /** 0-based slice indices into the split. */
  indices: number[];
}

/** Images and targets of some slices as stored (physical units): each array is [indices.length, height, width] row-major. */
export interface SliceArrays {
  split: SplitName;
  indices: number[];
  height: number;
  width: number;
  x: Float32Array;
  y: Float32Array;
}
