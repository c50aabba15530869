import { encodeLessonDataset } from '../data/writeLessonDataset';
import { DatasetFormatError, SettingsError } from '../errors';
import { taskDescriptor } from '../tasks';
import { readDicomSeries } from '../volumes/dicomSeries';
import { isGzip } from '../volumes/niftiGzip';
import { readNifti } from '../volumes/niftiRead';
import { voxelOrientation } from '../volumes/orientation';
import type { Volume } from '../volumes/types';
import { volumesToLessonDataset } from '../volumes/volumesToLessonDataset';
import type { EngineApi } from './protocol';
import { handOver } from './transfer';
import type { NamedBytes } from './volumeProtocol';

/** The lessons' slice size, used when an import names none. */
export const DEFAULT_IMPORT_SIZE = 128;

/** A NIfTI file by its name (.nii, .nii.gz) or content (gzip, or NIfTI-1/2 magic at byte 344/4). */
function isNifti(file: NamedBytes): boolean {
  if (/\.nii(\.gz)?$/i.test(file.name) || isGzip(file.bytes)) return true;
  const magic = (at: number) => String.fromCharCode(...file.bytes.subarray(at, at + 3));
  return ['n+1', 'ni1'].includes(magic(344)) || ['n+2', 'ni2'].includes(magic(4));
}

/**
 * One side of an import as a Volume: a single NIfTI file, else a DICOM series (one file or several).
 * `units` is what a NIfTI file cannot say itself ('HU' for a CT lesson's image); DICOM brings its own.
 */
function readSide(files: NamedBytes[], role: string, options: { units: string | null; maxBytes?: number }): Volume {
  if (files.length === 0) throw new SettingsError(`Expected at least one file for the ${role}, but got none.`, 'Pass a NIfTI file (.nii or .nii.gz) or a folder holding one DICOM series.');
  const budget = options.maxBytes === undefined ? {} : { maxBytes: options.maxBytes };
  if (files.length === 1 && isNifti(files[0])) return readNifti(files[0].bytes, { name: files[0].name, units: options.units, ...budget });
  const niftis = files.filter(isNifti);
  if (niftis.length > 0) {
    throw new SettingsError(
      `Expected the ${role} as one NIfTI file or a DICOM series, but got ${files.length} files including ${niftis[0].name}.`,
      'Pass the NIfTI file itself, or a folder that holds only the DICOM series.',
    );
  }
  return readDicomSeries(files, budget).volume;
}

/**
 * Refuses a mask as a translation target: resampled to the lesson's size its slices would no longer be
 * 0/1 only, so the lesson's own check on the file (assertContinuousTargets) would not catch it.
 */
function assertImageTarget(target: Volume): void {
  const { data } = target;
  for (let v = 0; v < data.length; v++) if (data[v] !== 0 && data[v] !== 1) return;
  throw new DatasetFormatError(
    `Expected ${target.source.files[0] ?? 'the target'} to be an image for image-to-image translation, but it holds only 0 and 1, like a segmentation mask.`,
    'Pass the target image (for example the T2-weighted scan) with --target, or import the mask for the segmentation lesson with --task segmentation --mask.',
  );
}

/**
 * The request that turns real scans into a lesson file: reads the image and the target, builds the
 * dataset by the task's rules (a binary-target task reads the target as a mask) and encodes it as HDF5.
 */
export function volumeMethods(options: { maxVolumeBytes?: number } = {}): Pick<EngineApi, 'importVolumes'> {
  return {
    async importVolumes({ image, target, task, size = DEFAULT_IMPORT_SIZE, label }) {
      const descriptor = taskDescriptor(task);
      const kind = descriptor.data.targets === 'binary' ? 'mask' : 'image';
      if (label !== undefined && kind !== 'mask') {
        throw new SettingsError(`A label picks a structure out of a mask; the ${task} lesson's targets are images.`, 'Leave --label out for this task.');
      }
      const budget = options.maxVolumeBytes === undefined ? {} : { maxBytes: options.maxVolumeBytes };
      const imageVolume = readSide(image, 'image', { units: descriptor.hounsfieldInput ? 'HU' : null, ...budget });
      const targetVolume = readSide(target, kind === 'mask' ? 'mask' : 'target image', { units: null, ...budget });
      if (kind === 'image') assertImageTarget(targetVolume);
      const dataset = volumesToLessonDataset({ image: imageVolume, target: targetVolume, kind, size, ...(label === undefined ? {} : { label }), ...budget });
      const bytes = await encodeLessonDataset(dataset);
      return {
        // A new array the caller owns: a worker moves it to the page instead of copying it.
        bytes: handOver(bytes),
        summary: {
          task,
          size,
          counts: { train: dataset.train.count, val: dataset.val.count, test: dataset.test?.count ?? 0 },
          orientation: { image: voxelOrientation(imageVolume.affine).codes, target: voxelOrientation(targetVolume.affine).codes },
          warnings: dataset.warnings ?? [],
        },
      };
    },
  };
}
