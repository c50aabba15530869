import { DatasetFormatError } from '../errors';
import type { DicomSlice } from './dicomSlice';
import { assertReadableTransferSyntax } from './dicomTransferSyntax';

const SUPPORTED_BITS = [8, 16, 32];

/**
 * Throws a DatasetFormatError unless the slice's pixels can be read as one grey frame of stored
 * integers: a readable transfer syntax, one sample per pixel, a single frame, 8, 16 or 32 bits
 * allocated, and a pixel data element as long as rows × columns says.
 */
export function assertReadablePixels(slice: DicomSlice): void {
  const name = slice.fileName;
  assertReadableTransferSyntax(slice.transferSyntaxUid, name);
  if (slice.samplesPerPixel !== 1 || !slice.photometricInterpretation.startsWith('MONOCHROME')) {
    throw new DatasetFormatError(
      `${name} is a ${slice.photometricInterpretation} image with ${slice.samplesPerPixel} samples per pixel; the course reads greyscale (MONOCHROME1/2, 1 sample).`,
      'Choose the CT or MR series itself: colour images are usually screenshots or secondary captures.',
    );
  }
  if (slice.numberOfFrames > 1) {
    throw new DatasetFormatError(
      `${name} is a multi-frame (enhanced) DICOM file with ${slice.numberOfFrames} frames; the course reads one slice per file.`,
      'Convert it with dcm2niix and load the .nii.gz, or export the series as single-frame (classic) images.',
    );
  }
  if (!SUPPORTED_BITS.includes(slice.bitsAllocated) || slice.bitsStored < 1 || slice.bitsStored > slice.bitsAllocated) {
    throw new DatasetFormatError(
      `${name} stores ${slice.bitsStored} of ${slice.bitsAllocated} bits per pixel; expected 8, 16 or 32 bits allocated.`,
      'Export the series uncompressed with 16-bit pixels (e.g. with dcmconv or gdcmconv --raw).',
    );
  }
  if (slice.rows < 1 || slice.columns < 1) {
    throw new DatasetFormatError(`${name} has ${slice.rows} rows and ${slice.columns} columns; expected at least 1 of each.`, 'The header is damaged; export the series again.');
  }
  if (slice.pixels.encapsulated) {
    throw new DatasetFormatError(
      `${name}: the pixel data is encapsulated (compressed fragments) although the transfer syntax says uncompressed.`,
      'Export the series uncompressed, e.g. with dcmdjpeg (DCMTK) or gdcmconv --raw.',
    );
  }
  const needed = slice.rows * slice.columns * (slice.bitsAllocated / 8);
  const available = Math.min(slice.pixels.length, slice.pixels.bytes.length - slice.pixels.offset);
  if (available < needed) {
    throw new DatasetFormatError(
      `${name}: the pixel data holds ${available} bytes where ${slice.rows}×${slice.columns} pixels of ${slice.bitsAllocated} bits need ${needed}; the file is truncated.`,
      'Copy the file again from its source, or leave it out of the series.',
    );
  }
}

/**
 * Writes the slice's rows × columns values into `out` from `offset` (column index fastest, as stored),
 * with RescaleSlope/RescaleIntercept applied. Bits above BitsStored are masked off, and signed values
 * sign-extended from BitsStored, as the standard asks (some scanners leave overlay bits there).
 */
export function readDicomPixels(slice: DicomSlice, out: Float32Array, offset: number): void {
  const count = slice.rows * slice.columns;
  const stored = storedValues(slice, count);
  const { rescaleSlope: slope, rescaleIntercept: intercept, bitsStored, bitsAllocated } = slice;
  const signed = slice.pixelRepresentation === 1;
  if (bitsStored === bitsAllocated) {
    for (let p = 0; p < count; p++) out[offset + p] = stored[p] * slope + intercept;
    return;
  }
  const mask = 2 ** bitsStored - 1;
  const signBit = 2 ** (bitsStored - 1);
  for (let p = 0; p < count; p++) {
    // The stored word read as unsigned, whatever the representation, so the mask sees all its bits.
    const raw = stored[p] < 0 ? stored[p] + 2 ** bitsAllocated : stored[p];
    let value = raw % (mask + 1);
    if (signed && value >= signBit) value -= mask + 1;
    out[offset + p] = value * slope + intercept;
  }
}

/** A typed-array view of the stored words (little endian, as every readable syntax is; JS engines run little endian). */
function storedValues(slice: DicomSlice, count: number): ArrayLike<number> {
  const { bytes, offset } = slice.pixels;
  const width = slice.bitsAllocated / 8;
  const byteLength = count * width;
  // A view needs an offset that is a multiple of the word size; an odd one (legal in DICOM) takes a copy.
  const aligned = (bytes.byteOffset + offset) % width === 0;
  const buffer = aligned ? bytes.buffer : bytes.slice(offset, offset + byteLength).buffer;
  const start = aligned ? bytes.byteOffset + offset : 0;
  const signed = slice.pixelRepresentation === 1;
  if (width === 1) return signed ? new Int8Array(buffer, start, count) : new Uint8Array(buffer, start, count);
  if (width === 2) return signed ? new Int16Array(buffer, start, count) : new Uint16Array(buffer, start, count);
  return signed ? new Int32Array(buffer, start, count) : new Uint32Array(buffer, start, count);
}
