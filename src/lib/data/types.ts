/** The six arrays of the lessons' HDF5 layout. */
export const SPLIT_NAMES = ['train', 'val', 'test'] as const;
export type SplitName = (typeof SPLIT_NAMES)[number];

/** One split: images and targets, each [count, height, width, 1] flattened row-major as float32. */
export interface SplitArrays {
  x: Float32Array;
  y: Float32Array;
  count: number;
}

/** What a dataset is for: lesson 1 segments (binary targets), lesson 2 translates (continuous targets). */
export type Task = 'segmentation' | 'translation';

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
