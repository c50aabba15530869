import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'fflate';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { runImportCli } from '../../../scripts/importCli';
import { createEngine } from '../../../src/lib/engine/engine';
import type { NamedBytes } from '../../../src/lib/engine/volumeProtocol';
import { buildTestNifti, type TestNiftiSpec } from '../volumes/niftiTestFiles';
import { buildSeries, type SeriesSpec } from '../volumes/dicomSeriesFixtures';
import { sliceElements, writeDicom, type TestElement } from '../volumes/dicomTestWriter';
import { createRunConfig, taskDescriptor } from '../../../src/lib/tasks';
import { buildRunModel } from '../../../src/lib/train/buildRunModel';
import { toLayersModelFiles } from '../../../src/lib/train/layersModelFiles';
import { NODE_CAPABILITIES } from '../nodeCapabilities';

// Hostile scans through every way in: the command line (`npm run import`, files on disk), the engine
// request the page's worker runs (bytes from the learner's files), and a prediction on the scan (the scan
// as the image, the mask as the reference). Each must be refused with the same specific message and a
// hint, or accepted with the warning it deserves; none may crash or hang.
const dir = mkdtempSync(join(tmpdir(), 'volume-corpus-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

// A 16×16×12 body with a structure in its middle slices (float32, RAS, 1 mm).
const n = 16;
const values = Array.from({ length: n * n * 12 }, (_, v) => {
  const x = v % n;
  const y = Math.floor(v / n) % n;
  return (x - 7.5) ** 2 + (y - 7.5) ** 2 < 40 ? 40 + (v % 7) : -1000;
});
const maskValues = Array.from({ length: n * n * 12 }, (_, v) => {
  const x = v % n;
  const y = Math.floor(v / n) % n;
  const z = Math.floor(v / (n * n));
  return z >= 2 && z <= 9 && (x - 7.5) ** 2 + (y - 7.5) ** 2 < 10 ? 1 : 0;
});
const CT: TestNiftiSpec = { dim: [3, n, n, 12], datatype: 16, values, sformCode: 1, srow: [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0] };
const MASK: TestNiftiSpec = { ...CT, datatype: 2, values: maskValues };
const SERIES: SeriesSpec = { uid: '1.2.3.4', slices: 12, rows: n, columns: n, orientation: [1, 0, 0, 0, 1, 0], pixelSpacing: [1, 1], origin: [-15, -15, 0], step: [0, 0, 1] };
const without = (tag: number) => (elements: TestElement[]) => elements.filter((e) => e.tag !== tag);

const noisy = gzipSync(buildTestNifti({ ...CT, values: values.map((v, i) => v + ((i * 7919) % 13)) }));
const corrupt = noisy.slice();
// Damage inside the voxels' part of the stream: an error from inflating, or else the CRC-32 check.
for (let i = corrupt.length >> 1; i < (corrupt.length >> 1) + 4; i++) corrupt[i] ^= 0x5a;
// Damage a checksum cannot miss: the trailer's CRC-32 no longer fits the (intact) data.
const badCrc = noisy.slice();
badCrc[badCrc.length - 8] ^= 0x01;
const nan = [...values];
nan[100] = Number.NaN;

interface Case {
  name: string;
  image: NamedBytes[];
  mask?: NamedBytes[];
  refused?: RegExp;
  warned?: RegExp;
}
const one = (name: string, bytes: Uint8Array): NamedBytes[] => [{ name, bytes }];
const mask = one('mask.nii', buildTestNifti(MASK));
const CASES: Case[] = [
  { name: 'a truncated .nii.gz', image: one('ct.nii.gz', noisy.subarray(0, noisy.length >> 1)), refused: /ct\.nii\.gz is not a valid gzip stream \(unexpected EOF\)/ },
  { name: 'a corrupt gzip stream', image: one('ct.nii.gz', corrupt), refused: /ct\.nii\.gz (is not a valid gzip stream|inflates to \d+ bytes, but its header needs \d+)/ },
  { name: 'a gzip stream whose CRC-32 does not match', image: one('ct.nii.gz', badCrc), refused: /ct\.nii\.gz is not a valid gzip stream \(its CRC-32 check fails: the data is damaged\)/ },
  { name: 'a wrong magic', image: one('ct.nii', buildTestNifti({ ...CT, magic: 'abc\0' })), refused: /has the NIfTI-1 magic "abc"; expected "n\+1"/ },
  { name: 'a dimension of 0', image: one('ct.nii', buildTestNifti({ ...CT, dim: [3, n, 0, 12], values: [] })), refused: /dim\[2\] is 0/ },
  { name: 'a header declaring 128 TiB', image: one('ct.nii', buildTestNifti({ ...CT, dim: [3, 32767, 32767, 32767], values: [] })), refused: /32767×32767×32767 volume: .*more than the memory budget/ },
  { name: 'NaN voxels', image: one('ct.nii', buildTestNifti({ ...CT, values: nan })), refused: /has 1 voxel that is NaN or infinite/ },
  { name: 'a mask that lies elsewhere', image: one('ct.nii', buildTestNifti(CT)), mask: one('far.nii', buildTestNifti({ ...MASK, srow: [1, 0, 0, 500, 0, 1, 0, 500, 0, 0, 1, 500] })), refused: /far\.nii/ },
  { name: 'a 4-D file (the first volume, said so)', image: one('ct4d.nii', buildTestNifti({ ...CT, dim: [4, n, n, 12, 2], values: [...values, ...values] })), warned: /ct4d\.nii holds 2 volumes \(dim 16×16×12×2\); only the first was read/ },
  { name: 'DICOM files without ImagePositionPatient', image: buildSeries({ ...SERIES, edit: without(0x00200032) }), refused: /has no ImagePositionPatient \(0020,0032\)/ },
  { name: 'DICOM files without ImageOrientationPatient', image: buildSeries({ ...SERIES, edit: without(0x00200037) }), refused: /has no ImageOrientationPatient \(0020,0037\)/ },
  { name: 'a non-image DICOM file', image: one('DICOMDIR', writeDicom(without(0x7fe00010)(sliceElements({ seriesUid: '9', instanceNumber: 1, position: [0, 0, 0], rows: 1, columns: 1, stored: [0] })))), refused: /DICOMDIR is a DICOM file without pixel data/ },
  { name: 'a JPEG 2000 series', image: buildSeries(SERIES).map((f) => ({ ...f, bytes: writeDicom(sliceElements({ seriesUid: '7', instanceNumber: 1, position: [0, 0, 0], rows: n, columns: n, stored: new Array(n * n).fill(0) }), { transferSyntaxUid: '1.2.840.10008.1.2.4.90' }) })), refused: /JPEG 2000 lossless \(1\.2\.840\.10008\.1\.2\.4\.90\) is not supported/ },
  { name: 'a series mixing image sizes', image: buildSeries({ ...SERIES, edit: (e, s) => (s === 3 ? [...e.filter((x) => x.tag !== 0x00280010), { tag: 0x00280010, vr: 'US', value: [8] }] : e) }), refused: /mixes image sizes/ },
  { name: 'a text file', image: one('notes.txt', new TextEncoder().encode('patient list\n'.repeat(40))), refused: /notes\.txt is not a DICOM file/ },
];

async function cli(c: Case): Promise<{ code: number; out: string[]; err: string[] }> {
  const caseDir = join(dir, c.name.replace(/\W+/g, '-'));
  mkdirSync(caseDir, { recursive: true });
  const write = (files: NamedBytes[], sub: string) => {
    if (files.length === 1) {
      const path = join(caseDir, files[0].name);
      writeFileSync(path, files[0].bytes);
      return path;
    }
    const folder = join(caseDir, sub);
    mkdirSync(folder, { recursive: true });
    for (const f of files) writeFileSync(join(folder, f.name), f.bytes);
    return folder;
  };
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void out.push(args.join(' ')));
  vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void err.push(args.join(' ')));
  const code = await runImportCli(['--task', 'segmentation', '--image', write(c.image, 'image'), '--mask', write(c.mask ?? mask, 'mask'), '--out', join(caseDir, 'out.h5'), '--size', '16']);
  vi.restoreAllMocks();
  return { code, out, err };
}

