import { putTargetsInUnits } from './targetScale';
import { DatasetFormatError } from '../errors';
import { formatBytes } from '../format';
import { findSimilarDeeper, presentTopLevel, topLevelNames } from './lookupPath';
import { readArrayAsFloat32, valueCount } from './readArrayAsFloat32';
import { readRootAttributes } from './readRootAttributes';
import { describeArray, toLessonShape, type ResolvedArray } from './resolveArray';
import type { StoredArrayInfo } from './storedArrayInfo';
import { Hdf5CallError, withHdf5Errors } from './h5wasmRuntime';
import { withHdf5Detail } from './describeHdf5Failure';
import { closeH5, DEFAULT_MAX_BYTES, openH5Source, type H5Source, type OpenH5 } from './openH5Source';
import { SPLIT_NAMES, type LessonDataset, type SplitArrays, type SplitName } from './types';
import { assertBinary, assertContinuousTargets, assertFinite, assertNotEmpty, assertSizeMultiple, datasetWarnings, type DatasetRules } from './validateDataset';

export interface ReadLessonDatasetOptions {
  /** The task's rules (its descriptor's `data`): binary (0/1) targets, or targets that are not all 0/1; absent: either. */
  rules?: DatasetRules;
  /** Memory budget in bytes for the file and for the float32 arrays read from it (default 512 MiB). */
  maxBytes?: number;
  /** Require testX/testY (default false: the test split is optional in learners' files). */
  requireTest?: boolean;
  /** Height and width must be divisible by this (default 4; 1 accepts any size, e.g. before cropOrPadToMultiple). */
  sizeMultiple?: number;
  /** Names the file in messages (default "The file" or the path). */
  label?: string;
  /**
   * 'train' (default) needs trainX/trainY/valX/valY. 'evaluate' accepts any complete pairs (e.g. only
   * testX/testY, or only valX/valY); the splits it lacks come back empty (count 0), see scoredSplits.
   */
  purpose?: 'train' | 'evaluate';
}

/** The shape of one split as the file stores it. */
export interface SplitLayout {
  split: SplitName;
  x: StoredArrayInfo;
  y: StoredArrayInfo;
  /** Where and how the values are read (internal to the loader). */
  arrays: { x: ResolvedArray; y: ResolvedArray };
  count: number;
  height: number;
  width: number;
}

/**
 * Checks names, types, ranks, counts, sizes, links, filters and the total decoded size of the split
 * datasets without reading a value. Only the top level of the file is looked at (plus a bounded search
 * for similar names deeper down, to say where they are). Returns the splits present (train, val, and
 * test when stored); throws DatasetFormatError otherwise.
 */
export function checkLessonLayout(open: OpenH5, options: { requireTest?: boolean; sizeMultiple?: number; label?: string; maxBytes?: number; purpose?: 'train' | 'evaluate' } = {}): SplitLayout[] {
  const found = topLevelNames(open);
  // The six lesson names are looked up one by one: the listing is capped and need not contain them.
  const present = presentTopLevel(open, SPLIT_NAMES.flatMap((split) => [`${split}X`, `${split}Y`]));
  const label = options.label ?? open.label;
  const shown = found.slice(0, 12);
  const listing = found.length > 0 ? `${shown.join(', ')}${found.length > shown.length ? `, … (${found.length} entries)` : ''}` : 'no datasets at all';
  const required = ['trainX', 'trainY', 'valX', 'valY'];
  const hasTest = present.has('testX') || present.has('testY');
  if (options.purpose === 'evaluate') {
    // Any split that is there at all must be complete; at least one must be there.
    required.length = 0;
    for (const split of SPLIT_NAMES) if (present.has(`${split}X`) || present.has(`${split}Y`)) required.push(`${split}X`, `${split}Y`);
    if (required.length === 0) {
      throw new DatasetFormatError(
        `${label} holds no split to evaluate on; it contains ${listing}.`,
        'An evaluation file needs testX and testY (or valX and valY) at the top level, each [N, H, W, 1].',
      );
    }
  }
  if ((options.requireTest || hasTest) && !required.includes('testX')) required.push('testX', 'testY');
  const missing = required.filter((name) => !present.has(name));
  if (missing.length > 0) {
    const deeper = findSimilarDeeper(open, missing, found);
    const where = deeper.length > 0 ? ` Similar names sit deeper in the file: ${deeper.join(', ')} (the lessons look only at the top level).` : '';
    throw new DatasetFormatError(
      `${label} is missing the dataset${missing.length > 1 ? 's' : ''} ${missing.join(', ')}; it contains ${listing}.${where}`,
      'The lessons expect trainX, trainY, valX, valY (and optionally testX, testY together) at the top level, each [N, H, W, 1]. Rename or add them, e.g. with h5py: f["trainX"] = images.',
    );
  }
  const layouts: SplitLayout[] = [];
  for (const split of SPLIT_NAMES) {
    if (!required.includes(`${split}X`)) continue;
    const xa = describeArray(open, `${split}X`);
    const ya = describeArray(open, `${split}Y`);
    for (const array of [xa, ya]) if (array.problem) throw new DatasetFormatError(array.problem.message, array.problem.hint);
    const x = xa.info;
    const y = ya.info;
    const xs = toLessonShape(x.path, x.shape);
    const ys = toLessonShape(y.path, y.shape);
    if (xs.count !== ys.count) {
      throw new DatasetFormatError(
        `Expected ${split}X and ${split}Y to hold the same number of slices, but ${split}X has ${xs.count} and ${split}Y has ${ys.count}.`,
        'Each image needs exactly one target: save the pairs together, in the same order.',
      );
    }
    if (xs.height !== ys.height || xs.width !== ys.width) {
      throw new DatasetFormatError(
        `Expected ${split}Y to have shape [${xs.count}, ${xs.height}, ${xs.width}, 1] like ${split}X, but got [${y.shape.join(', ')}].`,
        'Images and targets must be the same size: resample the targets onto the image grid.',
      );
    }
    assertNotEmpty(`${split}X`, xs.count);
    if (xs.height === 0 || xs.width === 0) {
      throw new DatasetFormatError(`Expected ${split}X to hold slices of at least 1×1 pixels, but they are ${xs.height}×${xs.width} (shape [${x.shape.join(', ')}]).`, 'Store 2-D images: each slice needs a height and a width.');
    }
    const first = layouts[0];
    if (first && (first.height !== xs.height || first.width !== xs.width)) {
      throw new DatasetFormatError(
        `Expected ${split}X to have slices of ${first.height}×${first.width} like ${first.split}X, but they are ${xs.height}×${xs.width}.`,
        'All splits must share one image size: crop or resize them to the same size before saving.',
      );
    }
    layouts.push({ split, x, y, arrays: { x: xa, y: ya }, count: xs.count, height: xs.height, width: xs.width });
  }
  assertSizeMultiple(layouts[0].height, layouts[0].width, options.sizeMultiple ?? 4);
  assertArrayBudget(layouts, options.maxBytes ?? DEFAULT_MAX_BYTES, label);
  return layouts;
}

