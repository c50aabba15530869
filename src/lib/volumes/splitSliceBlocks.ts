/**
 * Train / val / test from the slices of one volume: contiguous blocks along the body axis, with a gap
 * between blocks, because neighbouring slices are nearly the same image and would leak across splits.
 */
import { DatasetFormatError, SettingsError } from '../errors';

/** Slice indices (display order, inferior → superior) per split, and those left out as gaps between blocks. */
export interface SliceBlocks {
  train: number[];
  val: number[];
  test: number[];
  gaps: number[];
}

export interface SplitSliceBlocksOptions {
  /** Fractions of the slices for val and test (train gets the rest); default 0.15 each. */
  valFraction?: number;
  testFraction?: number;
  /** Slices left out between blocks (default 1: no two adjacent slices land in different splits). */
  gapSlices?: number;
}

export const DEFAULT_VAL_FRACTION = 0.15;
export const DEFAULT_TEST_FRACTION = 0.15;

function assertFraction(name: string, value: number): void {
  if (!(value > 0 && value < 0.5)) {
    throw new SettingsError(`Expected ${name} to be a fraction above 0 and below 0.5, but got ${value}.`, 'The default, 0.15, keeps 70 % of the slices for training.');
  }
}

/**
 * Splits `indices` (ascending slice indices, e.g. those that hold the structure) into blocks, from inferior
 * to superior: train, val, test. Val and test get round(fraction · count) slices, at least one each; a
 * block starts only more than `gapSlices` indices after the previous block ends, the slices in between
 * are left out. Throws a DatasetFormatError when there are too few slices for three blocks.
 */
export function splitSliceBlocks(indices: readonly number[], options: SplitSliceBlocksOptions = {}): SliceBlocks {
  const valFraction = options.valFraction ?? DEFAULT_VAL_FRACTION;
  const testFraction = options.testFraction ?? DEFAULT_TEST_FRACTION;
  const gap = options.gapSlices ?? 1;
  assertFraction('valFraction', valFraction);
  assertFraction('testFraction', testFraction);
  if (!Number.isInteger(gap) || gap < 0) throw new SettingsError(`Expected gapSlices to be a whole number ≥ 0, but got ${gap}.`, 'Use 1 (the default) so that no two adjacent slices land in different splits.');
  const n = indices.length;
  const minimum = 3 + 2 * gap;
  if (n < minimum) {
    throw new DatasetFormatError(
      `Expected at least ${minimum} usable slices to split into train, val and test blocks, but found ${n}.`,
      'Use a volume with more slices through the structure (or the head), or a thinner slice thickness.',
    );
  }
  const nVal = Math.max(1, Math.round(n * valFraction));
  const nTest = Math.max(1, Math.round(n * testFraction));
  // Train gives up the gap slices (when the indices are contiguous, each gap drops `gap` slices).
  const nTrain = Math.max(1, n - nVal - nTest - 2 * gap);
  const blocks: SliceBlocks = { train: indices.slice(0, nTrain), val: [], test: [], gaps: [] };
  let cursor = nTrain;
  const takeBlock = (previous: number[], count: number): number[] => {
    const last = previous[previous.length - 1];
    while (cursor < n && indices[cursor] - last <= gap) blocks.gaps.push(indices[cursor++]);
    const block = indices.slice(cursor, count === Infinity ? n : cursor + count);
    cursor += block.length;
    return block;
  };
  blocks.val = takeBlock(blocks.train, nVal);
  blocks.test = takeBlock(blocks.val.length > 0 ? blocks.val : blocks.train, Infinity);
  if (blocks.val.length === 0 || blocks.test.length === 0) {
    throw new DatasetFormatError(
      `Expected slices for every split, but after leaving ${gap} slice(s) between blocks the ${blocks.val.length === 0 ? 'val' : 'test'} block is empty (${n} usable slices).`,
      'Use a volume with more slices through the structure (or the head).',
    );
  }
  return blocks;
}

/**
 * Ascending whole numbers written as ranges ("3-9,12,15-20"); when that is longer than `limit` characters,
 * the first and last with the count ("3…120 (87 slices)"), so it fits an HDF5 attribute the course reads back.
 */
export function formatIndexRanges(indices: readonly number[], limit = 200): string {
  if (indices.length === 0) return '';
  const parts: string[] = [];
  let start = indices[0];
  let previous = start;
  for (const index of [...indices.slice(1), NaN]) {
    if (index === previous + 1) {
      previous = index;
      continue;
    }
    parts.push(start === previous ? `${start}` : `${start}-${previous}`);
    start = previous = index;
  }
  const text = parts.join(',');
  return text.length <= limit ? text : `${indices[0]}…${indices[indices.length - 1]} (${indices.length} slices)`;
}
