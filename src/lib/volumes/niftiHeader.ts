import { DatasetFormatError } from '../errors';
import { toNiftiDatatype, type NiftiDatatype } from './niftiDatatype';

/**
 * The fields of a NIfTI-1 or NIfTI-2 header the course uses, as plain numbers. NIfTI-2 stores the
 * same fields as NIfTI-1 at other offsets, in 64-bit types; both are read into this one shape.
 */
export interface NiftiHeader {
  version: 1 | 2;
  littleEndian: boolean;
  /** dim[0..7]: dim[0] is the number of dimensions, dim[1..3] the spatial sizes. */
  dim: number[];
  datatype: NiftiDatatype;
  /** pixdim[0..7]: pixdim[0] is qfac, pixdim[1..3] the voxel size. */
  pixdim: number[];
  /** Byte offset of the first voxel. */
  voxOffset: number;
  sclSlope: number;
  sclInter: number;
  qformCode: number;
  sformCode: number;
  /** quatern_b, quatern_c, quatern_d. */
  quatern: [number, number, number];
  /** qoffset_x, qoffset_y, qoffset_z. */
  qoffset: [number, number, number];
  /** srow_x, srow_y, srow_z: the first three rows of the sform, row-major. */
  srow: number[];
}

/** Bytes of the fixed header: NIfTI-1 and NIfTI-2. */
export const NIFTI1_HEADER_BYTES = 348;
export const NIFTI2_HEADER_BYTES = 540;

interface Layout {
  int: (view: DataView, offset: number, le: boolean) => number;
  float: (view: DataView, offset: number, le: boolean) => number;
  /** Bytes of one int (dim) and one float (pixdim, srow) field. */
  intSize: number; size: number;
  dim: number; pixdim: number; datatype: number; voxOffset: number; scl: number;
  codes: number; quatern: number; srow: number;
}

// Offsets from nifti1.h and nifti2.h. NIfTI-1 keeps dims in int16 and floats in float32; NIfTI-2
// widens them to int64 and float64 (8 bytes), so one table with a field size covers both.
const NIFTI1: Layout = {
  int: (v, o, le) => v.getInt16(o, le), float: (v, o, le) => v.getFloat32(o, le), intSize: 2, size: 4,
  dim: 40, pixdim: 76, datatype: 70, voxOffset: 108, scl: 112, codes: 252, quatern: 256, srow: 280,
};
const NIFTI2: Layout = {
  int: (v, o, le) => Number(v.getBigInt64(o, le)), float: (v, o, le) => v.getFloat64(o, le), intSize: 8, size: 8,
  dim: 16, pixdim: 104, datatype: 12, voxOffset: 168, scl: 176, codes: 344, quatern: 352, srow: 400,
};

const SINGLE_FILE_MAGIC = { 1: 'n+1\0', 2: 'n+2\0\r\n\x1a\n' } as const;
const PAIR_MAGIC = { 1: 'ni1\0', 2: 'ni2\0\r\n\x1a\n' } as const;

function text(bytes: Uint8Array, start: number, length: number): string {
  return String.fromCharCode(...bytes.subarray(start, start + length));
}

function printable(value: string): string {
  return JSON.stringify(value.replace(/\0+$/, ''));
}

function versionOf(view: DataView, name: string): { version: 1 | 2; littleEndian: boolean } {
  // sizeof_hdr (348 or 540) is the only field that tells the byte order and the version apart.
  for (const littleEndian of [true, false]) {
    const size = view.getInt32(0, littleEndian);
    if (size === NIFTI1_HEADER_BYTES) return { version: 1, littleEndian };
    if (size === NIFTI2_HEADER_BYTES) return { version: 2, littleEndian };
  }
  throw new DatasetFormatError(
    `${name} is not a NIfTI file: its first 4 bytes are not sizeof_hdr 348 (NIfTI-1) or 540 (NIfTI-2) in either byte order.`,
    'Choose a .nii or .nii.gz file (NIfTI-1 or NIfTI-2).',
  );
}

function assertMagic(bytes: Uint8Array, version: 1 | 2, name: string): void {
  const magic = version === 1 ? text(bytes, 344, 4) : text(bytes, 4, 8);
  if (magic === SINGLE_FILE_MAGIC[version]) return;
  if (magic === PAIR_MAGIC[version]) {
    throw new DatasetFormatError(
      `${name} is the header of a NIfTI .hdr/.img pair: its voxels are in a separate .img file.`,
      'Convert the pair to a single .nii or .nii.gz file (for example with nibabel or fslchfiletype) and load that.',
    );
  }
  throw new DatasetFormatError(
    `${name} has the NIfTI-${version} magic ${printable(magic)}; expected ${printable(SINGLE_FILE_MAGIC[version])}.`,
    version === 1 ? 'The file may be an old Analyze 7.5 header or a corrupt NIfTI file: convert it to NIfTI with a current tool.' : 'The header is corrupt: export the volume again.',
  );
}

