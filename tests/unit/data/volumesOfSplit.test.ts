import { describe, expect, it } from 'vitest';
import { volumesOfSplit } from '../../../src/lib/data/volumesOfSplit';
import { VOLUME_IMPORT_GENERATOR } from '../../../src/lib/volumes/volumesToLessonDataset';

// A phantom file's attributes: 3 slices per patient; 2 train, 1 val, 2 test patients.
const phantom = {
  slicesPerSubject: 3, subjectsTrain: 2, subjectsVal: 1, subjectsTest: 2,
  pixelSizeMmTest: '2.5,3', sliceLevelsMmTest1: '-5,20.5,40', sliceLevelsMmTest2: '0,30,61.2',
};

const imported = {
  generator: VOLUME_IMPORT_GENERATOR, sourceImage: 'ct.nii.gz', pixelSizeMmMin: 0.8, pixelSizeMmMax: 0.8,
  sliceSpacingMm: 2, sliceAxis: 'k', orientationImage: 'LPS', sliceIndicesTest: '21-23',
};

describe('volumesOfSplit', () => {
  it('groups a phantom split by patient, numbered over the file, at the recorded pixel sizes and levels', () => {
    const { volumes, note } = volumesOfSplit(phantom, 'test', 6);
    expect(note).toBeNull();
    expect(volumes).toEqual([
      { label: 'Patient 4', start: 0, count: 3, geometry: { rowSpacingMm: 2.5, columnSpacingMm: 2.5, slicePositionsMm: [-5, 20.5, 40], separateSlices: true } },
      { label: 'Patient 5', start: 3, count: 3, geometry: { rowSpacingMm: 3, columnSpacingMm: 3, slicePositionsMm: [0, 30, 61.2], separateSlices: true } },
    ]);
  });

  it('scales the in-plane spacing when the slices were resampled to another size', () => {
    const { volumes } = volumesOfSplit(phantom, 'test', 6, { scale: { rows: 2, columns: 0.5 } });
    expect(volumes[1].geometry).toMatchObject({ rowSpacingMm: 6, columnSpacingMm: 1.5, slicePositionsMm: [0, 30, 61.2] });
  });

  it('keeps the patients but gives no geometry, saying why, when the levels are missing, short, unordered or not numbers', () => {
    for (const broken of [{ sliceLevelsMmTest2: undefined }, { sliceLevelsMmTest2: '0,30' }, { sliceLevelsMmTest2: '0,30,30' }, { pixelSizeMmTest: '2.5' }, { pixelSizeMmTest: '2.5,x' }]) {
      const { volumes, note } = volumesOfSplit({ ...phantom, ...broken } as Record<string, string | number>, 'test', 6);
      expect(volumes.map((v) => v.label)).toEqual(['Patient 4', 'Patient 5']);
      expect(volumes[1].geometry).toBeNull();
      expect(note).toMatch(/does not record where the test slices lie.*sliceLevelsMmTest1…2.*does not guess a spacing/);
    }
    // The val split has no levels recorded at all: its patient is known, its geometry is not.
    const val = volumesOfSplit(phantom, 'val', 3);
    expect(val.volumes).toEqual([{ label: 'Patient 3', start: 0, count: 3, geometry: null }]);
    expect(val.note).toMatch(/pixelSizeMmVal/);
  });

  it('reads an imported file as one patient: a stack at its slice spacing, in the split’s inferior → superior order', () => {
    expect(volumesOfSplit(imported, 'test', 3)).toEqual({
      volumes: [{ label: 'ct.nii.gz', start: 0, count: 3, geometry: { rowSpacingMm: 0.8, columnSpacingMm: 0.8, slicePositionsMm: [42, 44, 46], separateSlices: false } }],
      note: null,
    });
    // A gap in the block keeps its distance; an axis pointing down (I) lists voxel indices superior → inferior.
    const gaps = volumesOfSplit({ ...imported, sliceIndicesTest: '3-4,7' }, 'test', 3).volumes[0].geometry!;
    expect(gaps.slicePositionsMm).toEqual([6, 8, 14]);
    const down = volumesOfSplit({ ...imported, orientationImage: 'RAI', sliceIndicesTest: '3-4,7' }, 'test', 3).volumes[0].geometry!;
    expect(down.slicePositionsMm).toEqual([-14, -8, -6]);
    // A shortened list is usable only when it is one whole run.
    expect(volumesOfSplit({ ...imported, sliceIndicesTest: '10…14 (5 slices)' }, 'test', 5).volumes[0].geometry?.slicePositionsMm).toEqual([20, 22, 24, 26, 28]);
    const holes = volumesOfSplit({ ...imported, sliceIndicesTest: '10…20 (5 slices)' }, 'test', 5);
    expect(holes.volumes[0].geometry).toBeNull();
    expect(holes.note).toMatch(/sliceIndicesTest/);
  });

  it('never guesses the spacing of an imported file that does not record it', () => {
    const { sliceSpacingMm: _dropped, ...older } = imported;
    const { volumes, note } = volumesOfSplit(older, 'test', 3);
    expect(volumes).toEqual([{ label: 'ct.nii.gz', start: 0, count: 3, geometry: null }]);
    expect(note).toMatch(/sliceSpacingMm.*import the volume again/);
    expect(volumesOfSplit({ ...imported, pixelSizeMmMax: 0.9 }, 'test', 3).volumes[0].geometry).toBeNull();
  });

  it('gives no patients, and says so, for a file that does not say whose slices are whose', () => {
    expect(volumesOfSplit({}, 'test', 6)).toEqual({ volumes: [], note: expect.stringMatching(/does not say which test slices belong to which patient/) });
    // Counts that do not add up to the split are not trusted either.
    expect(volumesOfSplit(phantom, 'test', 7).volumes).toEqual([]);
    expect(volumesOfSplit(phantom, 'test', 0)).toEqual({ volumes: [], note: null });
  });
});