const caps = NODE_CAPABILITIES;

describe('hostile scans on every path', () => {
  const engine = createEngine();
  const predictor = createEngine();
  beforeAll(async () => {
    // An untrained segmentation model: a prediction must read (or refuse) the scan before the model matters.
    await predictor.init({ backend: 'wasm', capabilities: caps });
    const model = buildRunModel(createRunConfig('segmentation', { model: 'plain', height: 16, width: 16, seed: 3 }), taskDescriptor('segmentation'));
    await predictor.importModel(await toLayersModelFiles(model, { task: 'segmentation', normalization: { kind: 'zscore-slice' }, inputUnits: 'HU' }));
    model.dispose();
  });
  afterAll(async () => {
    await engine.dispose({});
    await predictor.dispose({});
  });

  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_, c) => {
    // The page's path: copies of the bytes, as a worker receives them.
    const copy = (files: NamedBytes[]) => files.map((f) => ({ name: f.name, bytes: f.bytes.slice() }));
    const page = await engine.importVolumes({ task: 'segmentation', size: 16, image: copy(c.image), target: copy(c.mask ?? mask) })
      .then((result) => ({ result, error: null }), (error: unknown) => ({ result: null, error }));
    const command = await cli(c);
    const predicted = await predictor.predictVolume({ image: copy(c.image), reference: copy(c.mask ?? mask) })
      .then((result) => ({ result, error: null }), (error: unknown) => ({ result: null, error }));
    if (c.refused) {
      expect(predicted.error).toMatchObject({ name: 'DatasetFormatError', message: expect.stringMatching(c.refused), hint: expect.stringMatching(/\w{4}/) });
      expect(page.error).toMatchObject({ name: 'DatasetFormatError', message: expect.stringMatching(c.refused), hint: expect.stringMatching(/\w{4}/) });
      expect(command.code).toBe(1);
      expect(command.err[0]).toMatch(/^DatasetFormatError: /);
      expect(command.err[0]).toMatch(c.refused);
      expect(command.err[1]).toMatch(/^Hint: /);
    } else {
      expect(page.error).toBeNull();
      expect(page.result!.summary.warnings.join(' ')).toMatch(c.warned!);
      expect(predicted.error).toBeNull();
      expect(predicted.result!.summary.warnings.join(' ')).toMatch(c.warned!);
      expect(command.code).toBe(0);
      expect(command.out.join('\n')).toMatch(c.warned!);
    }
  });
});
