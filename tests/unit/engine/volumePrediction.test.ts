import { gunzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { predictionNifti } from '../../../src/lib/engine/predictionNifti';
import { prepareReference, scoreAgainstReference } from '../../../src/lib/engine/referenceMetrics';
import { predictionFileName } from '../../../src/lib/engine/predictVolumeMethod';
import { assertPredictionBudget, normalizeSlices, predictionWorkingBytes, predictVolumeSlices } from '../../../src/lib/engine/volumePrediction';
import { zScorePerSlice } from '../../../src/lib/data/intensityScalings';
import { readDicomSeries } from '../../../src/lib/volumes/dicomSeries';
import { readNifti } from '../../../src/lib/volumes/niftiRead';
import { fittingSpacing, resampleSlices } from '../../../src/lib/volumes/resampleSlices';
import { toAxialSlices, type SliceStack } from '../../../src/lib/volumes/toAxialSlices';
import type { Volume } from '../../../src/lib/volumes/types';
import { buildSeries, obliqueOrientation, type SeriesSpec } from '../volumes/dicomSeriesFixtures';
import { ALL_ORIENTATIONS, codesOf, rotatedAboutZ, storedVolume, type WorldGrid } from '../volumes/volumeFixtures';

// A square in-plane field of view of 16×16 one-millimetre pixels: at model size 16 no resampling is needed,
// so a prediction must come back pixel for pixel, whatever the stored orientation.
const world: WorldGrid = { n: [16, 16, 9], spacing: [1, 1, 2.5], origin: [-8, -8, -10] };
const inBody = (x: number, y: number) => ((x - 7.5) / 7) ** 2 + ((y - 7.5) / 6) ** 2 <= 1;
const inOrgan = (x: number, y: number, z: number) => z >= 2 && z <= 6 && ((x - 6) / 3) ** 2 + ((y - 8) / 2.5) ** 2 <= 1;
const ct = (x: number, y: number, z: number) => (inBody(x, y) ? (inOrgan(x, y, z) ? -700 + 3 * z : 40 + x - y) : -2048);
const organ = (x: number, y: number, z: number) => (inOrgan(x, y, z) ? 1 : 0);

/** An oracle model: whatever it is given, it answers the reference's slices on the model grid (as the import would cut them). */
function oracle(reference: Volume, size: number, seen: SliceStack[] = []): (slices: SliceStack) => Promise<Float32Array> {
  const slices = toAxialSlices(reference);
  const prepared = resampleSlices(slices, { size, spacing: fittingSpacing(slices, size), interpolation: 'nearest' });
  return async (input) => {
    seen.push(input);
    return prepared.data;
  };
}

function descripOf(gz: Uint8Array): string {
  const raw = gunzipSync(gz);
  return String.fromCharCode(...raw.subarray(148, 228)).replace(/\0+$/, '');
}

async function predictAndCheck(image: Volume, mask: Volume, size: number) {
  const seen: SliceStack[] = [];
  const prediction = await predictVolumeSlices({ image, size, normalization: { kind: 'zscore-slice' }, binary: true, predict: oracle(mask, size, seen) });
  const bytes = predictionNifti({ dims: image.dims, affine: image.affine, data: prediction.voxels }, 'segmentation prediction: 1 = lung');
  const back = readNifti(bytes, { name: 'pred.nii.gz' });
  expect(back.dims).toEqual(image.dims);
  back.affine.forEach((v, i) => expect(v).toBeCloseTo(image.affine[i], 4));
  expect(new DataView(gunzipSync(bytes).buffer).getInt16(70, true)).toBe(2); // uint8
  expect(descripOf(bytes)).toBe('segmentation prediction: 1 = lung');
  const reference = prepareReference({ image, reference: mask, binary: true, task: 'segmentation' });
  const metrics = scoreAgainstReference({ image, layout: prediction.layout, prediction: prediction.axial, reference, binary: true });
  return { prediction, back, metrics, seen };
}

describe('predictVolumeSlices with an oracle model', () => {
  it('writes the input grid back pixel-exact in every one of the 48 stored orientations, with Dice 1 and HD95 0', async () => {
    for (const { permutation, signs } of ALL_ORIENTATIONS) {
      const image = { ...storedVolume(world, ct, permutation, signs), units: 'HU' };
      const mask = storedVolume(world, organ, permutation, signs, ['mask.nii.gz']);
      const { back, metrics, prediction } = await predictAndCheck(image, mask, 16);
      expect(Array.from(back.data), codesOf(permutation, signs)).toEqual(Array.from(mask.data));
      expect(prediction.layout.count).toBe(9);
      expect(metrics.map((m) => [m.key, m.value])).toEqual([['dice3d', 1], ['hd95Mm', 0]]);
    }
  });

  it('hands the model the slices an import makes, normalised as the model was trained (HU clipped, per-slice z-score)', async () => {
    const image = { ...storedVolume(world, ct, [0, 1, 2], [-1, -1, 1]), units: 'HU' };
    const mask = storedVolume(world, organ, [0, 1, 2], [-1, -1, 1]);
    const { seen } = await predictAndCheck(image, mask, 16);
    const axial = toAxialSlices(image);
    // −2048 outside the body is clipped to −1024 before the z-score, as the lesson files are.
    const clipped = axial.data.map((v) => Math.max(-1024, v));
    expect(Array.from(seen[0].data)).toEqual(Array.from(zScorePerSlice(clipped, 256)));
    expect(seen[0]).toMatchObject({ count: 9, height: 16, width: 16 });
  });

  it('keeps shape and affine for an oblique grid, copying pixels along its closest axes', async () => {
    const image = { ...rotatedAboutZ(storedVolume(world, ct, [1, 0, 2], [1, -1, 1]), 17), units: 'HU' };
    const mask = rotatedAboutZ(storedVolume(world, organ, [1, 0, 2], [1, -1, 1]), 17);
    const { back, metrics, prediction } = await predictAndCheck(image, mask, 16);
    expect(Array.from(back.data)).toEqual(Array.from(mask.data));
    expect(prediction.warnings.join(' ')).toMatch(/oblique/);
    expect(metrics[0].value).toBe(1);
  });

  it('predicts on a DICOM series (shuffled instance numbers, oblique, more slices than one chunk) and writes its grid', async () => {
    const spec: SeriesSpec = { uid: '1.2.9', slices: 37, rows: 16, columns: 16, orientation: obliqueOrientation(0.2, 0.1), pixelSpacing: [1, 1], origin: [-8, -8, -20], step: [0, 0, 3] };
    const { volume } = readDicomSeries(buildSeries(spec));
    const mask: Volume = { ...volume, data: volume.data.map((v) => (v > -40 ? 1 : 0)), units: null, source: { files: ['mask.nii'] } };
    const { back, metrics } = await predictAndCheck(volume, mask, 16);
    expect(back.dims).toEqual([16, 16, 37]);
    expect(Array.from(back.data)).toEqual(Array.from(mask.data));
    expect(metrics.map((m) => m.value)).toEqual([1, 0]);
  });

  it('undoes the padding and in-plane resampling of a non-square field of view: same grid, near-perfect Dice', async () => {
    const wide: WorldGrid = { n: [24, 12, 9], spacing: [0.75, 1.5, 2.5], origin: [-9, -9, -10] };
    const fill = (scale: (x: number, y: number, z: number) => number) => (x: number, y: number, z: number) => scale(x * 0.75 / 1, y * 1.5 / 1, z);
    const image = { ...storedVolume(wide, fill(ct), [0, 1, 2], [1, 1, 1]), units: 'HU' };
    const mask = storedVolume(wide, fill(organ), [0, 1, 2], [1, 1, 1]);
    const { back, metrics } = await predictAndCheck(image, mask, 16);
    expect(back.dims).toEqual([24, 12, 9]);
    expect(metrics[0].value).toBeGreaterThan(0.85);
    expect(metrics[1].value).toBeLessThanOrEqual(1.5);
  });

  it('thresholds probabilities above 0.5 for a binary task, and keeps intensities as float32 otherwise', async () => {
    const image = storedVolume(world, ct, [0, 1, 2], [1, 1, 1]);
    const probabilities = async (input: SliceStack) => input.data.map((_, i) => (i % 3 === 0 ? 0.5 : i % 3 === 1 ? 0.51 : 0.2));
    const binary = await predictVolumeSlices({ image, size: 16, normalization: { kind: 'none' }, binary: true, predict: probabilities });
    expect(binary.voxels).toBeInstanceOf(Uint8Array);
    expect(new Set(binary.voxels)).toEqual(new Set([0, 1]));
    expect(Array.from(binary.axial.subarray(0, 3))).toEqual([0, 1, 0]);
    // An identity model on unnormalised inputs gives the image back, voxel for voxel, as float32.
    const identity = await predictVolumeSlices({ image, size: 16, normalization: { kind: 'none' }, binary: false, predict: async (input) => input.data });
    expect(identity.voxels).toBeInstanceOf(Float32Array);
    expect(Array.from(identity.voxels)).toEqual(Array.from(image.data));
    const bytes = predictionNifti({ dims: image.dims, affine: image.affine, data: identity.voxels }, 'translation prediction');
    expect(new DataView(gunzipSync(bytes).buffer).getInt16(70, true)).toBe(16); // float32
  });

  it('refuses a normalisation that needs training statistics the model did not carry, and a model giving the wrong number of outputs', async () => {
    expect(() => normalizeSlices(new Float32Array(4), { count: 1, height: 2, width: 2 }, { kind: 'zscore-split' })).toThrow(/training split/);
    expect(Array.from(normalizeSlices(Float32Array.of(0, 2, 4, 6), { count: 1, height: 2, width: 2 }, { kind: 'zscore-split', mean: 2, std: 2 }))).toEqual([-1, 0, 1, 2]);
    const image = storedVolume(world, ct, [0, 1, 2], [1, 1, 1]);
    await expect(predictVolumeSlices({ image, size: 16, normalization: { kind: 'none' }, binary: true, predict: async () => new Float32Array(7) })).rejects.toThrow(/outputs, but it gave 7/);
  });
});

describe('prepareReference', () => {
  const image = { ...storedVolume(world, ct, [0, 1, 2], [1, 1, 1]), units: 'HU' };
  it('refuses a reference whose kind does not fit the task, and one that does not overlap the image', () => {
    expect(() => prepareReference({ image, reference: storedVolume(world, organ, [0, 1, 2], [1, 1, 1]), binary: false, task: 'translation' })).toThrow(/target image for the translation model, but it holds only 0 and 1/);
    expect(() => prepareReference({ image, reference: storedVolume(world, (x, y, z) => x * 0.5 + y * 37 + z * 101, [0, 1, 2], [1, 1, 1]), binary: true, task: 'segmentation' })).toThrow(/mask or label map for the segmentation model/);
    const far = storedVolume({ ...world, origin: [500, 500, 500] }, organ, [0, 1, 2], [1, 1, 1]);
    expect(() => prepareReference({ image, reference: far, binary: true, task: 'segmentation' })).toThrow(/do not meet/);
  });

  it('resamples a reference on another grid onto the image and says so', () => {
    const shifted = storedVolume({ ...world, origin: [-7, -8, -10] }, organ, [0, 1, 2], [-1, 1, 1]);
    const prepared = prepareReference({ image, reference: shifted, binary: true, task: 'segmentation' });
    expect(prepared.warnings.join(' ')).toMatch(/resampled onto the grid/);
    expect(prepared.truth.length).toBe(16 * 16 * 9);
  });
});

describe('predictionFileName and assertPredictionBudget', () => {
  it('names the output after the NIfTI file, or after the folder of a DICOM series', () => {
    expect(predictionFileName([{ name: '/data/ct.nii.gz', bytes: new Uint8Array() }])).toBe('ct-prediction.nii.gz');
    expect(predictionFileName([{ name: 'T1.NII', bytes: new Uint8Array() }])).toBe('T1-prediction.nii.gz');
    const series = ['IM0002.dcm', 'IM0001.dcm'].map((name) => ({ name: `/scans/head-ct/${name}`, bytes: new Uint8Array() }));
    expect(predictionFileName(series)).toBe('head-ct-prediction.nii.gz');
    expect(predictionFileName([{ name: 'IM0001.dcm', bytes: new Uint8Array() }])).toBe('IM0001-prediction.nii.gz');
  });

  it('refuses a prediction whose working arrays pass the budget, before allocating them', () => {
    const image = { dims: [512, 512, 300] as [number, number, number], source: { files: ['big.nii.gz'] } };
    const sameGrid = { dims: image.dims };
    // A 512×512×300 CT scored against its mask on the same grid fits the import's 1 GiB: outputs (uint8),
    // their float32 copy and the uint8 file, the mask's float32 slices; the model slices; one chunk read twice.
    const voxels = 512 * 512 * 300;
    expect(predictionWorkingBytes({ image, size: 128, binary: true, reference: sameGrid })).toBe(voxels * (1 + 4 + 1 + 4) + 3 * 4 * 512 * 128 * 128 + 2 * 4 * 16 * 512 * 512);
    expect(() => assertPredictionBudget({ image, size: 128, binary: true, reference: sameGrid })).not.toThrow();
    // A mask on another grid costs its resampled copy too, and no longer fits.
    const other = { dims: [256, 256, 150] as [number, number, number] };
    const needed = predictionWorkingBytes({ image, size: 128, binary: true, reference: other }) / 2 ** 20;
    expect(needed).toBeGreaterThan(1024);
    expect(() => assertPredictionBudget({ image, size: 128, binary: true, reference: other })).toThrow(`big.nii.gz (512×512×300) scored against its reference to fit the memory budget of 1024 MiB, but it needs about ${needed.toFixed(0)} MiB`);
    expect(() => assertPredictionBudget({ image, size: 128, binary: false, reference: null, maxBytes: 2 ** 20 })).toThrow(/budget of 1 MiB/);
  });
});
