import * as dicomParserModule from 'dicom-parser';
import type { DataSet } from 'dicom-parser';
import { DatasetFormatError } from '../errors';
import { createDicomInflater } from './dicomInflate';

// dicom-parser is a UMD bundle: Node's own ESM loader (npm run train/import) exposes it only as the default export, bundlers by name too.
const { parseDicom } = (dicomParserModule as { default?: typeof dicomParserModule }).default ?? dicomParserModule;

/** One file as the reader gets it: its name (for messages) and its bytes. */
export interface DicomFile {
  name: string;
  bytes: Uint8Array;
}

/** The header fields of one DICOM image file the series reader needs, and where its pixels lie. */
export interface DicomSlice {
  fileName: string;
  seriesInstanceUid: string;
  description: string;
  modality: string;
  transferSyntaxUid: string;
  rows: number;
  columns: number;
  instanceNumber: number | null;
  /** ImagePositionPatient (LPS mm, centre of the first pixel), or null when absent. */
  position: number[] | null;
  /** ImageOrientationPatient: row direction then column direction (LPS), or null when absent. */
  orientation: number[] | null;
  /** PixelSpacing: [between rows, between columns] in mm, or null when absent. */
  pixelSpacing: number[] | null;
  sliceThickness: number | null;
  bitsAllocated: number;
  bitsStored: number;
  pixelRepresentation: number;
  samplesPerPixel: number;
  photometricInterpretation: string;
  numberOfFrames: number;
  rescaleSlope: number;
  rescaleIntercept: number;
  /** The pixel data: `bytes` is the parsed (for deflated files, inflated) file, the values at [offset, offset + length). */
  pixels: { bytes: Uint8Array; offset: number; length: number; encapsulated: boolean };
}

const IMPLICIT_LITTLE_ENDIAN = '1.2.840.10008.1.2';

/**
 * What one file is: an image slice, or something else that may sit beside a series in a folder (not
 * DICOM at all, or a DICOM file without pixels: a DICOMDIR, a report), with the error that names it.
 */
export type ParsedDicomFile = { kind: 'image'; slice: DicomSlice } | { kind: 'other'; reason: DatasetFormatError };

/**
 * Parses one file's header with dicom-parser and returns what the series reader needs. A file that is
 * not DICOM (no "DICM" marker and not a raw data set either) or holds no pixel data comes back as
 * 'other'; a DICOM file that is damaged (truncated, a corrupt deflated stream) throws a
 * DatasetFormatError, because leaving it out would silently drop a slice.
 */
export function parseDicomSlice(file: DicomFile, options: { maxBytes: number }): ParsedDicomFile {
  const dataSet = parseDataSet(file, options.maxBytes);
  if (dataSet === null) {
    const reason = new DatasetFormatError(
      `${file.name} is not a DICOM file: it has no "DICM" marker at byte 128 and does not parse as a raw DICOM data set.`,
      'Choose the .dcm files of a series (or the folder that holds them); for NIfTI choose the .nii or .nii.gz file.',
    );
    return { kind: 'other', reason };
  }
  const pixelElement = dataSet.elements.x7fe00010;
  if (pixelElement === undefined) {
    const sopClass = dataSet.string('x00080016');
    const reason = new DatasetFormatError(
      `${file.name} is a DICOM file without pixel data${sopClass ? ` (SOP class ${sopClass})` : ''}: it holds no image.`,
      'Choose the files of an image series; DICOMDIR, reports and presentation states carry no pixels.',
    );
    return { kind: 'other', reason };
  }
  return { kind: 'image', slice: {
    fileName: file.name,
    seriesInstanceUid: dataSet.string('x0020000e') ?? '',
    description: dataSet.string('x0008103e') ?? '',
    modality: dataSet.string('x00080060') ?? '',
    transferSyntaxUid: dataSet.string('x00020010') ?? IMPLICIT_LITTLE_ENDIAN,
    rows: dataSet.uint16('x00280010') ?? 0,
    columns: dataSet.uint16('x00280011') ?? 0,
    instanceNumber: dataSet.intString('x00200013') ?? null,
    position: numbers(dataSet, 'x00200032', 3),
    orientation: numbers(dataSet, 'x00200037', 6),
    pixelSpacing: numbers(dataSet, 'x00280030', 2),
    sliceThickness: dataSet.floatString('x00180050') ?? null,
    bitsAllocated: dataSet.uint16('x00280100') ?? 0,
    bitsStored: dataSet.uint16('x00280101') ?? dataSet.uint16('x00280100') ?? 0,
    pixelRepresentation: dataSet.uint16('x00280103') ?? 0,
    samplesPerPixel: dataSet.uint16('x00280002') ?? 1,
    photometricInterpretation: (dataSet.string('x00280004') ?? 'MONOCHROME2').trim(),
    numberOfFrames: dataSet.intString('x00280008') ?? 1,
    rescaleSlope: finiteOr(dataSet.floatString('x00281053'), 1),
    rescaleIntercept: finiteOr(dataSet.floatString('x00281052'), 0),
    pixels: {
      bytes: dataSet.byteArray as Uint8Array,
      offset: pixelElement.dataOffset,
      length: pixelElement.length,
      encapsulated: pixelElement.encapsulatedPixelData === true || pixelElement.hadUndefinedLength === true,
    },
  } };
}

