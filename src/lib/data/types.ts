/** The six arrays of the lessons' HDF5 layout. */
export const SPLIT_NAMES = ['train', 'val', 'test'] as const;
export type SplitName = (typeof SPLIT_NAMES)[number];

/** One split: images and targets, each [count, height, width, 1] flattened row-major as float32. */
export interface SplitArrays {
  x: Float32Array;
  y: Float32Array;
  count: number;
}

/** The name of a task (what a dataset is for, e.g. 'segmentation'); src/lib/tasks registers the known ones. */
export type Task = string;

/** What a valid target holds: 0/1 masks (segmentation) or continuous values such as intensities. */
export type TargetKind = 'binary' | 'continuous';

/** A whole dataset in memory, in the lesson layout. `test` may be absent in learners' own files. */
export interface LessonDataset {
  height: number;
  width: number;
  train: SplitArrays;
  val: SplitArrays;
  test?: SplitArrays;
  /** Attributes stored with the file (units, normalisation, pixel size, generator, seed, subjects per split, ...). */
  attributes: Record<string, string | number>;
  /** Things the loader noticed but did not refuse (constant images, values that look already normalised). */
  warnings?: string[];
}
