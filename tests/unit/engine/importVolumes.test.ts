import { describe, expect, it } from 'vitest';
import { inspectDataset } from '../../../src/lib/data/inspectDataset';
import { createEngine } from '../../../src/lib/engine/engine';
import { datasetRulesByTask } from '../../../src/lib/tasks';
import { writeNifti } from '../../../src/lib/volumes/niftiWrite';
import { storedVolume, type WorldGrid } from '../volumes/volumeFixtures';
import { buildSeries, type SeriesSpec } from '../volumes/dicomSeriesFixtures';

// A small head-and-chest grid stored LPS (as DICOM would be) with its mask stored RAS: the import must
// put both in the display convention, and the engine must hand back a file the lessons accept.
const world: WorldGrid = { n: [20, 20, 24], spacing: [1, 1, 2], origin: [-10, -10, -24] };
const inBody = (x: number, y: number) => ((x - 9.5) / 9) ** 2 + ((y - 9.5) / 8) ** 2 <= 1;
const inOrgan = (x: number, y: number, z: number) => z >= 4 && z <= 19 && ((x - 9) / 4) ** 2 + ((y - 9) / 3) ** 2 <= 1;
const ct = (x: number, y: number, z: number) => (inBody(x, y) ? (inOrgan(x, y, z) ? 60 + z : 20 + x) : -1000);
const labels = (x: number, y: number, z: number) => (inOrgan(x, y, z) ? 3 : 0);
const t2 = (x: number, y: number, z: number) => (inBody(x, y) ? 500 + 10 * x - 5 * y + z : 0);

const file = (name: string, fill: (x: number, y: number, z: number) => number, stored: 'LPS' | 'RAS', asMask = false) => {
  const volume = stored === 'LPS' ? storedVolume(world, fill, [0, 1, 2], [-1, -1, 1]) : storedVolume(world, fill, [0, 1, 2], [1, 1, 1]);
  const data = asMask ? Uint8Array.from(volume.data) : volume.data;
  return { name, bytes: writeNifti({ dims: volume.dims, data, affine: volume.affine }, { gzip: name.endsWith('.gz') }) };
};

describe('engine importVolumes', () => {
  it('turns a CT and its mask into a segmentation lesson file, with counts, orientations and the HU the task expects', async () => {
    const engine = createEngine();
    const { bytes, summary } = await engine.importVolumes({
      task: 'segmentation', size: 16, label: 3,
      image: [file('ct.nii.gz', ct, 'LPS')], target: [file('mask.nii', labels, 'RAS', true)],
    });
    expect(summary.orientation).toEqual({ image: 'LPS', target: 'RAS' });
    expect(summary.size).toBe(16);
    // Every slice with the organ (16 of them) lands in one split, less the gaps between blocks.
    const total = summary.counts.train + summary.counts.val + summary.counts.test;
    expect(summary.counts.train).toBeGreaterThan(summary.counts.val);
    expect(total).toBeGreaterThan(10);
    expect(total).toBeLessThanOrEqual(16);
    const inspection = await inspectDataset(bytes, { tasks: datasetRulesByTask() });
    expect(inspection.counts).toEqual(summary.counts);
    expect(inspection.lessons.segmentation.usable).toBe(true);
    expect(inspection.lessons.translation.usable).toBe(false);
    expect(inspection.attributes).toMatchObject({ units: 'HU', sourceImage: 'ct.nii.gz', sourceTarget: 'mask.nii', orientationImage: 'LPS', orientationTarget: 'RAS' });
    await engine.dispose({});
  });

  it('turns a T1 and a T2 into a translation lesson file with image targets', async () => {
    const engine = createEngine();
    const { bytes, summary } = await engine.importVolumes({ task: 'translation', size: 16, image: [file('t1.nii', ct, 'RAS')], target: [file('t2.nii.gz', t2, 'RAS')] });
    expect(summary.orientation).toEqual({ image: 'RAS', target: 'RAS' });
    const inspection = await inspectDataset(bytes, { tasks: datasetRulesByTask() });
    expect(inspection.lessons.translation.usable).toBe(true);
    expect(inspection.counts.train).toBe(summary.counts.train);
    await engine.dispose({});
  });

  it('refuses a label for translation, and a NIfTI file mixed into a DICOM folder, with what to do', async () => {
    const engine = createEngine();
    await expect(engine.importVolumes({ task: 'translation', label: 1, image: [file('t1.nii', ct, 'RAS')], target: [file('t2.nii', t2, 'RAS')] }))
      .rejects.toMatchObject({ name: 'SettingsError', hint: expect.stringContaining('--label') });
    await expect(engine.importVolumes({ task: 'segmentation', image: [file('a.nii', ct, 'RAS'), file('b.nii', ct, 'RAS')], target: [file('m.nii', labels, 'RAS', true)] }))
      .rejects.toThrow(/one NIfTI file or a DICOM series, but got 2 files including a\.nii/);
    await expect(engine.importVolumes({ task: 'segmentation', image: [], target: [file('m.nii', labels, 'RAS', true)] }))
      .rejects.toThrow(/at least one file for the image/);
    await engine.dispose({});
  });

  it('reads the largest DICOM series of a folder by default, and the one the learner chose when asked', async () => {
    const engine = createEngine();
    // Two series of the same head in one folder: a fine one (12 slices) and a coarse one (6 slices).
    const fine: SeriesSpec = { uid: '1.2.3.1', slices: 12, rows: 16, columns: 16, orientation: [1, 0, 0, 0, 1, 0], pixelSpacing: [1, 1], origin: [-8, -8, 0], step: [0, 0, 2], modality: 'MR', description: 'T1 fine' };
    const coarse: SeriesSpec = { ...fine, uid: '1.2.3.2', slices: 6, step: [0, 0, 4], description: 'T1 coarse' };
    const folder = [...buildSeries(fine), ...buildSeries(coarse).map((f) => ({ ...f, name: `coarse-${f.name}` }))];
    const target = buildSeries({ ...fine, uid: '1.2.3.9', description: 'T2' });
    const largest = await engine.importVolumes({ task: 'translation', size: 16, image: folder, target });
    expect(largest.summary.series.image.map((s) => s.seriesInstanceUid)).toEqual(['1.2.3.1', '1.2.3.2']);
    expect(largest.summary.series.target.map((s) => s.description)).toEqual(['T2']);
    expect((await inspectDataset(largest.bytes, { tasks: datasetRulesByTask() })).attributes).toMatchObject({ seriesInstanceUid: '1.2.3.1' });
    const chosen = await engine.importVolumes({ task: 'translation', size: 16, image: folder, target, imageSeries: '1.2.3.2' });
    expect((await inspectDataset(chosen.bytes, { tasks: datasetRulesByTask() })).attributes).toMatchObject({ seriesInstanceUid: '1.2.3.2' });
    await expect(engine.importVolumes({ task: 'translation', size: 16, image: folder, target, imageSeries: '9.9' })).rejects.toThrow(/No series with SeriesInstanceUID 9\.9/);
    await engine.dispose({});
  });
});
