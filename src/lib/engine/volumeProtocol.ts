/**
 * The shapes of the engine's request about real scans (NIfTI files, DICOM series) turned into a lesson
 * file: plain data and type imports only, re-exported by protocol.ts.
 */
import type { SplitName, Task } from '../data/types';
import type { SeriesInfo } from '../volumes/dicomSeriesList';

/** One file as a page or a command line holds it: its name (for messages and provenance) and its bytes. */
export interface NamedBytes {
  name: string;
  bytes: Uint8Array;
}

export interface ImportVolumesParams {
  /** The image: one NIfTI file (.nii, .nii.gz), or the files of a DICOM series (a folder's contents). */
  image: NamedBytes[];
  /** The mask (segmentation) or target image (translation), as one NIfTI file or a DICOM series. */
  target: NamedBytes[];
  task: Task;
  /** Slice height = width in pixels, a multiple of 4 (default 128, the lessons' size). */
  size?: number;
  /** Segmentation: the label value that is the structure (default every non-zero voxel). */
  label?: number;
  /** DICOM: the image's series when its files hold several (a SeriesInstanceUID; default the largest). */
  imageSeries?: string;
  /** DICOM: the mask's or target's series when its files hold several (default the largest). */
  targetSeries?: string;
}

/** What an import made: the lesson file's bytes (HDF5) and what it holds. */
export interface ImportedVolumes {
  bytes: Uint8Array;
  summary: ImportSummary;
}

export interface ImportSummary {
  task: Task;
  size: number;
  /** Slices per split. */
  counts: Record<SplitName, number>;
  /** nibabel's orientation letters of the image's and the target's voxel grids (e.g. 'LPS', 'RAS'). */
  orientation: { image: string; target: string };
  /** What the readers and the importer noticed without refusing (oblique grid, resampled target, 4-D file). */
  warnings: string[];
  /** DICOM: every series found among each side's files, largest first (empty for a NIfTI file), so a page can offer a choice. */
  series: { image: SeriesInfo[]; target: SeriesInfo[] };
}
