/**
 * A model's prediction on a whole volume, framework-free: the volume's axial slices prepared exactly as
 * an import prepares them, normalised as the model was trained, handed to an injected `predict` (the
 * engine's model, or a test's oracle), and the outputs put back on the volume's own voxel grid.
 */
import type { Normalization } from '../data/normalizations';
import { normalizeDataset, resolveNormalization } from '../data/normalizeDataset';
import type { LessonDataset } from '../data/types';
import { DatasetFormatError, ShapeError } from '../errors';
import { fromModelSlices, huClipRange, modelInputSlices } from '../volumes/modelInputSlices';
import { fittingSpacing } from '../volumes/resampleSlices';
import { axialLayout, fromAxialSlices, readAxialSlices, type AxialLayout, type SliceStack } from '../volumes/toAxialSlices';
import type { Volume } from '../volumes/types';
import { volumeLabel } from '../volumes/volumeLabel';
import { DEFAULT_IMPORT_BYTES } from '../volumes/volumesToLessonDataset';

/** Probabilities above this are inside the structure (as the lessons' hard Dice counts them: p > 0.5). */
export const MASK_THRESHOLD = 0.5;

/** Axial slices read, clipped and resampled at a time: a 512×512×300 CT is never copied whole. */
const SLICES_PER_CHUNK = 16;

export interface VolumePredictionOptions {
  image: Volume;
  /** The model's input height = width in pixels. */
  size: number;
  /** How the model's training inputs were normalised (statistics filled in, as saved with the model). */
  normalization: Normalization;
  /** True for a binary-target task: outputs are probabilities, thresholded at MASK_THRESHOLD into a 0/1 mask. */
  binary: boolean;
  /** The model: normalised input slices [count, size, size] → one output per pixel, in the same order. */
  predict: (slices: SliceStack) => Promise<Float32Array>;
}

export interface VolumePrediction {
  /** The prediction on the image's grid, voxel order (i fastest): 0/1 bytes (binary) or float32 intensities. */
  voxels: Uint8Array | Float32Array;
  /** The same values as the image's axial slices in the display convention ([count, height, width]). */
  axial: Uint8Array | Float32Array;
  /** How the image reads as axial slices (axialLayout): the geometry metrics on its grid need. */
  layout: AxialLayout;
  /** Pixel size of the model slices, mm. */
  pixelSizeMm: number;
  warnings: string[];
}

/** What a prediction is run on, for its memory estimate: the image's grid and the reference's when one is given. */
export interface PredictionBudgetOptions {
  image: Pick<Volume, 'dims' | 'source'>;
  /** The model's input size. */
  size: number;
  binary: boolean;
  reference: Pick<Volume, 'dims'> | null;
  /** Default: the import's budget, 1 GiB. */
  maxBytes?: number;
}

/**
 * Bytes of working arrays a prediction needs besides the volumes read (as the import counts them): per voxel
 * of the image's grid, the outputs (uint8 for a mask, float32 otherwise), their float32 copy in voxel order
 * and a mask's uint8 file data; with a reference, its axial slices, its resampled copy when the grids differ
 * and, for an image task, the image's slices, the head mask and the metric's copies of the head's values;
 * then three copies of the model's slices and one chunk of full-size slices read twice.
 */
export function predictionWorkingBytes({ image, size, binary, reference }: Omit<PredictionBudgetOptions, 'maxBytes'>): number {
  const voxels = image.dims[0] * image.dims[1] * image.dims[2];
  const perVoxel = (binary ? 1 + 4 + 1 : 4 + 4)
    + (reference ? 4 + (reference.dims.every((n, a) => n === image.dims[a]) ? 0 : 4) + (binary ? 0 : 4 + 1 + 8) : 0);
  const [, second, largest] = [...image.dims].sort((a, b) => a - b);
  return voxels * perVoxel + 3 * 4 * largest * size * size + 2 * 4 * SLICES_PER_CHUNK * largest * second;
}

