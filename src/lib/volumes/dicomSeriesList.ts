import { DatasetFormatError } from '../errors';
import { parseDicomSlice, type DicomFile, type DicomSlice } from './dicomSlice';

/** One series found among the files, for a page to offer the learner a choice. */
export interface SeriesInfo {
  seriesInstanceUid: string;
  description: string;
  modality: string;
  fileCount: number;
  /** Rows and columns of the series' first file (readDicomSeries refuses a series of mixed sizes). */
  rows: number;
  columns: number;
}

/** The image files grouped by series, and the files left out with the reason. */
export interface DicomScan {
  /** Series, largest (files × rows × columns) first: the first is the default choice. */
  series: { info: SeriesInfo; slices: DicomSlice[] }[];
  skipped: { name: string; reason: string }[];
}

/** Default memory budget: 1 GiB of float32 voxels. */
export const DEFAULT_DICOM_MAX_BYTES = 2 ** 30;

/**
 * Parses every file's header and groups the images by SeriesInstanceUID. A folder copied from a CD or
 * PACS usually holds a DICOMDIR or a text file beside the images: files that are not DICOM images are
 * left out and listed in `skipped`; a damaged DICOM file throws (it may be a slice of the series). When none is an image, throws the first file's own error (with the
 * count when there were several), so a single wrong file gets its specific message.
 */
export function scanDicomFiles(files: readonly DicomFile[], options: { maxBytes?: number } = {}): DicomScan {
  if (files.length === 0) {
    throw new DatasetFormatError('No files were given to read as a DICOM series.', 'Choose the .dcm files of a series, or the folder that holds them.');
  }
  const maxBytes = options.maxBytes ?? DEFAULT_DICOM_MAX_BYTES;
  const groups = new Map<string, DicomSlice[]>();
  const skipped: DicomScan['skipped'] = [];
  let firstError: DatasetFormatError | null = null;
  for (const file of files) {
    const parsed = parseDicomSlice(file, { maxBytes });
    if (parsed.kind === 'other') {
      firstError ??= parsed.reason;
      skipped.push({ name: file.name, reason: parsed.reason.message });
      continue;
    }
    const { slice } = parsed;
    const group = groups.get(slice.seriesInstanceUid);
    if (group === undefined) groups.set(slice.seriesInstanceUid, [slice]);
    else group.push(slice);
  }
  if (groups.size === 0 && firstError !== null) {
    if (files.length === 1) throw firstError;
    throw new DatasetFormatError(`None of the ${files.length} files is a DICOM image. The first: ${firstError.message}`, firstError.hint);
  }
  const series = [...groups.entries()].map(([uid, slices]) => ({ info: seriesInfo(uid, slices), slices }));
  series.sort((a, b) => seriesSize(b.info) - seriesSize(a.info) || a.info.seriesInstanceUid.localeCompare(b.info.seriesInstanceUid));
  return { series, skipped };
}

/** The series among `files`, largest first (the one readDicomSeries reads by default). */
export function listDicomSeries(files: readonly DicomFile[], options: { maxBytes?: number } = {}): SeriesInfo[] {
  return scanDicomFiles(files, options).series.map((s) => s.info);
}

function seriesInfo(uid: string, slices: DicomSlice[]): SeriesInfo {
  const first = slices[0];
  return {
    seriesInstanceUid: uid,
    description: first.description,
    modality: first.modality,
    fileCount: slices.length,
    rows: first.rows,
    columns: first.columns,
  };
}

function seriesSize(info: SeriesInfo): number {
  return info.fileCount * info.rows * info.columns;
}
