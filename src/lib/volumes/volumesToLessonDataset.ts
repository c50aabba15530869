/**
 * A lesson dataset (the six arrays of the HDF5 layout) from a pair of volumes: an image and a mask
 * (segmentation) or an image and a target image (translation), cut and split the way the course's own
 * files are, with the provenance in the attributes.
 */
import { MAX_ATTRIBUTE_CHARS } from '../data/readRootAttributes';
import type { LessonDataset, SplitArrays } from '../data/types';
import { validateLessonDataset } from '../data/validateDataset';
import { describeTargetScale, divideInPlace, targetScale } from '../data/targetScale';
import { DatasetFormatError, SettingsError } from '../errors';
import { formatBytes } from '../format';
import { labelMask } from './labelMask';
import { voxelOrientation } from './orientation';
import { resampleOnto } from './resampleOnto';
import { CT_CLIP_HU, huClipRange, modelInputSlices } from './modelInputSlices';
import { fittingSpacing, resampleSlices } from './resampleSlices';
import { axialSlicesWithHead, axialSlicesWithStructure } from './selectSlices';
import { formatIndexRanges, splitSliceBlocks, type SplitSliceBlocksOptions } from './splitSliceBlocks';
import { axialLayout, readAxialSlices, type AxialLayout } from './toAxialSlices';
import type { Volume } from './types';
import { shortenText, volumeLabel } from './volumeLabel';

/** Version of this importer, stored as the file's `generator`; bump it whenever its output changes. */
export const VOLUME_IMPORT_GENERATOR = 'volume-import/3';
/** The HU range the course's CT files hold; defined with the slice preparation a prediction shares. */
export { CT_CLIP_HU };
/** Default memory budget: 1 GiB of float32 working arrays. */
export const DEFAULT_IMPORT_BYTES = 1024 ** 3;

export interface VolumesToLessonOptions extends SplitSliceBlocksOptions {
  image: Volume;
  /** The mask or label map (kind 'mask') or the target image (kind 'image'); resampled onto the image's grid when the grids differ. */
  target: Volume;
  /** 'mask': segmentation, targets are 0/1 masks; 'image': translation, targets are images. */
  kind: 'mask' | 'image';
  /** Slice height = width in pixels; a multiple of 4 (the lesson models halve the size twice). */
  size: number;
  /** Pixel size in mm (default: the field of view fits the slice). */
  spacing?: number;
  /** kind 'mask': the label value that is the structure (default: every non-zero voxel). */
  label?: number;
  /** Names recorded in the attributes and messages (default: the volumes' file names). */
  imageName?: string;
  targetName?: string;
  /** kind 'image': share of a slice that must be head for the slice to be used (default 0.05). */
  minHeadFraction?: number;
  /** Range the image is clipped to when it is in HU (default [−1024, 3071]; null: no clipping). */
  clipHu?: readonly [number, number] | null;
  /** Most bytes of working arrays allowed (default 1 GiB), checked before anything is allocated. */
  maxBytes?: number;
  /** The target volume is the caller's own reader copy: turn it into the mask in place instead of copying it. */
  consumeTarget?: boolean;
}

function assertOptions(options: VolumesToLessonOptions): void {
  const { size, kind, label } = options;
  if (!Number.isInteger(size) || size < 16 || size > 1024 || size % 4 !== 0) {
    throw new SettingsError(`Expected the slice size to be a multiple of 4 from 16 to 1024 pixels, but got ${size}.`, 'The lessons use 128 (or 256 with a GPU).');
  }
  if (kind !== 'mask' && kind !== 'image') throw new SettingsError(`Expected kind 'mask' or 'image', but got ${JSON.stringify(kind)}.`, "Use 'mask' for segmentation and 'image' for translation.");
  if (label !== undefined && (kind !== 'mask' || !Number.isFinite(label))) {
    throw new SettingsError(`Expected a label only with kind 'mask', as a finite number, but got ${label} with kind '${kind}'.`, 'Leave the label out to use every non-zero voxel of the mask.');
  }
}

/** Working bytes beyond the two volumes themselves: the slices of the largest split are read at full resolution, for x and y. */
function workingBytes(options: VolumesToLessonOptions): number {
  const { image, target, size, kind } = options;
  const voxels = image.dims[0] * image.dims[1] * image.dims[2];
  const slices = Math.max(...image.dims);
  const sameGrid = image.dims.every((n, a) => n === target.dims[a]);
  // A mask made in place costs nothing; a resampled target costs a volume on the image's grid.
  const labelCopy = kind === 'mask' && !options.consumeTarget ? target.data.length : 0;
  const resampled = sameGrid ? 0 : voxels;
  // Full-resolution slices of x and y for the largest split (at most every slice), and the outputs.
  return 4 * (labelCopy + resampled + 2 * voxels + 2 * slices * size * size);
}