function assertDims(dim: number[], name: string): void {
  const rank = dim[0]!;
  if (!Number.isInteger(rank) || rank < 1 || rank > 7) {
    throw new DatasetFormatError(`${name}: dim[0] is ${rank}; expected the number of dimensions, 1 to 7.`, 'The header is corrupt: export the volume again.');
  }
  for (let axis = 1; axis <= rank; axis++) {
    const size = dim[axis]!;
    if (!Number.isSafeInteger(size) || size <= 0) {
      throw new DatasetFormatError(
        `${name}: dim[${axis}] is ${size}; every size up to dim[0] = ${rank} must be a positive whole number.`,
        'The header is corrupt or the image is empty: export the volume again.',
      );
    }
  }
}

/**
 * Reads and checks a NIfTI-1 or NIfTI-2 header (either byte order) from the start of an uncompressed
 * file. Throws DatasetFormatError for a short file, wrong sizeof_hdr or magic, an .hdr/.img pair,
 * dims ≤ 0, a datatype the course does not read, or a vox_offset inside the header.
 */
export function readNiftiHeader(bytes: Uint8Array, name: string): NiftiHeader {
  if (bytes.length < 4) {
    throw new DatasetFormatError(`${name} is ${bytes.length} bytes long: too short to be a NIfTI file.`, 'Choose a .nii or .nii.gz file.');
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const { version, littleEndian: le } = versionOf(view, name);
  const headerBytes = version === 1 ? NIFTI1_HEADER_BYTES : NIFTI2_HEADER_BYTES;
  if (bytes.length < headerBytes) {
    throw new DatasetFormatError(
      `${name} ends after ${bytes.length} bytes, inside its ${headerBytes}-byte NIfTI-${version} header.`,
      'The file is truncated: copy or download it again.',
    );
  }
  assertMagic(bytes, version, name);
  const at = version === 1 ? NIFTI1 : NIFTI2;
  const ints = (start: number, count: number) => Array.from({ length: count }, (_, i) => at.int(view, start + i * at.intSize, le));
  const floats = (start: number, count: number) => Array.from({ length: count }, (_, i) => at.float(view, start + i * at.size, le));
  const dim = ints(at.dim, 8);
  assertDims(dim, name);
  const datatype = toNiftiDatatype(view.getInt16(at.datatype, le), name);
  // vox_offset is a float in NIfTI-1 (an Analyze leftover) and an int64 in NIfTI-2.
  const voxOffset = version === 1 ? at.float(view, at.voxOffset, le) : at.int(view, at.voxOffset, le);
  if (!Number.isSafeInteger(voxOffset) || voxOffset < headerBytes) {
    throw new DatasetFormatError(
      `${name}: vox_offset is ${voxOffset}; expected a whole number of bytes at or after the ${headerBytes}-byte header.`,
      'The header is corrupt: export the volume again.',
    );
  }
  const [sclSlope, sclInter] = floats(at.scl, 2) as [number, number];
  const codes = version === 1 ? [view.getInt16(at.codes, le), view.getInt16(at.codes + 2, le)] : [view.getInt32(at.codes, le), view.getInt32(at.codes + 4, le)];
  const quaternion = floats(at.quatern, 6);
  return {
    version, littleEndian: le, dim, datatype, voxOffset, sclSlope, sclInter,
    pixdim: floats(at.pixdim, 8),
    qformCode: codes[0]!,
    sformCode: codes[1]!,
    quatern: [quaternion[0]!, quaternion[1]!, quaternion[2]!],
    qoffset: [quaternion[3]!, quaternion[4]!, quaternion[5]!],
    srow: floats(at.srow, 12),
  };
}

/** Voxels in the first 3-D volume a header describes (dims beyond dim[0] count as 1). */
export function niftiVolumeVoxels(header: NiftiHeader): [number, number, number] {
  const size = (axis: number) => (axis <= header.dim[0]! ? header.dim[axis]! : 1);
  return [size(1), size(2), size(3)];
}

/** Number of 3-D volumes the file holds (the product of dim[4..dim[0]]). */
export function niftiVolumeCount(header: NiftiHeader): number {
  let count = 1;
  for (let axis = 4; axis <= header.dim[0]!; axis++) count *= header.dim[axis]!;
  return count;
}