/** The decoded size of every lesson array (as float32) against the budget, before anything is read. */
function assertArrayBudget(layouts: SplitLayout[], maxBytes: number, label: string): void {
  const values = layouts.reduce((sum, l) => sum + valueCount(l.arrays.x) + valueCount(l.arrays.y), 0);
  const bytes = values * 4;
  if (bytes > maxBytes) {
    throw new DatasetFormatError(
      `${label} holds ${values.toLocaleString('en-US')} values, which take ${formatBytes(bytes)} as float32, more than the memory budget of ${formatBytes(maxBytes)}.`,
      'Use fewer slices or a smaller image size (for example 128×128).',
    );
  }
}

/**
 * Reads and checks the lesson arrays of an open file; the returned arrays are new and owned by the caller.
 * `readArray` (default: read from the file) lets a caller reuse arrays it has already read.
 */
export function readLessonArrays(open: OpenH5, options: ReadLessonDatasetOptions = {}, readArray?: (array: ResolvedArray) => Float32Array): LessonDataset {
  const label = options.label ?? open.label;
  const read = readArray ?? ((array: ResolvedArray) => readArrayAsFloat32(open, array, label));
  const layouts = checkLessonLayout(open, { ...options, label });
  const splits: Partial<Record<SplitName, SplitArrays>> = {};
  for (const layout of layouts) {
    const dims = { count: layout.count, height: layout.height, width: layout.width };
    const x = read(layout.arrays.x);
    const y = read(layout.arrays.y);
    assertFinite(layout.x.path, x, dims);
    assertFinite(layout.y.path, y, dims);
    if (options.rules?.targets === 'binary') assertBinary(layout.y.path, y, dims);
    splits[layout.split] = { x, y, count: layout.count };
  }
  if (options.rules?.targets === 'continuous') assertContinuousTargets(layouts.map((l) => [l.y.path, splits[l.split]!.y] as const));
  const { height, width } = layouts[0];
  const none = (): SplitArrays => ({ x: new Float32Array(0), y: new Float32Array(0), count: 0 });
  const dataset: LessonDataset = { height, width, train: splits.train ?? none(), val: splits.val ?? none(), attributes: readRootAttributes(open) };
  if (splits.test) dataset.test = splits.test;
  const warnings = datasetWarnings(dataset, options.rules);
  if (warnings.length > 0) dataset.warnings = warnings;
  // Image targets in the course's target units (targetScale.ts), so a model's output means the same on another file.
  if (options.rules?.targets === 'continuous') putTargetsInUnits(dataset);
  return dataset;
}

/** An HDF5 failure the checks did not foresee still becomes a DatasetFormatError, HDF5's reason at the end of its hint. */
export function asFormatError(error: unknown, label: string): unknown {
  if (!(error instanceof Hdf5CallError)) return error;
  return new DatasetFormatError(
    `${label} could not be read: the file is probably damaged.`,
    withHdf5Detail('Download or copy the file again, or re-save it with h5py.', error.reason),
  );
}

/**
 * Reads a lesson HDF5 file (bytes anywhere, a path in Node) into float32 [N, H, W, 1] arrays.
 * Accepts [N,H,W], [N,H,W,1] and [N,1,H,W]; float32/64 and (u)int8/16/32; gzip/shuffle or contiguous.
 * Throws DatasetFormatError (message + hint) for anything the lessons cannot use.
 */
export async function readLessonDataset(source: H5Source, options: ReadLessonDatasetOptions = {}): Promise<LessonDataset> {
  const open = await openH5Source(source, { maxBytes: options.maxBytes, label: options.label });
  try {
    return withHdf5Errors(open.runtime, () => readLessonArrays(open, { ...options, label: open.label }));
  } catch (error) {
    throw asFormatError(error, open.label);
  } finally {
    closeH5(open);
  }
}

/**
 * The splits an evaluation scores: the test split when the dataset has one, else every other split that
 * holds slices (an evaluation-only file may hold only valX/valY, for example).
 */
export function scoredSplits(dataset: LessonDataset): SplitName[] {
  if (dataset.test && dataset.test.count > 0) return ['test'];
  return (['train', 'val'] as const).filter((split) => dataset[split].count > 0);
}
