import { describe, expect, it } from 'vitest';
import { MAX_ATTRIBUTE_CHARS } from '../../../src/lib/data/readRootAttributes';
import { readLessonDataset } from '../../../src/lib/data/readLessonDataset';
import { encodeLessonDataset } from '../../../src/lib/data/writeLessonDataset';
import { volumesOfSplit } from '../../../src/lib/data/volumesOfSplit';
import { DatasetFormatError } from '../../../src/lib/errors';
import { taskDescriptor } from '../../../src/lib/tasks';
import type { Volume } from '../../../src/lib/volumes/types';
import { volumesToLessonDataset } from '../../../src/lib/volumes/volumesToLessonDataset';
import { rasVolume, storedVolume, type Permutation, type Signs, type WorldGrid } from './volumeFixtures';

// A small chest: x right, y anterior, z superior. 24 × 20 voxels of 0.8 mm in-plane, 30 slices of 2 mm.
const world: WorldGrid = { n: [24, 20, 30], spacing: [0.8, 0.8, 2], origin: [-9.6, -8, -30] };
const inBody = (x: number, y: number) => ((x - 11.5) / 11) ** 2 + ((y - 9.5) / 8) ** 2 <= 1;
const inLung = (x: number, y: number, z: number) => z >= 6 && z <= 23 && ((x - 7) / 3) ** 2 + ((y - 10) / 4) ** 2 <= 1;
const inTumour = (x: number, y: number, z: number) => z >= 12 && z <= 20 && x === 16 && y === 10;
function hu(x: number, y: number, z: number): number {
  if (x === 0 && y === 0) return -3024; // outside the scanner's field of view
  if (!inBody(x, y)) return -1000;
  return inLung(x, y, z) ? -850 + z : 40 + x - y + z;
}
const labels = (x: number, y: number, z: number) => (inTumour(x, y, z) ? 2 : inLung(x, y, z) ? 1 : 0);

const LPS: [Permutation, Signs] = [[0, 1, 2], [-1, -1, 1]];
const ct = (stored: [Permutation, Signs] = LPS): Volume => ({ ...storedVolume(world, hu, ...stored, ['chest-ct.nii.gz']), units: 'HU' });
const size = 24;
const pad = 2; // rows: 20 × 0.8 mm fit in 24 pixels of 0.8 mm (the width sets the pixel size), 2 rows of padding each side

/** The expected pixel of the lesson's slice showing world level z: the display convention, clipped, padded. */
function expectedPixel(value: (x: number, y: number, z: number) => number, z: number, r: number, c: number, background: number): number {
  const y = world.n[1] - 1 - (r - pad);
  if (r < pad || r >= pad + world.n[1]) return background;
  return Math.max(-1024, Math.min(3071, value(world.n[0] - 1 - c, y, z)));
}

function expectSlices(values: Float32Array, levels: number[], value: (x: number, y: number, z: number) => number, background: number): void {
  levels.forEach((z, n) => {
    for (let r = 0; r < size; r++) {
      for (let c = 0; c < size; c++) expect(values[(n * size + r) * size + c]).toBe(expectedPixel(value, z, r, c, background));
    }
  });
}

