import { DatasetFormatError } from '../errors';
import { formatBytes } from '../format';
import { dicomGeometry } from './dicomGeometry';
import { assertReadablePixels, readDicomPixels } from './dicomPixels';
import { DEFAULT_DICOM_MAX_BYTES, scanDicomFiles, type SeriesInfo } from './dicomSeriesList';
import type { DicomFile } from './dicomSlice';
import type { Volume } from './types';

export interface ReadDicomSeriesOptions {
  /** The series to read (see listDicomSeries); default the largest. */
  seriesInstanceUid?: string;
  /** Memory budget in bytes for the float32 voxels (default 1 GiB), checked from the headers before allocating. */
  maxBytes?: number;
}

/**
 * Reads one DICOM series from a set of files (a folder's contents) into a Volume: voxels in HU for CT
 * (RescaleSlope/Intercept applied), slices ordered along the slice normal, the affine in RAS+.
 * `series` lists every series found, largest first, so a page can offer the others.
 * Throws a DatasetFormatError naming the file and what was expected for anything it cannot read
 * correctly: unsupported transfer syntax, missing geometry, mixed sizes, duplicate positions, …
 */
export function readDicomSeries(files: readonly DicomFile[], options: ReadDicomSeriesOptions = {}): { volume: Volume; series: SeriesInfo[] } {
  const maxBytes = options.maxBytes ?? DEFAULT_DICOM_MAX_BYTES;
  const scan = scanDicomFiles(files, { maxBytes });
  const series = scan.series.map((s) => s.info);
  const chosen = options.seriesInstanceUid === undefined ? scan.series[0] : scan.series.find((s) => s.info.seriesInstanceUid === options.seriesInstanceUid);
  if (chosen === undefined) {
    throw new DatasetFormatError(
      `No series with SeriesInstanceUID ${options.seriesInstanceUid} among the files; found ${series.map((s) => s.seriesInstanceUid).join(', ')}.`,
      'Choose one of the series listed by listDicomSeries.',
    );
  }
  const { info } = chosen;
  const label = `Series ${info.seriesInstanceUid || '(no SeriesInstanceUID)'}${info.description ? ` "${info.description}"` : ''}`;
  const first = chosen.slices[0];
  for (const slice of chosen.slices) {
    if (slice.rows !== first.rows || slice.columns !== first.columns) {
      throw new DatasetFormatError(
        `${label} mixes image sizes: ${slice.fileName} is ${slice.rows}×${slice.columns}, ${first.fileName} ${first.rows}×${first.columns} (rows×columns).`,
        'A series with slices of several sizes is not one volume; choose the files of one stack.',
      );
    }
  }
  const voxels = first.rows * first.columns * chosen.slices.length;
  if (voxels * 4 > maxBytes) {
    throw new DatasetFormatError(
      `${label} has ${chosen.slices.length} slices of ${first.rows}×${first.columns}: ${voxels.toLocaleString('en-US')} voxels, which take ${formatBytes(voxels * 4)} as float32, more than the memory budget of ${formatBytes(maxBytes)}.`,
      'Choose a smaller series or fewer slices, or raise the memory budget.',
    );
  }
  for (const slice of chosen.slices) assertReadablePixels(slice);
  const geometry = dicomGeometry(chosen.slices, label);
  const data = new Float32Array(voxels);
  const perSlice = first.rows * first.columns;
  geometry.slices.forEach((slice, k) => readDicomPixels(slice, data, k * perSlice));

  const warnings = [...geometry.warnings];
  if (scan.skipped.length > 0) {
    const names = scan.skipped.slice(0, 3).map((s) => s.name).join(', ');
    warnings.push(`${scan.skipped.length} file(s) were left out as not DICOM images (${names}${scan.skipped.length > 3 ? ', …' : ''}).`);
  }
  if (series.length > 1) warnings.push(`The files hold ${series.length} series; ${label} was read (${info.fileCount} files).`);
  if (first.photometricInterpretation === 'MONOCHROME1') {
    warnings.push(`${label} is MONOCHROME1 (viewers show low values white); the values are kept as stored.`);
  }
  const volume: Volume = {
    dims: [first.columns, first.rows, geometry.slices.length],
    data,
    affine: geometry.affine,
    affineSource: 'dicom',
    spacing: geometry.spacing,
    units: info.modality === 'CT' ? 'HU' : null,
    warnings,
    source: {
      files: geometry.slices.map((s) => s.fileName),
      seriesInstanceUid: info.seriesInstanceUid,
      description: info.description,
      modality: info.modality,
    },
  };
  return { volume, series };
}
