import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { consoleCapture } from './consoleCapture';
import { parseImportArgs, runImportCli } from '../../../scripts/importCli';
import { runTrainCli } from '../../../scripts/trainCli';
import { inspectDataset } from '../../../src/lib/data/inspectDataset';
import { datasetRulesByTask } from '../../../src/lib/tasks';
import { writeNifti } from '../../../src/lib/volumes/niftiWrite';
import { storedVolume, type WorldGrid } from '../volumes/volumeFixtures';
import { buildSeries, valueAt } from '../volumes/dicomSeriesFixtures';
import { readLessonDataset } from '../../../src/lib/data/readLessonDataset';

// npm run import writes what the engine made of the scans; the file must go straight into inspect-data and train.
const dir = mkdtempSync(join(tmpdir(), 'import-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const { out, err, capture: captureConsole } = consoleCapture();
afterEach(() => vi.restoreAllMocks());

const world: WorldGrid = { n: [20, 20, 30], spacing: [1, 1, 2], origin: [-10, -10, -30] };
const inBody = (x: number, y: number) => ((x - 9.5) / 9) ** 2 + ((y - 9.5) / 8) ** 2 <= 1;
const inOrgan = (x: number, y: number, z: number) => z >= 3 && z <= 26 && ((x - 9) / 4) ** 2 + ((y - 9) / 3) ** 2 <= 1;
const ct = (x: number, y: number, z: number) => (inBody(x, y) ? (inOrgan(x, y, z) ? 60 + z : 20 + x) : -1000);
const mask = (x: number, y: number, z: number) => (inOrgan(x, y, z) ? 1 : 0);

function writeScan(name: string, fill: (x: number, y: number, z: number) => number, options: { asMask?: boolean; origin?: WorldGrid['origin'] } = {}): string {
  const volume = storedVolume({ ...world, origin: options.origin ?? world.origin }, fill, [0, 1, 2], [-1, -1, 1]);
  const path = join(dir, name);
  writeFileSync(path, writeNifti({ dims: volume.dims, affine: volume.affine, data: options.asMask ? Uint8Array.from(volume.data) : volume.data }, { gzip: name.endsWith('.gz') }));
  return path;
}

describe('npm run import', () => {
  it('writes a segmentation lesson file that inspect-data accepts and train trains on for one epoch', async () => {
    const lesson = join(dir, 'lesson.h5');
    captureConsole();
    const code = await runImportCli(['--task', 'segmentation', '--image', writeScan('ct.nii.gz', ct), '--mask', writeScan('mask.nii.gz', mask, { asMask: true }), '--out', lesson, '--size', '16']);
    expect(err).toEqual([]);
    expect(code).toBe(0);
    const inspection = await inspectDataset(new Uint8Array(readFileSync(lesson)), { tasks: datasetRulesByTask() });
    expect(inspection.lessons.segmentation.usable).toBe(true);
    const { train = 0, val = 0, test = 0 } = inspection.counts;
    expect(out[0]).toBe(`Wrote ${lesson}: segmentation, 16×16 slices, train ${train}, val ${val}, test ${test}.`);
    expect(out[1]).toContain('image LPS, target LPS');
    expect(train + val + test).toBeGreaterThan(16);

    captureConsole();
    expect(await runTrainCli(['--data', lesson, '--task', 'segmentation', '--epochs', '1', '--batch', '4', '--model', 'plain'])).toBe(0);
    expect(out.some((line) => /epoch 1/i.test(line))).toBe(true);
  });

  it('reads every file of a folder as a DICOM series and names what it could not read (exit 1)', async () => {
    const folder = join(dir, 'not-dicom');
    mkdirSync(folder);
    writeFileSync(join(folder, 'notes.txt'), 'not a scan');
    captureConsole();
    expect(await runImportCli(['--task', 'segmentation', '--image', folder, '--mask', writeScan('m.nii', mask, { asMask: true }), '--out', join(dir, 'x.h5')])).toBe(1);
    expect(err[0]).toMatch(/^DatasetFormatError: .*notes\.txt/);
  });

  it('refuses a mask given as the target of a translation (exit 1, message and hint)', async () => {
    captureConsole();
    const code = await runImportCli(['--task', 'translation', '--image', writeScan('t1.nii', ct), '--target', writeScan('labels.nii', mask, { asMask: true }), '--out', join(dir, 'bad.h5'), '--size', '16']);
    expect(code).toBe(1);
    expect(err[0]).toMatch(/^DatasetFormatError: .*segmentation/);
    expect(err[1]).toMatch(/^Hint: /);
  });

  it('refuses a mask that lies nowhere near the image (exit 1)', async () => {
    captureConsole();
    const far = writeScan('far-mask.nii', mask, { asMask: true, origin: [500, 500, 500] });
    expect(await runImportCli(['--task', 'segmentation', '--image', writeScan('ct2.nii', ct), '--mask', far, '--out', join(dir, 'far.h5')])).toBe(1);
    expect(err[0]).toContain('far-mask.nii');
  });

  it('answers bad arguments with the usage (exit 2)', async () => {
    captureConsole();
    expect(await runImportCli(['--task', 'translation', '--image', 'a.nii', '--mask', 'b.nii', '--out', 'c.h5'])).toBe(2);
    expect(err[0]).toContain('--mask does not fit the translation task');
    expect(await runImportCli(['--task', 'segmentation', '--image', join(dir, 'missing.nii'), '--mask', 'b.nii', '--out', 'c.h5'])).toBe(2);
    expect(() => parseImportArgs(['--task', 'segmentation', '--image', 'a', '--mask', 'b', '--out', 'c', '--size', '1.5'])).toThrow('--size expects an integer');
    expect(parseImportArgs(['--task', 'segmentation', '--image', 'a', '--mask', 'b', '--out', 'c', '--label', '2'])).toEqual({ task: 'segmentation', image: 'a', target: 'b', out: 'c', label: 2 });
  });

  it('imports a DICOM folder (instance numbers shuffled) exactly as its NIfTI twin, through the command line', async () => {
    // The series: 12 axial slices of 16×16 stored LPS, 1 mm pixels, 2 mm apart, first pixel at LPS (−7, −7, 0): see lpsOf.
    const spec = { uid: '2.25.7', slices: 12, rows: 16, columns: 16, orientation: [1, 0, 0, 0, 1, 0], pixelSpacing: [1, 1], origin: [-7, -7, 0], step: [0, 0, 2], modality: 'CT' };
    const folder = join(dir, 'dicom-ct');
    mkdirSync(folder);
    for (const file of buildSeries(spec)) writeFileSync(join(folder, file.name), file.bytes);
    // Its twin on the same world grid, stored RAS: world voxel (x, y, z) lies at RAS (−8 + x, −8 + y, 2z), LPS (8 − x, 8 − y, 2z).
    const grid: WorldGrid = { n: [16, 16, 12], spacing: [1, 1, 2], origin: [-8, -8, 0] };
    const twin = storedVolume(grid, (x, y, z) => valueAt([8 - x, 8 - y, 2 * z]), [0, 1, 2], [1, 1, 1]);
    const twinPath = join(dir, 'twin.nii');
    writeFileSync(twinPath, writeNifti({ dims: twin.dims, affine: twin.affine, data: twin.data }));
    const organ = storedVolume(grid, (x, y, z) => (z >= 2 && z <= 9 && ((x - 7.5) / 5) ** 2 + ((y - 7.5) / 4) ** 2 <= 1 ? 1 : 0), [0, 1, 2], [1, 1, 1]);
    const maskPath = join(dir, 'organ.nii');
    writeFileSync(maskPath, writeNifti({ dims: organ.dims, affine: organ.affine, data: Uint8Array.from(organ.data) }));

    captureConsole();
    const first = await runImportCli(['--task', 'segmentation', '--image', folder, '--mask', maskPath, '--out', join(dir, 'from-dicom.h5'), '--size', '16']);
    expect(err).toEqual([]);
    expect(first).toBe(0);
    expect(await runImportCli(['--task', 'segmentation', '--image', twinPath, '--mask', maskPath, '--out', join(dir, 'from-nifti.h5'), '--size', '16'])).toBe(0);
    expect(err).toEqual([]);
    expect(out[1]).toContain('image LPS, target RAS');
    const [fromDicom, fromNifti] = await Promise.all(['from-dicom.h5', 'from-nifti.h5'].map((name) => readLessonDataset(new Uint8Array(readFileSync(join(dir, name))), { rules: datasetRulesByTask().segmentation })));
    expect(fromDicom.train.count).toBeGreaterThan(0);
    for (const split of ['train', 'val'] as const) {
      expect(fromDicom[split].count).toBe(fromNifti[split].count);
      expect(Array.from(fromDicom[split].x)).toEqual(Array.from(fromNifti[split].x));
      expect(Array.from(fromDicom[split].y)).toEqual(Array.from(fromNifti[split].y));
    }
    const inspection = await inspectDataset(new Uint8Array(readFileSync(join(dir, 'from-dicom.h5'))), { tasks: datasetRulesByTask() });
    expect(inspection.attributes).toMatchObject({ units: 'HU', seriesInstanceUid: '2.25.7', modality: 'CT' });
  });

  it('lists the series of a folder that holds several, reads the largest, and another with --image-series', async () => {
    const fine = { uid: '2.25.11', slices: 12, rows: 16, columns: 16, orientation: [1, 0, 0, 0, 1, 0], pixelSpacing: [1, 1], origin: [-7, -7, 0], step: [0, 0, 2], modality: 'MR', description: 'T1 fine' };
    const coarse = { ...fine, uid: '2.25.12', slices: 6, step: [0, 0, 4], description: 'T1 coarse' };
    const folder = join(dir, 'two-series');
    mkdirSync(folder);
    for (const file of buildSeries(fine)) writeFileSync(join(folder, `a-${file.name}`), file.bytes);
    for (const file of buildSeries(coarse)) writeFileSync(join(folder, `b-${file.name}`), file.bytes);
    const t2 = join(dir, 't2-series');
    mkdirSync(t2);
    for (const file of buildSeries({ ...fine, uid: '2.25.13', description: 'T2' })) writeFileSync(join(t2, file.name), file.bytes);
    captureConsole();
    expect(await runImportCli(['--task', 'translation', '--image', folder, '--target', t2, '--out', join(dir, 'two.h5'), '--size', '16'])).toBe(0);
    expect(out).toContain('The image folder holds 2 series (the first was read; choose another with --image-series UID):');
    expect(out).toContain('  2.25.11  T1 fine, MR, 12 files of 16×16');
    expect(out).toContain('  2.25.12  T1 coarse, MR, 6 files of 16×16');
    captureConsole();
    expect(await runImportCli(['--task', 'translation', '--image', folder, '--target', t2, '--out', join(dir, 'two-b.h5'), '--size', '16', '--image-series', '2.25.12'])).toBe(0);
    const inspection = await inspectDataset(new Uint8Array(readFileSync(join(dir, 'two-b.h5'))), { tasks: datasetRulesByTask() });
    expect(inspection.attributes).toMatchObject({ seriesInstanceUid: '2.25.12' });
    captureConsole();
    expect(await runImportCli(['--task', 'translation', '--image', folder, '--target', t2, '--out', join(dir, 'two-c.h5'), '--image-series', '9.9'])).toBe(1);
    expect(err[0]).toMatch(/No series with SeriesInstanceUID 9\.9 among the files; found 2\.25\.11, 2\.25\.12/);
  });
});