describe('volumesToLessonDataset (segmentation)', () => {
  it('keeps the slices with the structure, oriented for display, clipped to the course’s HU, split in separated blocks', () => {
    const dataset = volumesToLessonDataset({ image: ct(), target: storedVolume(world, labels, ...LPS, ['lungs.nii.gz']), kind: 'mask', size });
    // The lungs span z 6…23 (18 slices): train 6…15, a gap, val 17…19, a gap, test 21…23.
    const levels = { train: [6, 7, 8, 9, 10, 11, 12, 13, 14, 15], val: [17, 18, 19], test: [21, 22, 23] };
    for (const split of ['train', 'val', 'test'] as const) {
      expect(dataset[split]!.count).toBe(levels[split].length);
      expectSlices(dataset[split]!.x, levels[split], hu, -1024);
      expectSlices(dataset[split]!.y, levels[split], (x, y, z) => (labels(x, y, z) !== 0 ? 1 : 0), 0);
    }
    expect(dataset.attributes).toMatchObject({
      units: 'HU', orientationImage: 'LPS', orientationTarget: 'LPS', sliceAxis: 'k', voxelSizeMm: '0.8×0.8×2', sliceSpacingMm: 2,
      pixelSizeMmMin: 0.8, pixelSizeMmMax: 0.8, slicesTrain: 10, slicesVal: 3, slicesTest: 3,
      sliceIndicesTrain: '6-15', sliceIndicesVal: '17-19', sliceIndicesTest: '21-23',
      sourceImage: 'chest-ct.nii.gz', sourceTarget: 'lungs.nii.gz', targetGrid: "the image's grid",
    });
    expect(dataset.warnings).toEqual([]);
  });

  it('gives the same lesson slices whatever orientation the image and the mask are stored in', () => {
    const reference = volumesToLessonDataset({ image: ct(), target: storedVolume(world, labels, ...LPS), kind: 'mask', size });
    const storedAs: Array<[Permutation, Signs]> = [[[0, 1, 2], [1, 1, 1]], [[2, 0, 1], [-1, 1, -1]], [[1, 0, 2], [1, -1, -1]]];
    for (const imageOrientation of storedAs) {
      for (const maskOrientation of storedAs) {
        const dataset = volumesToLessonDataset({ image: ct(imageOrientation), target: storedVolume(world, labels, ...maskOrientation), kind: 'mask', size });
        for (const split of ['train', 'val', 'test'] as const) {
          expect(dataset[split]!.x).toEqual(reference[split]!.x);
          expect(dataset[split]!.y).toEqual(reference[split]!.y);
        }
        const resampled = imageOrientation !== maskOrientation;
        expect(dataset.warnings!.some((w) => w.includes('was resampled onto the grid'))).toBe(resampled);
      }
    }
  });

  it('records the source file’s own slice indices when its slice axis runs superior to inferior', () => {
    const dataset = volumesToLessonDataset({ image: ct([[0, 1, 2], [1, 1, -1]]), target: rasVolume(world, labels), kind: 'mask', size });
    // Display level z is voxel k = 29 − z: train levels 6…15 are k 14…23.
    expect(dataset.attributes).toMatchObject({ orientationImage: 'RAI', sliceIndicesTrain: '14-23', sliceIndicesVal: '10-12', sliceIndicesTest: '6-8' });
  });

  it('records what per-volume metrics need: one patient, its slices at the volume’s slice spacing, whichever way the axis points', () => {
    for (const image of [ct(), ct([[0, 1, 2], [1, 1, -1]])]) {
      const dataset = volumesToLessonDataset({ image, target: rasVolume(world, labels), kind: 'mask', size });
      const { volumes, note } = volumesOfSplit(dataset.attributes, 'test', dataset.test!.count);
      expect(note).toBeNull();
      expect(volumes).toHaveLength(1);
      const g = volumes[0].geometry!;
      expect(g).toMatchObject({ rowSpacingMm: 0.8, columnSpacingMm: 0.8, separateSlices: false });
      // Test levels z 21…23 of 2 mm slices, inferior to superior, in the file's order.
      expect(g.slicePositionsMm.map((p) => p - g.slicePositionsMm[0])).toEqual([0, 2, 4]);
    }
  });

  it('uses one label of a label map when asked', () => {
    const dataset = volumesToLessonDataset({ image: ct(), target: rasVolume(world, labels), kind: 'mask', size, label: 2, valFraction: 0.2, testFraction: 0.2 });
    // The tumour spans z 12…20: 9 slices, 2 gaps.
    expect(dataset.train.count + dataset.val.count + dataset.test!.count).toBe(7);
    expect(dataset.attributes.yUnits).toContain('label 2');
    expect(() => volumesToLessonDataset({ image: ct(), target: rasVolume(world, labels), kind: 'mask', size, label: 5 })).toThrow(/holds the labels 1, 2/);
  });

  it('refuses a mask that does not overlap the image', () => {
    const elsewhere = rasVolume({ ...world, origin: [300, 0, 0] }, labels, ['other.nii.gz']);
    expect(() => volumesToLessonDataset({ image: ct(), target: elsewhere, kind: 'mask', size })).toThrow(DatasetFormatError);
  });

  it('refuses a pair beyond the memory budget before working on it', () => {
    expect(() => volumesToLessonDataset({ image: ct(), target: rasVolume(world, labels), kind: 'mask', size, maxBytes: 100_000 })).toThrow(/memory budget/);
  });

  it('writes a lesson file the course reads back as it is, attributes within the HDF5 limits', async () => {
    const longName = `${'very-long-folder-name/'.repeat(12)}mask.nii.gz`;
    const dataset = volumesToLessonDataset({ image: ct(), target: rasVolume(world, labels, [longName]), kind: 'mask', size, targetName: longName });
    for (const value of Object.values(dataset.attributes)) if (typeof value === 'string') expect(value.length).toBeLessThanOrEqual(MAX_ATTRIBUTE_CHARS);
    const bytes = await encodeLessonDataset(dataset, { dtypeY: 'uint8' });
    const read = await readLessonDataset(bytes, { rules: taskDescriptor('segmentation').data });
    expect(read.height).toBe(size);
    for (const split of ['train', 'val', 'test'] as const) {
      expect(read[split]!.x).toEqual(dataset[split]!.x);
      expect(read[split]!.y).toEqual(dataset[split]!.y);
    }
    expect(read.attributes).toEqual(dataset.attributes);
  });
});