function assertBudget(options: VolumesToLessonOptions): void {
  const { image, target } = options;
  const bytes = workingBytes(options);
  const maxBytes = options.maxBytes ?? DEFAULT_IMPORT_BYTES;
  if (bytes > maxBytes) {
    throw new DatasetFormatError(
      `Expected the pair ${volumeLabel(image)} (${image.dims.join('×')}) and ${volumeLabel(target)} (${target.dims.join('×')}) to fit the memory budget of ${formatBytes(maxBytes)}, but the import needs about ${formatBytes(bytes)}.`,
      'Crop or downsample the volumes first (for example with 3D Slicer or nibabel), or raise the memory budget where the device has room.',
    );
  }
}

const AXIS_NAMES = ['i', 'j', 'k'] as const;

/** Display slice indices → the source file's voxel indices along its slice axis, ascending. */
function voxelIndices(displayed: readonly number[], slices: AxialLayout): number[] {
  const { voxelAxis, flipped } = slices.axes[0];
  const n = slices.dims[voxelAxis];
  return displayed.map((s) => (flipped ? n - 1 - s : s)).sort((a, b) => a - b);
}

function attributesFor(options: VolumesToLessonOptions, context: {
  imageSlices: AxialLayout; targetOrientation: string; spacing: number; blocks: ReturnType<typeof splitSliceBlocks>;
  clipped: readonly [number, number] | null; resampledTarget: boolean; targetScale: number;
}): Record<string, string | number> {
  const { image, kind, label } = options;
  const { imageSlices, blocks, spacing, clipped } = context;
  const imageName = options.imageName ?? volumeLabel(image);
  const targetName = options.targetName ?? volumeLabel(options.target);
  const gap = options.gapSlices ?? 1;
  const structure = label === undefined ? 'any non-zero label' : `label ${label}`;
  const attributes: Record<string, string | number> = {
    description: kind === 'mask'
      ? `Axial slices of ${imageName} (x) with binary masks from ${targetName} (y), imported from volumes.`
      : `Axial slices of ${imageName} (x) with the matching slices of ${targetName} (y), imported from volumes.`,
    xUnits: image.units === 'HU' ? `Hounsfield units${clipped ? `, clipped to [${clipped[0]}, ${clipped[1]}]` : ''}` : (image.units ?? 'as stored in the file, after its scaling'),
    yUnits: kind === 'mask' ? `binary mask: 1 = ${structure} in ${targetName}` : describeTargetScale(options.target.units ?? 'as stored in the file, after its scaling', context.targetScale),
    normalisation: 'none stored; the course normalises at load time',
    pixelSizeMmMin: +spacing.toPrecision(6),
    pixelSizeMmMax: +spacing.toPrecision(6),
    voxelSizeMm: image.spacing.map((s) => +s.toFixed(3)).join('×'),
    // Millimetres between neighbouring slices of the volume (per-volume HD95 measures across slices with it).
    sliceSpacingMm: +imageSlices.sliceSpacingMm.toPrecision(6),
    sourceImage: imageName,
    sourceTarget: targetName,
    orientationImage: imageSlices.orientation,
    orientationTarget: context.targetOrientation,
    targetGrid: context.resampledTarget ? `resampled onto the image's grid (${kind === 'mask' ? 'nearest' : 'trilinear'})` : "the image's grid",
    sliceAxis: AXIS_NAMES[imageSlices.axes[0].voxelAxis],
    generator: VOLUME_IMPORT_GENERATOR,
    slicesTrain: blocks.train.length,
    slicesVal: blocks.val.length,
    slicesTest: blocks.test.length,
    sliceIndicesTrain: formatIndexRanges(voxelIndices(blocks.train, imageSlices), MAX_ATTRIBUTE_CHARS),
    sliceIndicesVal: formatIndexRanges(voxelIndices(blocks.val, imageSlices), MAX_ATTRIBUTE_CHARS),
    sliceIndicesTest: formatIndexRanges(voxelIndices(blocks.test, imageSlices), MAX_ATTRIBUTE_CHARS),
    splitBy: `contiguous blocks along the body axis, inferior to superior: train, val, test; ${gap} slice(s) left out between blocks`,
  };
  // Translation targets in the course's target units (src/lib/data/targetScale.ts): the factor, so file units can be had back.
  if (kind === 'image') attributes.scaleTarget = context.targetScale;
  if (image.units) attributes.units = image.units;
  if (image.source.seriesInstanceUid) attributes.seriesInstanceUid = image.source.seriesInstanceUid;
  if (image.source.modality) attributes.modality = image.source.modality;
  if (imageSlices.obliquityDegrees > 0) attributes.obliquityDegrees = +imageSlices.obliquityDegrees.toFixed(3);
  for (const [name, value] of Object.entries(attributes)) if (typeof value === 'string') attributes[name] = shortenText(value, MAX_ATTRIBUTE_CHARS);
  return attributes;
}

