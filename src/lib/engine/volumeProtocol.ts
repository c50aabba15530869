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

export interface PredictVolumeParams {
  /** The scan to run the current model on: one NIfTI file, or the files of a DICOM series. */
  image: NamedBytes[];
  /** DICOM: the image's series when its files hold several (default the largest). */
  imageSeries?: string;
  /** A reference to score the prediction against: the mask (binary-target tasks) or the target image, as one NIfTI file or a DICOM series. */
  reference?: NamedBytes[];
  /** DICOM: the reference's series when its files hold several (default the largest). */
  referenceSeries?: string;
  /** Binary-target tasks: the label value of the reference that is the structure (default every non-zero voxel). */
  label?: number;
}

/** One number of a volume's evaluation, labelled (with its units) and printed. */
export interface VolumeMetric {
  /** Stable key: 'dice3d', 'hd95Mm', 'maeInHead', 'psnrInHead', 'ssimInHead'. */
  key: string;
  label: string;
  value: number;
  text: string;
}

export interface PredictionSummary {
  task: Task;
  /** The output's grid: the image's own voxels (i, j, k) and their size in mm. */
  dims: [number, number, number];
  spacing: [number, number, number];
  /** nibabel's orientation letters of the image's grid, and of the reference's when one was given. */
  orientation: { image: string; reference: string | null };
  /** Axial slices the model ran on, at its input size. */
  slicesRun: number;
  /** The model's input size (slices are size×size pixels of pixelSizeMm). */
  size: number;
  pixelSizeMm: number;
  /** What the file's voxels hold (also written into the NIfTI header's description). */
  values: string;
  /** What was noticed without refusing (oblique grid, resampled reference, a model without its normalisation). */
  warnings: string[];
  /** Volume metrics against the reference; null without one. */
  metrics: VolumeMetric[] | null;
  /** DICOM: every series found among the image's and the reference's files, largest first (empty for NIfTI). */
  series: { image: SeriesInfo[]; reference: SeriesInfo[] };
}

/** A prediction on a scan's own grid: a .nii.gz (uint8 0/1 for binary-target tasks, float32 otherwise) and what it holds. */
export interface PredictedVolume {
  bytes: Uint8Array;
  /** The image's name with '-prediction.nii.gz'. */
  fileName: string;
  summary: PredictionSummary;
}
