import { describe, expect, it } from 'vitest';
import { DatasetFormatError } from '../../../src/lib/errors';
import { formatIndexRanges, splitSliceBlocks, type SliceBlocks } from '../../../src/lib/volumes/splitSliceBlocks';

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, k) => from + k);

/** Every index of a later split lies beyond every index of an earlier one by more than `gap`. */
function expectSeparated(blocks: SliceBlocks, gap: number): void {
  const order = [blocks.train, blocks.val, blocks.test];
  for (let a = 0; a < 3; a++) {
    for (let b = a + 1; b < 3; b++) {
      for (const i of order[a]) for (const j of order[b]) expect(j - i).toBeGreaterThan(gap);
    }
  }
}

describe('splitSliceBlocks', () => {
  it('cuts contiguous slices into train, val and test blocks from inferior to superior, one slice apart', () => {
    const blocks = splitSliceBlocks(range(10, 49));
    expect(blocks.val).toHaveLength(6);
    expect(blocks.test).toHaveLength(6);
    expect(blocks.train).toEqual(range(10, 35));
    expect(blocks.gaps).toEqual([36, 43]);
    expect(blocks.val).toEqual(range(37, 42));
    expect(blocks.test).toEqual(range(44, 49));
    expectSeparated(blocks, 1);
  });

  it('uses every slice once and keeps neighbours together for any count and gap', () => {
    for (const gap of [0, 1, 3]) {
      for (let n = 3 + 2 * gap; n < 60; n += 7) {
        const indices = range(0, n - 1);
        const blocks = splitSliceBlocks(indices, { gapSlices: gap });
        expect([...blocks.train, ...blocks.val, ...blocks.test, ...blocks.gaps].sort((a, b) => a - b)).toEqual(indices);
        for (const block of [blocks.train, blocks.val, blocks.test]) {
          expect(block.length).toBeGreaterThan(0);
          expect(block).toEqual(range(block[0], block[block.length - 1]));
        }
        expectSeparated(blocks, gap);
      }
    }
  });

  it('drops no slice where the structure already has a gap at the block boundary', () => {
    const indices = [...range(0, 13), ...range(20, 25)];
    const blocks = splitSliceBlocks(indices);
    expect(blocks.train.length + blocks.val.length + blocks.test.length + blocks.gaps.length).toBe(indices.length);
    expectSeparated(blocks, 1);
  });

  it('refuses too few slices for three separated blocks', () => {
    expect(() => splitSliceBlocks([4, 5, 6, 7])).toThrow(DatasetFormatError);
    expect(() => splitSliceBlocks([4, 5, 6, 7])).toThrow(/at least 5 usable slices/);
  });
});

describe('formatIndexRanges', () => {
  it('writes runs as ranges', () => {
    expect(formatIndexRanges([3, 4, 5, 9, 12, 13])).toBe('3-5,9,12-13');
    expect(formatIndexRanges([])).toBe('');
  });

  it('falls back to first, last and count when the ranges would not fit', () => {
    const scattered = range(0, 99).map((k) => 3 * k);
    const text = formatIndexRanges(scattered, 50);
    expect(text).toBe('0…297 (100 slices)');
  });
});