/**
 * Turns an image volume and its mask or target volume into a LessonDataset of size×size axial slices in
 * the course's orientation: the target is put on the image's grid when the grids differ (nearest for masks,
 * trilinear for images), the slices holding the structure (masks) or the head (images) are kept, resampled
 * in-plane with the aspect kept, and split into contiguous train/val/test blocks along the body axis.
 * CT in HU is clipped to the course's range. The result passes validateLessonDataset with the task's
 * target rule; its `warnings` say what was noticed (oblique grid, resampled target). The caller owns it.
 */
export function volumesToLessonDataset(options: VolumesToLessonOptions): LessonDataset {
  assertOptions(options);
  assertBudget(options);
  const { image, kind, size } = options;
  const targetOrientation = voxelOrientation(options.target.affine).codes;
  const labels = kind === 'mask' ? labelMask(options.target, { label: options.label, inPlace: options.consumeTarget }) : options.target;
  // Nothing is copied whole: the target is shared when it already lies on the image's grid, and only the
  // slices a split keeps are read out of the volumes (a 512×512×300 CT is 315 MB of float32 per copy).
  const onGrid = resampleOnto(labels, image, kind === 'mask' ? 'nearest' : 'linear', { share: true });
  const imageSlices = axialLayout(image);
  const targetVolume = onGrid.volume;
  const targetSlices = axialLayout(targetVolume);
  const chosen = kind === 'mask' ? axialSlicesWithStructure(targetVolume, targetSlices) : axialSlicesWithHead(image, imageSlices, { minFraction: options.minHeadFraction });
  if (chosen.length === 0) {
    throw new DatasetFormatError(
      kind === 'mask'
        ? `Expected the mask ${volumeLabel(options.target)} to mark a structure inside ${volumeLabel(image)}, but no voxel of it is set where the image is.`
        : `Expected ${volumeLabel(image)} to show a head (or body) with signal above its background, but no slice has enough.`,
      kind === 'mask' ? 'Check that the mask belongs to this scan and that the label is right.' : 'Check that the file holds an image, not a mask or an empty volume.',
    );
  }
  const blocks = splitSliceBlocks(chosen, options);
  const spacing = options.spacing ?? fittingSpacing(imageSlices, size);
  const clipped = huClipRange(image, options.clipHu);
  // An image target is put in the course's target units: a fraction of its own bright end, so that a model's
  // output means the same on another file (MR intensities are arbitrary). Masks stay 0/1.
  const scale = kind === 'image' ? targetScale(targetVolume.data, volumeLabel(options.target)) : 1;
  const split = (indices: number[]): SplitArrays => {
    const y = readAxialSlices(targetVolume, targetSlices, indices);
    const yOut = resampleSlices(y, { size, spacing, interpolation: kind === 'mask' ? 'nearest' : 'linear' }).data;
    return {
      // The same preparation as a prediction's (modelInputSlices); the slices just read are this split's own, so they are clipped in place.
      x: modelInputSlices(readAxialSlices(image, imageSlices, indices), { size, spacing, clip: clipped, inPlace: true }).data,
      // resampleSlices may hand back the slices just read: this split's own copy either way, so it is scaled in place.
      y: kind === 'image' ? divideInPlace(yOut, scale) : yOut,
      count: indices.length,
    };
  };
  const dataset: LessonDataset = {
    height: size,
    width: size,
    train: split(blocks.train),
    val: split(blocks.val),
    test: split(blocks.test),
    attributes: attributesFor(options, { imageSlices, targetOrientation, spacing, blocks, clipped, resampledTarget: onGrid.note !== null, targetScale: scale }),
    warnings: [...new Set([...image.warnings, ...imageSlices.warnings, ...onGrid.volume.warnings])],
  };
  validateLessonDataset(dataset, { rules: { targets: kind === 'mask' ? 'binary' : 'continuous', warnNormalizedInput: false } });
  return dataset;
}

