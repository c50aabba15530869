import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { readLessonDataset, scoredSplits } from '../../../src/lib/data/readLessonDataset';
import { makeTempDir, ramp, writeRawH5 } from './h5TestFiles';
import { taskDescriptor } from '../../../src/lib/tasks';

// Written by tests/fixtures/data/make_fixtures.py with h5py: 12 CT slices, 32×32.
const fixture = (name: string) => new Uint8Array(readFileSync(fileURLToPath(new URL(`../../fixtures/data/${name}`, import.meta.url))));
const temp = makeTempDir();
afterAll(() => temp.cleanup());

describe("evaluation-only files (purpose: 'evaluate')", () => {
  it('refuses a test-only file for training, as before', async () => {
    await expect(readLessonDataset(fixture('h5py_ct_hu_test_only.h5'), { rules: taskDescriptor('segmentation').data })).rejects.toThrow(/missing the datasets trainX, trainY, valX, valY/);
  });

  it('accepts a file with only testX/testY; the missing splits are empty and the test split is scored', async () => {
    const d = await readLessonDataset(fixture('h5py_ct_hu_test_only.h5'), { rules: taskDescriptor('segmentation').data, purpose: 'evaluate' });
    expect([d.height, d.width, d.train.count, d.val.count, d.test?.count]).toEqual([32, 32, 0, 0, 12]);
    expect(d.train.x).toHaveLength(0);
    expect(d.attributes).toEqual({ units: 'HU' });
    expect(Math.min(...d.test!.x)).toBeLessThan(-900); // int16 HU as stored
    expect(scoredSplits(d)).toEqual(['test']);
  });

  it('accepts a file with only valX/valY and scores the validation split', async () => {
    const d = await readLessonDataset(fixture('h5py_ct_zscored_val_only.h5'), { rules: taskDescriptor('segmentation').data, purpose: 'evaluate' });
    expect([d.train.count, d.val.count, d.test]).toEqual([0, 12, undefined]);
    expect(scoredSplits(d)).toEqual(['val']);
  });

  it('still refuses a split without its partner, and a file with no split at all', async () => {
    const half = temp.file('half.h5');
    await writeRawH5(half, [{ name: 'testX', data: ramp(16), shape: [1, 4, 4, 1], dtype: '<f' }]);
    await expect(readLessonDataset(half, { purpose: 'evaluate' })).rejects.toThrow(/missing the dataset testY; it contains testX\./);
    const none = temp.file('none.h5');
    await writeRawH5(none, [{ name: 'images', data: ramp(16), shape: [1, 4, 4, 1], dtype: '<f' }]);
    await expect(readLessonDataset(none, { purpose: 'evaluate' })).rejects.toThrow(/holds no split to evaluate on; it contains images\./);
  });
});
