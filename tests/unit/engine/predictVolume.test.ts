import * as tf from '@tensorflow/tfjs';
import { gunzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { targetScale } from '../../../src/lib/data/targetScale';
import { createEngine } from '../../../src/lib/engine/engine';
import type { EngineApi, NamedBytes } from '../../../src/lib/engine/protocol';
import { predictVolumeSlices } from '../../../src/lib/engine/volumePrediction';
import { createRunConfig, taskDescriptor } from '../../../src/lib/tasks';
import { buildRunModel } from '../../../src/lib/train/buildRunModel';
import { fromLayersModelFiles, toLayersModelFiles, type LayersModelFiles } from '../../../src/lib/train/layersModelFiles';
import { readNifti } from '../../../src/lib/volumes/niftiRead';
import { writeNifti } from '../../../src/lib/volumes/niftiWrite';
import { storedVolume, type WorldGrid } from '../volumes/volumeFixtures';
import { NODE_CAPABILITIES } from '../nodeCapabilities';

const caps = NODE_CAPABILITIES;

// A scan stored LPS (as from DICOM) of 20×20 one-millimetre pixels: a model of size 16 sees it resampled.
const world: WorldGrid = { n: [20, 20, 10], spacing: [1, 1, 2], origin: [-10, -10, -10] };
const inBody = (x: number, y: number) => ((x - 9.5) / 9) ** 2 + ((y - 9.5) / 8) ** 2 <= 1;
const inOrgan = (x: number, y: number, z: number) => z >= 2 && z <= 7 && ((x - 9) / 4) ** 2 + ((y - 9) / 3) ** 2 <= 1;
const ct = (x: number, y: number, z: number) => (inBody(x, y) ? (inOrgan(x, y, z) ? -800 + z : 20 + x) : -1000);
const labels = (x: number, y: number, z: number) => (inOrgan(x, y, z) ? 2 : 0);
const t1 = (x: number, y: number, z: number) => (inBody(x, y) ? 300 + 8 * x + 3 * z : 0);
const t2 = (x: number, y: number) => (inBody(x, y) ? 900 - 10 * x + y : 0);

function file(name: string, fill: (x: number, y: number, z: number) => number, options: { asMask?: boolean; origin?: WorldGrid['origin']; ras?: boolean } = {}): NamedBytes {
  const volume = storedVolume({ ...world, origin: options.origin ?? world.origin }, fill, [0, 1, 2], options.ras ? [1, 1, 1] : [-1, -1, 1]);
  const data = options.asMask ? Uint8Array.from(volume.data) : volume.data;
  return { name, bytes: writeNifti({ dims: volume.dims, data, affine: volume.affine }, { gzip: name.endsWith('.gz') }) };
}

async function modelFiles(task: 'segmentation' | 'translation', size: { height: number; width: number }): Promise<LayersModelFiles> {
  const model = buildRunModel(createRunConfig(task, { model: 'plain', ...size, seed: 3 }), taskDescriptor(task));
  try {
    return await toLayersModelFiles(model, { task, normalization: { kind: 'zscore-slice' }, inputUnits: task === 'segmentation' ? 'HU' : 'other' });
  } finally {
    model.dispose();
  }
}

describe('engine predictVolume', () => {
  let engine: EngineApi;
  beforeAll(async () => {
    engine = createEngine();
    await engine.init({ backend: 'wasm', capabilities: caps });
  });
  afterAll(() => engine.dispose({}));

  it('refuses clearly when there is no model', async () => {
    await expect(engine.predictVolume({ image: [file('ct.nii.gz', ct)] })).rejects.toMatchObject({ message: 'There is no model to predict with.', hint: expect.stringContaining('import a saved one') });
  });

  it('writes a uint8 mask on the scan’s own grid and affine, with 3-D Dice and HD95 against a reference on another grid', async () => {
    await engine.importModel(await modelFiles('segmentation', { height: 16, width: 16 }));
    const image = file('ct.nii.gz', ct);
    const { bytes, fileName, summary } = await engine.predictVolume({ image: [image], reference: [file('mask.nii', labels, { asMask: true, ras: true, origin: [-9, -10, -10] })], label: 2 });
    expect(fileName).toBe('ct-prediction.nii.gz');
    const input = readNifti(image.bytes, { name: 'ct.nii.gz' });
    const out = readNifti(bytes, { name: fileName });
    expect(out.dims).toEqual(input.dims);
    out.affine.forEach((v, i) => expect(v).toBeCloseTo(input.affine[i], 5));
    const raw = gunzipSync(bytes);
    expect(new DataView(raw.buffer).getInt16(70, true)).toBe(2);
    expect(String.fromCharCode(...raw.subarray(148, 180))).toContain('segmentation prediction: 1 =');
    expect([...new Set(out.data)].every((v) => v === 0 || v === 1)).toBe(true);
    expect(summary).toMatchObject({ task: 'segmentation', dims: [20, 20, 10], spacing: [1, 1, 2], orientation: { image: 'LPS', reference: 'RAS' }, slicesRun: 10, size: 16, pixelSizeMm: 1.25 });
    expect(summary.metrics?.map((m) => m.key)).toEqual(['dice3d', 'hd95Mm']);
    const dice = summary.metrics![0].value;
    expect(dice).toBeGreaterThanOrEqual(0);
    expect(dice).toBeLessThanOrEqual(1);
    expect(summary.warnings.join(' ')).toMatch(/resampled onto the grid of ct\.nii\.gz/);
  });

  it('gives, voxel for voxel, what the pipeline gives with the same model, as float32 for an image task, with the head metrics', async () => {
    const files = await modelFiles('translation', { height: 16, width: 16 });
    await engine.importModel(files);
    const image = file('t1.nii', t1);
    const reference = file('t2.nii.gz', t2);
    const { bytes, summary } = await engine.predictVolume({ image: [image], reference: [reference] });
    const out = readNifti(bytes, { name: 'p.nii.gz' });
    // Without a reference the file holds the model's own target units; with one, the reference's units.
    const bare = readNifti((await engine.predictVolume({ image: [file('t1.nii', t1)] })).bytes, { name: 'q.nii.gz' });
    const scale = targetScale(readNifti(reference.bytes, { name: 't2.nii.gz' }).data, 't2');
    expect(new DataView(gunzipSync(bytes).buffer).getInt16(70, true)).toBe(16);
    const model = await fromLayersModelFiles(files);
    const expected = await predictVolumeSlices({
      image: readNifti(image.bytes, { name: 't1.nii' }), size: 16, normalization: { kind: 'zscore-slice' }, binary: false,
      predict: async (slices) => {
        const y = tf.tidy(() => model.predict(tf.tensor4d(slices.data, [slices.count, 16, 16, 1])) as tf.Tensor);
        try {
          return (await y.data()) as Float32Array;
        } finally {
          y.dispose();
        }
      },
    });
    model.dispose();
    bare.data.forEach((v, i) => expect(v).toBeCloseTo(expected.voxels[i], 4));
    out.data.forEach((v, i) => expect(v / scale).toBeCloseTo(expected.voxels[i], 4));
    expect(summary.values).toMatch(/in the reference's units \(target units × /);
    expect(summary.metrics?.map((m) => m.key)).toEqual(['maeInHead', 'psnrInHead', 'ssimInHead']);
    expect(summary.metrics![0].label).toMatch(/target units: fractions of the reference's 99\.95th percentile/);
    expect(summary.metrics![0].value).toBeGreaterThan(0);
  });

  it('refuses a mask as the reference of an image model, a label for it, and a model that does not take square slices', async () => {
    await engine.importModel(await modelFiles('translation', { height: 16, width: 16 }));
    const image = [file('t1.nii', t1)];
    const mask = file('mask.nii', (x, y, z) => (labels(x, y, z) > 0 ? 1 : 0), { asMask: true });
    await expect(engine.predictVolume({ image, reference: [mask] }))
      .rejects.toMatchObject({ name: 'DatasetFormatError', message: expect.stringContaining('target image for the translation model, but it holds only 0 and 1') });
    await expect(engine.predictVolume({ image, reference: [file('t2.nii', t2)], label: 1 })).rejects.toMatchObject({ name: 'SettingsError' });
    await engine.importModel(await modelFiles('segmentation', { height: 16, width: 24 }));
    await expect(engine.predictVolume({ image: [file('ct.nii.gz', ct)] })).rejects.toThrow(/square one-channel slices.*takes 16×24×1/);
  });
});