/**
 * Parses a Part 10 file, or failing the "DICM" marker, a raw implicit-VR data set (old scanners and
 * PACS exports write those); null when the bytes are neither.
 */
function parseDataSet(file: DicomFile, maxBytes: number): DataSet | null {
  const inflater = createDicomInflater(file.name, maxBytes);
  const hasMarker = file.bytes.length >= 132 && String.fromCharCode(...file.bytes.subarray(128, 132)) === 'DICM';
  if (hasMarker) {
    try {
      return parseDicom(file.bytes, { inflater });
    } catch (error) {
      throw parseError(file.name, error);
    }
  }
  // A raw data set starts with a group 0008 element (a group 0002 one when the meta header is kept);
  // anything else is not DICOM, and parsing it anyway could read lengths from arbitrary bytes.
  const group = file.bytes.length >= 8 ? file.bytes[0] | (file.bytes[1] << 8) : -1;
  if (group === 0x0008 || group === 0x0002) {
    try {
      const dataSet = parseDicom(file.bytes, { TransferSyntaxUID: IMPLICIT_LITTLE_ENDIAN, inflater });
      if (dataSet.elements.x00080016 !== undefined || dataSet.elements.x7fe00010 !== undefined) return dataSet;
    } catch (error) {
      if (error instanceof DatasetFormatError) throw error;
      // Falls through to "not DICOM": without the marker a failed parse says nothing more specific.
    }
  }
  return null;
}

/** dicom-parser throws strings, Errors, or { exception, dataSet }: one DatasetFormatError naming the file. */
function parseError(fileName: string, error: unknown): DatasetFormatError {
  if (error instanceof DatasetFormatError) return error;
  const inner = typeof error === 'object' && error !== null && 'exception' in error ? (error as { exception: unknown }).exception : error;
  if (inner instanceof DatasetFormatError) return inner;
  const detail = inner instanceof Error ? inner.message : String(inner);
  return new DatasetFormatError(
    `${fileName} could not be parsed as DICOM: ${detail.replace(/^dicomParser\.\w+: /, '')}.`,
    'The file may be truncated or damaged; copy it again from its source, or leave it out of the series.',
  );
}

/** `count` numbers of a multi-valued decimal-string element, or null when absent, short or not finite. */
function numbers(dataSet: DataSet, tag: string, count: number): number[] | null {
  if (dataSet.elements[tag] === undefined || (dataSet.numStringValues(tag) ?? 0) < count) return null;
  const values: number[] = [];
  for (let index = 0; index < count; index++) {
    const value = dataSet.floatString(tag, index);
    if (value === undefined || !Number.isFinite(value)) return null;
    values.push(value);
  }
  return values;
}

function finiteOr(value: number | undefined, fallback: number): number {
  return value !== undefined && Number.isFinite(value) ? value : fallback;
}
