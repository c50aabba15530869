/**
 * What a file is, from its first bytes (and its name where the bytes cannot tell): so that a NIfTI volume
 * or a DICOM slice handed to the HDF5 loader is named for what it is, with where to take it instead.
 */

/** The kinds of file a learner is likely to pick by mistake, besides HDF5 itself. */
export type FileKindName = 'hdf5' | 'nifti' | 'dicom' | 'gzip' | 'zip' | 'png' | 'jpeg' | 'pdf' | 'npy';

export interface FileKind {
  kind: FileKindName;
  /** How a message names it, e.g. "a NIfTI file (a NIfTI-1 volume, .nii)". */
  description: string;
  /** A scan the course imports as a volume (NIfTI, DICOM): "Bring your own scan" takes it. */
  volume: boolean;
}

/** Bytes from the start of a file that sniffFileKind needs to tell every kind apart (NIfTI-1's magic sits at 344). */
export const FILE_KIND_HEAD_BYTES = 352;

const ascii = (head: Uint8Array, at: number, length: number): string => String.fromCharCode(...head.subarray(at, at + length));
const startsWith = (head: Uint8Array, bytes: readonly number[], at = 0): boolean => bytes.every((b, i) => head[at + i] === b);

const HDF5 = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];
const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const NPY = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];

/**
 * The kind of a file from its first bytes (`head`, ideally FILE_KIND_HEAD_BYTES of them) and its name,
 * or null when it is none of the kinds known here. A gzip stream cannot show what it holds without
 * inflating it, so a gzip file is called NIfTI only when its name says .nii.gz; likewise a DICOM file
 * without its "DICM" preamble is recognised by a .dcm name only.
 */
export function sniffFileKind(head: Uint8Array, name = ''): FileKind | null {
  const lower = name.toLowerCase();
  if (startsWith(head, HDF5)) return { kind: 'hdf5', description: 'an HDF5 file', volume: false };
  const nifti1 = ascii(head, 344, 4);
  if (nifti1 === 'n+1\0' || nifti1 === 'ni1\0') return { kind: 'nifti', description: 'a NIfTI file (a NIfTI-1 volume, .nii)', volume: true };
  const nifti2 = ascii(head, 4, 4);
  if (nifti2 === 'n+2\0' || nifti2 === 'ni2\0') return { kind: 'nifti', description: 'a NIfTI file (a NIfTI-2 volume, .nii)', volume: true };
  if (startsWith(head, [0x1f, 0x8b])) {
    return /\.nii\.gz$/.test(lower)
      ? { kind: 'nifti', description: 'a NIfTI file (a gzip-compressed volume, .nii.gz)', volume: true }
      : { kind: 'gzip', description: 'a gzip-compressed file (.gz)', volume: false };
  }
  if (ascii(head, 128, 4) === 'DICM' || /\.dcm$/.test(lower)) return { kind: 'dicom', description: 'a DICOM file (a slice of a scan, .dcm)', volume: true };
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04]) || startsWith(head, [0x50, 0x4b, 0x05, 0x06])) return { kind: 'zip', description: 'a zip archive (.zip)', volume: false };
  if (startsWith(head, PNG)) return { kind: 'png', description: 'a PNG picture (.png)', volume: false };
  if (startsWith(head, [0xff, 0xd8, 0xff])) return { kind: 'jpeg', description: 'a JPEG picture (.jpg)', volume: false };
  if (ascii(head, 0, 5) === '%PDF-') return { kind: 'pdf', description: 'a PDF document (.pdf)', volume: false };
  if (startsWith(head, NPY)) return { kind: 'npy', description: 'a NumPy array (.npy)', volume: false };
  return null;
}

/**
 * Where a file that is not HDF5 should go instead, for the loader's message and hint: volumes to the
 * lessons' scan import (or `npm run import`), a zip to be unpacked first, arrays to be saved with h5py.
 */
export function notHdf5Advice(kind: FileKind): string {
  switch (kind.kind) {
    case 'nifti':
    case 'dicom':
      return 'Use "Bring your own scan" below the data explorer (or npm run import) to turn a scan and its mask or target into a lesson file.';
    case 'gzip':
      return 'If it is a NIfTI volume (.nii.gz), use "Bring your own scan" below the data explorer; otherwise unpack it first.';
    case 'zip':
      return 'Unpack the archive first: choose the .h5 file inside it, or its scans with "Bring your own scan".';
    case 'npy':
      return 'Save the arrays as one HDF5 file with h5py: datasets trainX, trainY, valX, valY (optionally testX, testY), shape [N, H, W, 1].';
    default:
      return 'The lessons read HDF5 files (.h5, .hdf5) with datasets trainX, trainY, valX, valY and optionally testX, testY.';
  }
}
