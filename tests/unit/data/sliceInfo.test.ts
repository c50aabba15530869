import { describe, expect, it } from 'vitest';
import { formatStored, storedRange, storedUnits, subjectOfSlice } from '../../../src/lib/data/sliceInfo';
import { buildLungDataset } from '../../../src/lib/phantoms/lungDataset';
import { valueStats } from '../../../src/lib/data/valueStats';

describe('storedUnits: labels follow what the file declares and holds', () => {
  it('labels the course CT file in HU', () => {
    const units = storedUnits({ units: 'HU' }, { min: -1024, max: 969, mean: -650 });
    expect(units).toMatchObject({ kind: 'HU', hounsfield: true, suffix: ' HU' });
    expect(formatStored(-812.4, units)).toBe('−812 HU');
  });

  it('gives a z-scored CT file no HU labels and no HU windows, declared or sniffed', () => {
    for (const attributes of [{ units: 'z-scored' }, {}] as Record<string, string>[]) {
      const units = storedUnits(attributes, { min: -1.07, max: 8.2, mean: 0 });
      expect(units.kind).toBe('z-scored');
      expect(units.hounsfield).toBe(false);
      expect(units.suffix).toBe('');
      expect(units.name).toMatch(/z-scores/);
      expect(formatStored(-1.0686, units)).toBe('−1.069');
    }
  });

  it('does not believe units = "HU" over values that cannot be HU', () => {
    const units = storedUnits({ units: 'HU' }, { min: 0.05, max: 0.685, mean: 0.37 });
    expect(units.hounsfield).toBe(false);
    expect(units.name).toMatch(/it declares Hounsfield units, but its values cannot be HU/);
  });

  it('names MR intensities scaled to 0…1 and a unit the course does not know as the file spells it', () => {
    expect(storedUnits({}, { min: 0, max: 1, mean: 0.2 }).name).toBe('none — intensities scaled to 0…1');
    expect(storedUnits({ units: 'a.u.' }, { min: 3, max: 900, mean: 100 }).name).toBe('a.u. (as the file declares)');
  });

  it('combines the splits\' ranges, weighting the means by slice counts', () => {
    expect(storedRange([{ count: 3, x: { min: -2, max: 1, mean: 1 } }, { count: 1, x: { min: -1, max: 5, mean: -3 } }, { count: 0, x: { min: NaN, max: NaN, mean: NaN } }]))
      .toEqual({ min: -2, max: 5, mean: 0 });
  });
});

describe('subjectOfSlice: which patient a slice belongs to', () => {
  const course = { slicesPerSubject: 16, subjectsTrain: 20, subjectsVal: 3, subjectsTest: 5 };

  it('numbers patients over the whole file: training first, then validation and test', () => {
    expect(subjectOfSlice(course, 'train', 0, 320)).toEqual({ patient: 1, firstInSplit: 1, lastInSplit: 20, slice: 1, slicesPerPatient: 16 });
    expect(subjectOfSlice(course, 'train', 40, 320)).toMatchObject({ patient: 3, slice: 9 });
    expect(subjectOfSlice(course, 'val', 47, 48)).toEqual({ patient: 23, firstInSplit: 21, lastInSplit: 23, slice: 16, slicesPerPatient: 16 });
    expect(subjectOfSlice(course, 'test', 16, 80)).toMatchObject({ patient: 25, firstInSplit: 24, lastInSplit: 28, slice: 1 });
  });

  it('cannot tell for files without the attributes, or whose counts do not add up', () => {
    expect(subjectOfSlice({}, 'train', 0, 10)).toBeNull();
    expect(subjectOfSlice({ slicesPerSubject: 16, subjectsTrain: 20 }, 'val', 0, 48)).toBeNull();
    expect(subjectOfSlice(course, 'train', 0, 300)).toBeNull();
    expect(subjectOfSlice(course, 'train', 320, 320)).toBeNull();
  });

  it('reads the attributes the course\'s generator writes, with each patient\'s slices together', () => {
    const dataset = buildLungDataset({ seed: 3, size: 16, subjects: { train: 2, val: 1, test: 1 }, slicesPerSubject: 3 });
    expect(subjectOfSlice(dataset.attributes, 'train', 4, dataset.train.count)).toMatchObject({ patient: 2, slice: 2, slicesPerPatient: 3 });
    expect(subjectOfSlice(dataset.attributes, 'test', 2, dataset.test!.count)).toMatchObject({ patient: 4, firstInSplit: 4, lastInSplit: 4, slice: 3 });
    const range = storedRange([{ count: dataset.train.count, x: valueStats(dataset.train.x) }]);
    expect(storedUnits(dataset.attributes, range).hounsfield).toBe(true);
  });
});