describe('volumesToLessonDataset (translation)', () => {
  const head = { n: [20, 20, 24], spacing: [1, 1, 1.5], origin: [0, 0, 0] } as WorldGrid;
  const inHead = (x: number, y: number, z: number) => z >= 4 && z <= 19 && ((x - 9.5) / 8) ** 2 + ((y - 9.5) / 9) ** 2 <= 1;
  const t1 = (x: number, y: number, z: number) => (inHead(x, y, z) ? 300 + 5 * x + z : 3 + ((x * 7 + y * 3 + z) % 4));
  const t2 = (x: number, y: number, z: number) => (inHead(x, y, z) ? 800 - 4 * y + z : 2);

  it('keeps the slices that hold the head and puts a coarser target onto the input’s grid', async () => {
    const image = storedVolume(head, t1, [0, 1, 2], [-1, -1, 1], ['t1.nii.gz']);
    // The T2 comes on a grid of 2 mm voxels in-plane: resampled (trilinear) onto the T1's grid.
    const coarse = { ...head, n: [10, 10, 24], spacing: [2, 2, 1.5], origin: [0.5, 0.5, 0] } as WorldGrid;
    const target = rasVolume(coarse, (x, y, z) => t2(2 * x + 0.5, 2 * y + 0.5, z), ['t2.nii.gz']);
    const dataset = volumesToLessonDataset({ image, target, kind: 'image', size: 20 });
    // The head spans levels 4…19 (16 slices): 10 train, 2 val, 2 test and 2 gaps.
    expect([dataset.train.count, dataset.val.count, dataset.test!.count]).toEqual([10, 2, 2]);
    expect(dataset.attributes.sliceIndicesTrain).toBe('4-13');
    expect(dataset.attributes.units).toBeUndefined();
    expect(dataset.attributes.targetGrid).toContain('trilinear');
    expect(dataset.warnings!.join(' ')).toMatch(/t2\.nii\.gz \(10×10×24 voxels of 2×2×1\.5 mm\) was resampled/);
    const bytes = await encodeLessonDataset(dataset);
    const read = await readLessonDataset(bytes, { rules: taskDescriptor('translation').data });
    expect(read.test!.y).toEqual(dataset.test!.y);
  });

  it('puts the target in the course’s target units: the same lesson whatever factor the scanner stored it with', () => {
    const image = rasVolume(head, t1, ['t1.nii.gz']);
    const stored = volumesToLessonDataset({ image, target: rasVolume(head, t2, ['t2.nii.gz']), kind: 'image', size: 20 });
    const tenfold = volumesToLessonDataset({ image, target: rasVolume(head, (x, y, z) => 10 * t2(x, y, z), ['t2x10.nii.gz']), kind: 'image', size: 20 });
    const scale = stored.attributes.scaleTarget as number;
    // The bright end of this T2 lies inside the head (800 − 4y + z at most 819); 1 is about its brightest tissue.
    expect(scale).toBeGreaterThan(780);
    expect(scale).toBeLessThanOrEqual(819);
    expect(tenfold.attributes.scaleTarget as number).toBeCloseTo(10 * scale, 3);
    for (const split of ['train', 'val', 'test'] as const) {
      const a = stored[split]!.y;
      const b = tenfold[split]!.y;
      expect(Math.max(...a)).toBeLessThanOrEqual(819 / scale + 1e-6);
      a.forEach((v, k) => expect(b[k]).toBeCloseTo(v, 5));
    }
    expect(stored.attributes.yUnits).toMatch(/divided by \d+(\.\d+)? \(the target's 99\.95th percentile/);
  });

  it('refuses a target image without positive signal', () => {
    const image = rasVolume(head, t1, ['t1.nii.gz']);
    const negative = rasVolume(head, (x, y, z) => -1 - x - y - z, ['phase.nii.gz']);
    expect(() => volumesToLessonDataset({ image, target: negative, kind: 'image', size: 20 })).toThrow(/phase\.nii\.gz to hold a positive signal/);
  });

  it('refuses a mask given as the target image of a translation', () => {
    const image = rasVolume(head, t1);
    const mask = rasVolume(head, (x, y, z) => (inHead(x, y, z) ? 1 : 0));
    expect(() => volumesToLessonDataset({ image, target: mask, kind: 'image', size: 20 })).toThrow(/hold only 0 and 1/);
  });
});
