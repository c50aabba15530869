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
import { fromAxialSlices, toAxialSlices, type AxialSlices, type SliceStack } from '../volumes/toAxialSlices';
import type { Volume } from '../volumes/types';
import { volumeLabel } from '../volumes/volumeLabel';
import { DEFAULT_IMPORT_BYTES } from '../volumes/volumesToLessonDataset';

/** Probabilities above this are inside the structure (as the lessons' hard Dice counts them: p > 0.5). */
export const MASK_THRESHOLD = 0.5;

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
  axial: Float32Array;
  /** The image's own axial slices (its values, unclipped) with their geometry, for metrics on its grid. */
  imageSlices: AxialSlices;
  /** Pixel size of the model slices, mm. */
  pixelSizeMm: number;
  warnings: string[];
}

/**
 * Refuses a prediction whose working arrays would pass `maxBytes` (default: the import's 1 GiB), before
 * any is allocated: the axial slices, the outputs back on the grid and the written voxels (float32 each),
 * three copies of the model slices, and two arrays on the grid for a reference.
 */
export function assertPredictionBudget(options: { image: Pick<Volume, 'dims' | 'source'>; size: number; withReference: boolean; maxBytes?: number }): void {
  const { image, size } = options;
  const voxels = image.dims[0] * image.dims[1] * image.dims[2];
  const bytes = 4 * (voxels * (options.withReference ? 5 : 3) + 3 * Math.max(...image.dims) * size * size);
  const maxBytes = options.maxBytes ?? DEFAULT_IMPORT_BYTES;
  if (bytes > maxBytes) {
    throw new DatasetFormatError(
      `Expected the prediction on ${volumeLabel(image)} (${image.dims.join('×')}) to fit the memory budget of ${(maxBytes / 2 ** 20).toFixed(0)} MiB, but it needs about ${(bytes / 2 ** 20).toFixed(0)} MiB.`,
      'Crop or downsample the scan first (for example with 3D Slicer or nibabel), or run it where the engine is given a larger budget.',
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

/**
 * Runs `predict` on every axial slice of `image` and maps the outputs back onto its voxel grid: in-plane
 * resampling and padding undone bilinearly, then probabilities thresholded (binary) before the slices are
 * put back in the volume's voxel order. The caller owns every array of the result.
 */
export async function predictVolumeSlices(options: VolumePredictionOptions): Promise<VolumePrediction> {
  const { image, size, binary } = options;
  const imageSlices = toAxialSlices(image);
  const pixelSizeMm = fittingSpacing(imageSlices, size);
  const grid = { size, spacing: pixelSizeMm };
  const input = modelInputSlices(imageSlices, { ...grid, clip: huClipRange(image) });
  const normalised = normalizeSlices(input.data, input, options.normalization);
  const outputs = await options.predict({ ...input, data: normalised });
  if (outputs.length !== normalised.length) {
    throw new ShapeError(`Expected the model to give ${input.count}×${size}×${size} = ${normalised.length} outputs, but it gave ${outputs.length}.`, 'Use a model with one output channel at its input size.');
  }
  const axial = fromModelSlices(outputs, imageSlices, grid);
  if (binary) for (let v = 0; v < axial.length; v++) axial[v] = axial[v] > MASK_THRESHOLD ? 1 : 0;
  const values = fromAxialSlices(axial, imageSlices);
  return {
    voxels: binary ? Uint8Array.from(values) : values,
    axial,
    imageSlices,
    pixelSizeMm,
    warnings: [...new Set([...image.warnings, ...imageSlices.warnings])],
  };
}
