import { DatasetFormatError } from '../errors';

/** A NIfTI voxel type the course reads: its name, the bytes per voxel, and how to read one voxel. */
export interface NiftiDatatype {
  code: number;
  name: string;
  bytes: number;
  read: (view: DataView, offset: number, littleEndian: boolean) => number;
}

const SCALARS: NiftiDatatype[] = [
  { code: 2, name: 'UINT8', bytes: 1, read: (v, o) => v.getUint8(o) },
  { code: 256, name: 'INT8', bytes: 1, read: (v, o) => v.getInt8(o) },
  { code: 4, name: 'INT16', bytes: 2, read: (v, o, le) => v.getInt16(o, le) },
  { code: 512, name: 'UINT16', bytes: 2, read: (v, o, le) => v.getUint16(o, le) },
  { code: 8, name: 'INT32', bytes: 4, read: (v, o, le) => v.getInt32(o, le) },
  { code: 768, name: 'UINT32', bytes: 4, read: (v, o, le) => v.getUint32(o, le) },
  { code: 16, name: 'FLOAT32', bytes: 4, read: (v, o, le) => v.getFloat32(o, le) },
  { code: 64, name: 'FLOAT64', bytes: 8, read: (v, o, le) => v.getFloat64(o, le) },
];

// Types NIfTI defines that the course refuses, by name, so the message says what the file holds.
const NOT_SCALAR: Record<number, string> = { 32: 'COMPLEX64', 128: 'RGB24', 1792: 'COMPLEX128', 2048: 'COMPLEX256', 2304: 'RGBA32' };
const UNSUPPORTED: Record<number, string> = { 0: 'UNKNOWN (0)', 1: 'BINARY (1 bit)', 1024: 'INT64', 1280: 'UINT64', 1536: 'FLOAT128' };

/** The voxel type for a header's datatype code; throws DatasetFormatError naming a type the course cannot read. */
export function toNiftiDatatype(code: number, name: string): NiftiDatatype {
  const found = SCALARS.find((d) => d.code === code);
  if (found) return found;
  const hint = 'Convert the image to a scalar type (for example float32 or int16), e.g. with nibabel or fslmaths, and load it again.';
  const notScalar = NOT_SCALAR[code];
  if (notScalar !== undefined) {
    throw new DatasetFormatError(`${name}: ${notScalar} is not a scalar image; expected one value per voxel (uint8, int8, int16, uint16, int32, uint32, float32 or float64).`, hint);
  }
  const unsupported = UNSUPPORTED[code];
  if (unsupported !== undefined) {
    throw new DatasetFormatError(`${name}: ${unsupported} voxels are not supported; expected uint8, int8, int16, uint16, int32, uint32, float32 or float64.`, hint);
  }
  throw new DatasetFormatError(`${name}: datatype code ${code} is not a NIfTI datatype.`, 'The header is corrupt or the file is not NIfTI.');
}
