import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { consoleCapture } from './consoleCapture';
import { runImportCli } from '../../../scripts/importCli';
import { parsePredictArgs, PREDICT_USAGE, runPredictCli } from '../../../scripts/predictCli';
import { runTrainCli } from '../../../scripts/trainCli';
import { readNifti } from '../../../src/lib/volumes/niftiRead';
import { writeNifti } from '../../../src/lib/volumes/niftiWrite';
import { storedVolume, type WorldGrid } from '../volumes/volumeFixtures';

// npm run predict on a model that npm run train saved after one epoch on a file npm run import made.
const dir = mkdtempSync(join(tmpdir(), 'predict-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const { out, err, capture: captureConsole } = consoleCapture();
afterEach(() => vi.restoreAllMocks());

const world: WorldGrid = { n: [20, 20, 30], spacing: [1, 1, 2], origin: [-10, -10, -30] };
const inBody = (x: number, y: number) => ((x - 9.5) / 9) ** 2 + ((y - 9.5) / 8) ** 2 <= 1;
const inOrgan = (x: number, y: number, z: number) => z >= 3 && z <= 26 && ((x - 9) / 4) ** 2 + ((y - 9) / 3) ** 2 <= 1;
const ct = (x: number, y: number, z: number) => (inBody(x, y) ? (inOrgan(x, y, z) ? -800 + z : 20 + x) : -1000);
const mask = (x: number, y: number, z: number) => (inOrgan(x, y, z) ? 1 : 0);

function writeScan(name: string, fill: (x: number, y: number, z: number) => number, asMask = false): string {
  const volume = storedVolume(world, fill, [0, 1, 2], [-1, -1, 1]);
  const path = join(dir, name);
  writeFileSync(path, writeNifti({ dims: volume.dims, affine: volume.affine, data: asMask ? Uint8Array.from(volume.data) : volume.data }, { gzip: name.endsWith('.gz') }));
  return path;
}

const modelDir = join(dir, 'model');
let ctPath = '';
let maskPath = '';

describe('npm run predict', () => {
  beforeAll(async () => {
    ctPath = writeScan('ct.nii.gz', ct);
    maskPath = writeScan('mask.nii.gz', mask, true);
    const lesson = join(dir, 'lesson.h5');
    captureConsole();
    expect(await runImportCli(['--task', 'segmentation', '--image', ctPath, '--mask', maskPath, '--out', lesson, '--size', '16'])).toBe(0);
    expect(await runTrainCli(['--data', lesson, '--task', 'segmentation', '--epochs', '1', '--batch', '4', '--model', 'plain', '--save', modelDir])).toBe(0);
    vi.restoreAllMocks();
  }, 120_000);

  it('writes the prediction on the scan’s grid and prints what it read, ran and scored', async () => {
    const pred = join(dir, 'pred.nii.gz');
    captureConsole();
    const code = await runPredictCli(['--model-from', modelDir, '--image', ctPath, '--out', pred, '--mask', maskPath]);
    expect(err).toEqual([]);
    expect(code).toBe(0);
    const input = readNifti(new Uint8Array(readFileSync(ctPath)), { name: 'ct.nii.gz' });
    const written = readNifti(new Uint8Array(readFileSync(pred)), { name: 'pred.nii.gz' });
    expect(written.dims).toEqual(input.dims);
    written.affine.forEach((v, i) => expect(v).toBeCloseTo(input.affine[i], 5));
    expect(written.data.every((v) => v === 0 || v === 1)).toBe(true);
    expect(out[0]).toBe(`Read ${ctPath}: 20×20×30 voxels of 1×1×2 mm, orientation LPS.`);
    expect(out[1]).toBe('Ran the segmentation model on 30 axial slices of 16×16 pixels (1.25 mm).');
    expect(out[2]).toMatch(new RegExp(`^Wrote ${pred.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: segmentation prediction: 1 = lung mask`));
    expect(out[3]).toMatch(/^3-D Dice \(whole volume\): (0|1)\.\d{3}$/);
    expect(out[4]).toMatch(/^HD95 \(mm, 3-D boundaries\): /);
  });

  it('refuses a --target for a segmentation model with the usage (exit 2)', async () => {
    captureConsole();
    expect(await runPredictCli(['--model-from', modelDir, '--image', ctPath, '--out', join(dir, 'p.nii.gz'), '--target', ctPath])).toBe(2);
    expect(err.join('\n')).toContain(`--target does not fit the segmentation model in ${modelDir}: pass its reference mask with --mask.`);
    expect(err.join('\n')).toContain(PREDICT_USAGE);
  });

  it('names a truncated .nii.gz for what it is (exit 1) and writes nothing', async () => {
    const cut = join(dir, 'cut.nii.gz');
    const whole = readFileSync(ctPath);
    writeFileSync(cut, whole.subarray(0, Math.floor(whole.length / 2)));
    captureConsole();
    const outPath = join(dir, 'never.nii.gz');
    expect(await runPredictCli(['--model-from', modelDir, '--image', cut, '--out', outPath])).toBe(1);
    expect(err[0]).toBe(`DatasetFormatError: ${cut} is not a valid gzip stream (unexpected EOF).`);
    expect(err[1]).toMatch(/^Hint: The file is corrupt or was cut short/);
    expect(() => readFileSync(outPath)).toThrow();
  });

  it('answers --help, and refuses missing or clashing flags before reading anything (exit 2)', async () => {
    captureConsole();
    expect(await runPredictCli(['--help'])).toBe(0);
    expect(out).toEqual([PREDICT_USAGE]);
    expect(await runPredictCli(['--model-from', modelDir, '--image', ctPath])).toBe(2);
    expect(err[0]).toBe(`--model-from, --image and --out are required.\n\n${PREDICT_USAGE}`);
    expect(() => parsePredictArgs(['--model-from', 'm', '--image', 'i', '--out', 'o.nii'])).toThrow(/--out expects a \.nii\.gz/);
    expect(() => parsePredictArgs(['--model-from', 'm', '--image', 'i', '--out', 'o.nii.gz', '--mask', 'a', '--target', 'b'])).toThrow(/not both/);
    expect(() => parsePredictArgs(['--model-from', 'm', '--image', 'i', '--out', 'o.nii.gz', '--label', '2'])).toThrow(/pass --mask too/);
    expect(parsePredictArgs(['--model-from', 'm', '--image', 'i', '--out', 'o.nii.gz', '--mask', 'a', '--label', '2', '--series', '1.2'])).toEqual({ modelFrom: 'm', image: 'i', out: 'o.nii.gz', reference: { kind: 'mask', path: 'a' }, label: 2, series: '1.2' });
    expect(await runPredictCli(['--model-from', join(dir, 'nowhere'), '--image', ctPath, '--out', join(dir, 'x.nii.gz')])).toBe(2);
  });
});
