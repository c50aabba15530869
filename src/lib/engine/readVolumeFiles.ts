/**
 * One side of an import or a prediction (an image, a mask, a target) read from the files a page or a
 * command line holds: a single NIfTI file, else a DICOM series (one file or a folder's contents).
 */
import { SettingsError } from '../errors';
import { readDicomSeries } from '../volumes/dicomSeries';
import type { SeriesInfo } from '../volumes/dicomSeriesList';
import { isGzip } from '../volumes/niftiGzip';
import { readNifti } from '../volumes/niftiRead';
import type { Volume } from '../volumes/types';
import type { NamedBytes } from './volumeProtocol';

/** A NIfTI file by its name (.nii, .nii.gz) or content (gzip, or NIfTI-1/2 magic at byte 344/4). */
export function isNiftiFile(file: NamedBytes): boolean {
  if (/\.nii(\.gz)?$/i.test(file.name) || isGzip(file.bytes)) return true;
  const magic = (at: number) => String.fromCharCode(...file.bytes.subarray(at, at + 3));
  return ['n+1', 'ni1'].includes(magic(344)) || ['n+2', 'ni2'].includes(magic(4));
}

export interface ReadVolumeFilesOptions {
  /** What the files are, for messages ('image', 'mask', 'target image'). */
  role: string;
  /** What a NIfTI file cannot say itself ('HU' for a CT lesson's image); DICOM brings its own units. */
  units: string | null;
  /** Memory budget in bytes of float32 voxels (the readers' default when absent). */
  maxBytes?: number;
  /** DICOM: the series to read when the files hold several (default the largest). */
  seriesInstanceUid?: string;
}

/** The volume read, and for DICOM every series found among the files (largest first; empty for NIfTI). */
export interface VolumeFilesRead {
  volume: Volume;
  series: SeriesInfo[];
}

/** Reads one side: exactly one NIfTI file, or DICOM files only (a mix is refused by name). */
export function readVolumeFiles(files: readonly NamedBytes[], options: ReadVolumeFilesOptions): VolumeFilesRead {
  const { role } = options;
  if (files.length === 0) throw new SettingsError(`Expected at least one file for the ${role}, but got none.`, 'Pass a NIfTI file (.nii or .nii.gz) or a folder holding one DICOM series.');
  const budget = options.maxBytes === undefined ? {} : { maxBytes: options.maxBytes };
  if (files.length === 1 && isNiftiFile(files[0])) {
    return { volume: readNifti(files[0].bytes, { name: files[0].name, units: options.units, ...budget }), series: [] };
  }
  const niftis = files.filter(isNiftiFile);
  if (niftis.length > 0) {
    throw new SettingsError(
      `Expected the ${role} as one NIfTI file or a DICOM series, but got ${files.length} files including ${niftis[0].name}.`,
      'Pass the NIfTI file itself, or a folder that holds only the DICOM series.',
    );
  }
  const series = options.seriesInstanceUid === undefined ? {} : { seriesInstanceUid: options.seriesInstanceUid };
  return readDicomSeries(files, { ...budget, ...series });
}
