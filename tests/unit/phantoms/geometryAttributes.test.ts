import { describe, expect, it } from 'vitest';
import { volumesOfSplit } from '../../../src/lib/data/volumesOfSplit';
import { BRAIN_LEVEL_MM, brainSliceLevels, sampleBrainMriSubject } from '../../../src/lib/phantoms/brainMriSubject';
import { buildBrainDataset } from '../../../src/lib/phantoms/brainDataset';
import { CHEST_LEVEL_MM, chestSliceLevels, sampleChestCtSubject } from '../../../src/lib/phantoms/chestCtSubject';
import { phantomGeometryAttributes } from '../../../src/lib/phantoms/geometryAttributes';
import { buildLungDataset } from '../../../src/lib/phantoms/lungDataset';
import { subjectSeedsBySplit } from '../../../src/lib/phantoms/subjectSplits';

const tiny = { seed: 9, size: 24, subjects: { train: 2, val: 1, test: 2 }, slicesPerSubject: 3 };

describe('phantom geometry attributes', () => {
  it('record each test subject’s pixel size (fovMm / size) and slice levels in mm, which volumesOfSplit reads back', () => {
    const dataset = buildLungDataset(tiny);
    const seeds = subjectSeedsBySplit(tiny.seed, tiny.subjects).test;
    const { volumes, note } = volumesOfSplit(dataset.attributes, 'test', dataset.test!.count);
    expect(note).toBeNull();
    expect(volumes.map((v) => v.label)).toEqual(['Patient 4', 'Patient 5']);
    seeds.forEach((seed, k) => {
      const pixel = sampleChestCtSubject(seed).fovMm / tiny.size;
      const levels = chestSliceLevels(seed, tiny.slicesPerSubject).map((z) => z * CHEST_LEVEL_MM);
      const g = volumes[k].geometry!;
      expect(g.rowSpacingMm).toBeCloseTo(pixel, 4);
      expect(g.columnSpacingMm).toBe(g.rowSpacingMm);
      g.slicePositionsMm.forEach((mm, i) => expect(mm).toBeCloseTo(levels[i], 2));
      expect(g.separateSlices).toBe(true);
    });
    // The overall range keeps agreeing with the per-subject sizes.
    const all = String(dataset.attributes.pixelSizeMmTrain).split(',').map(Number);
    expect(all).toHaveLength(tiny.subjects.train);
    for (const p of all) expect(p).toBeGreaterThanOrEqual(Number(dataset.attributes.pixelSizeMmMin) - 1e-4);
  });

  it('do the same for the brain phantom, at its own millimetres per level', () => {
    const dataset = buildBrainDataset(tiny);
    const seed = subjectSeedsBySplit(tiny.seed, tiny.subjects).val[0];
    const [volume] = volumesOfSplit(dataset.attributes, 'val', dataset.val.count).volumes;
    expect(volume.geometry!.rowSpacingMm).toBeCloseTo(sampleBrainMriSubject(seed).fovMm / tiny.size, 4);
    volume.geometry!.slicePositionsMm.forEach((mm, i) => expect(mm).toBeCloseTo(brainSliceLevels(seed, 3)[i] * BRAIN_LEVEL_MM, 1));
    // Levels are written for the scored splits only; the train split has its pixel sizes, not its levels.
    expect(Object.keys(dataset.attributes).filter((k) => k.startsWith('sliceLevelsMm')).sort()).toEqual(['sliceLevelsMmTest1', 'sliceLevelsMmTest2', 'sliceLevelsMmVal1']);
  });

  it('fit the 200 characters the course reads of an attribute at the lessons’ sizes', () => {
    const subjects = Array.from({ length: 25 }, () => ({ fovMm: 333.3333 }));
    const z = Float32Array.from({ length: 5 * 16 }, (_, i) => -0.06 + (i % 16) * 0.07);
    const subject = Int32Array.from({ length: 5 * 16 }, (_, i) => Math.floor(i / 16));
    const empty = { z: new Float32Array(0), subject: new Int32Array(0) };
    const trainZ = Float32Array.from({ length: 20 * 16 }, () => 0.5);
    const trainSubject = Int32Array.from({ length: 20 * 16 }, (_, i) => Math.floor(i / 16));
    const attributes = phantomGeometryAttributes({ subjects, extras: { train: { z: trainZ, subject: trainSubject }, val: empty, test: { z, subject } }, size: 128, levelMm: CHEST_LEVEL_MM });
    for (const [name, text] of Object.entries(attributes)) expect(text.length, name).toBeLessThanOrEqual(200);
    expect(attributes.pixelSizeMmVal).toBe('');
    expect(attributes.sliceLevelsMmTest5.split(',')).toHaveLength(16);
  });
});
