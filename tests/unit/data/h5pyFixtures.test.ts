import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readLessonDataset } from '../../../src/lib/data/readLessonDataset';
import { taskDescriptor } from '../../../src/lib/tasks';

// Written by tests/fixtures/data/make_fixtures.py with h5py, so these prove we read what learners' tools write.
const fixture = (name: string) => fileURLToPath(new URL(`../../fixtures/data/${name}`, import.meta.url));

/** The fixture formula: value at [n, y, x] = n·100 + y·10 + x + offset. */
function expectedImage(count: number, height: number, width: number, offset: number, scale = 1): number[] {
  const out: number[] = [];
  for (let n = 0; n < count; n++) for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) out.push((n * 100 + y * 10 + x + offset) * scale);
  return out;
}

describe('reading files written by h5py', () => {
  it('reads channel-first float64 with shuffle + gzip, with a test split and mixed attributes', async () => {
    const bytes = new Uint8Array(readFileSync(fixture('h5py_shuffle_gzip_nchw.h5')));
    const d = await readLessonDataset(bytes, { rules: taskDescriptor('segmentation').data, requireTest: true });
    expect([d.height, d.width, d.train.count, d.val.count, d.test?.count]).toEqual([8, 12, 3, 2, 1]);
    expect(Array.from(d.val.x)).toEqual(expectedImage(2, 8, 12, 1000, 0.25));
    expect(Array.from(d.test!.x)).toEqual(expectedImage(1, 8, 12, 2000, 0.25));
    // Mask formula (n + y + x) mod 2: slice 1 starts with 1 at [1, 0, 0].
    expect(Array.from(d.train.y.subarray(96, 99))).toEqual([1, 0, 1]);
    expect(d.attributes).toEqual({ modality: 'CT', pixel_spacing_mm: '[0.7,0.8]', subjects: 7, label: 'fixed-length' });
  });

  it('reads a contiguous int16 [N, H, W] file without a test split from its path', async () => {
    const d = await readLessonDataset(fixture('h5py_contiguous_nhw_int16.h5'), { rules: taskDescriptor('translation').data });
    expect([d.height, d.width, d.train.count, d.val.count, d.test]).toEqual([4, 8, 2, 1, undefined]);
    expect(Array.from(d.train.x)).toEqual(expectedImage(2, 4, 8, -1000));
    expect(Array.from(d.val.y)).toEqual(expectedImage(1, 4, 8, -500, 2));
    expect(d.attributes).toEqual({ units: 'HU' });
  });

  it('refuses the test split when it is required but the file has none', async () => {
    await expect(readLessonDataset(fixture('h5py_contiguous_nhw_int16.h5'), { requireTest: true })).rejects.toThrow(
      /is missing the datasets testX, testY; it contains trainX, trainY, valX, valY\./,
    );
  });
});