/** Refuses a prediction whose working arrays (predictionWorkingBytes) would pass the budget, before any is allocated. */
export function assertPredictionBudget(options: PredictionBudgetOptions): void {
  const { image } = options;
  const bytes = predictionWorkingBytes(options);
  const maxBytes = options.maxBytes ?? DEFAULT_IMPORT_BYTES;
  if (bytes > maxBytes) {
    throw new DatasetFormatError(
      `Expected the prediction on ${volumeLabel(image)} (${image.dims.join('×')})${options.reference ? ' scored against its reference' : ''} to fit the memory budget of ${(maxBytes / 2 ** 20).toFixed(0)} MiB, but it needs about ${(bytes / 2 ** 20).toFixed(0)} MiB.`,
      'Crop or downsample the scan first (for example with 3D Slicer or nibabel); a reference on the scan\'s own grid costs less than one that must be resampled.',
    );
  }
}

/**
 * Applies a model's input normalisation to slices [count, height, width]: the same code path as the
 * lessons (normalizeDataset). A normalisation that needs training statistics must carry them (a saved
 * model's does); otherwise a SettingsError says so. Returns a new array.
 */
export function normalizeSlices(x: Float32Array, shape: { count: number; height: number; width: number }, normalization: Normalization): Float32Array {
  const none: LessonDataset['train'] = { x: new Float32Array(0), y: new Float32Array(0), count: 0 };
  // With no training split, statistics cannot be taken from the volume itself: they must come with the model.
  const resolved = resolveNormalization(normalization, { train: none });
  const dataset: LessonDataset = { height: shape.height, width: shape.width, train: { x, y: x, count: shape.count }, val: none, attributes: {} };
  return normalizeDataset(dataset, resolved).train.x;
}

/** [from, to) ranges of `count` slices, SLICES_PER_CHUNK at a time. */
function chunks(count: number): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  for (let from = 0; from < count; from += SLICES_PER_CHUNK) ranges.push([from, Math.min(count, from + SLICES_PER_CHUNK)]);
  return ranges;
}

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, k) => from + k);

/**
 * Runs `predict` on every axial slice of `image` and maps the outputs back onto its voxel grid: in-plane
 * resampling and padding undone bilinearly, then probabilities thresholded (binary) before the slices are
 * put back in the volume's voxel order. The volume is read a few slices at a time, so besides the model's
 * own small slices only the outputs on the image's grid are held whole. The caller owns every array of the result.
 */
export async function predictVolumeSlices(options: VolumePredictionOptions): Promise<VolumePrediction> {
  const { image, size, binary } = options;
  const layout = axialLayout(image);
  const pixelSizeMm = fittingSpacing(layout, size);
  const grid = { size, spacing: pixelSizeMm };
  const clip = huClipRange(image);
  const modelSlice = size * size;
  const input = new Float32Array(layout.count * modelSlice);
  for (const [from, to] of chunks(layout.count)) {
    // The slices just read are this chunk's own copy: clipped in place, as the import does.
    input.set(modelInputSlices(readAxialSlices(image, layout, range(from, to)), { ...grid, clip, inPlace: true }).data, from * modelSlice);
  }
  const shape = { count: layout.count, height: size, width: size };
  const normalised = normalizeSlices(input, shape, options.normalization);
  const outputs = await options.predict({ ...shape, data: normalised, rowSpacingMm: pixelSizeMm, columnSpacingMm: pixelSizeMm });
  if (outputs.length !== normalised.length) {
    throw new ShapeError(`Expected the model to give ${layout.count}×${size}×${size} = ${normalised.length} outputs, but it gave ${outputs.length}.`, 'Use a model with one output channel at its input size.');
  }
  const pixels = layout.height * layout.width;
  const axial = binary ? new Uint8Array(layout.count * pixels) : new Float32Array(layout.count * pixels);
  for (const [from, to] of chunks(layout.count)) {
    const back = fromModelSlices(outputs.subarray(from * modelSlice, to * modelSlice), { ...layout, count: to - from }, grid);
    if (binary) for (let v = 0; v < back.length; v++) axial[from * pixels + v] = back[v] > MASK_THRESHOLD ? 1 : 0;
    else axial.set(back, from * pixels);
  }
  // A mask goes straight into bytes: the float32 copy of a 512×512×300 scan would be 315 MB more.
  const voxels = binary ? fromAxialSlices(axial, layout, new Uint8Array(axial.length)) : fromAxialSlices(axial, layout);
  return {
    voxels,
    axial,
    layout,
    pixelSizeMm,
    warnings: [...new Set([...image.warnings, ...layout.warnings])],
  };
}
