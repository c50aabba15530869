import { DatasetFormatError } from '../errors';
import type { NiftiDatatype } from './niftiDatatype';

/** Options of toFloat32Voxels. */
export interface NiftiVoxelOptions {
  /** File name for messages. */
  name: string;
  datatype: NiftiDatatype;
  littleEndian: boolean;
  /** Byte offset of the first voxel in `bytes`. */
  offset: number;
  /** Voxels in the volume: ni, nj, nk. */
  dims: [number, number, number];
  /** scl_slope and scl_inter from the header, as stored. */
  slope: number;
  inter: number;
}

/**
 * The scaling a header asks for: a slope of 0 or one that is not finite means "no scaling" (the
 * standard's rule, and old writers leave NaN there); an intercept that is not finite counts as 0.
 */
export function niftiScaling(slope: number, inter: number): { slope: number; inter: number } {
  if (!Number.isFinite(slope) || slope === 0) return { slope: 1, inter: 0 };
  return { slope, inter: Number.isFinite(inter) ? inter : 0 };
}

const PLATFORM_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function typedView(bytes: Uint8Array, offset: number, count: number, datatype: NiftiDatatype): ArrayLike<number> | null {
  const start = bytes.byteOffset + offset;
  if (start % datatype.bytes !== 0) return null;
  switch (datatype.name) {
    case 'UINT8': return new Uint8Array(bytes.buffer, start, count);
    case 'INT8': return new Int8Array(bytes.buffer, start, count);
    case 'INT16': return new Int16Array(bytes.buffer, start, count);
    case 'UINT16': return new Uint16Array(bytes.buffer, start, count);
    case 'INT32': return new Int32Array(bytes.buffer, start, count);
    case 'UINT32': return new Uint32Array(bytes.buffer, start, count);
    case 'FLOAT32': return new Float32Array(bytes.buffer, start, count);
    case 'FLOAT64': return new Float64Array(bytes.buffer, start, count);
    default: return null;
  }
}

/**
 * Decodes the first volume's voxels (i fastest) to a new Float32Array the caller owns, applying
 * scl_slope/scl_inter. `bytes` must hold offset + ni·nj·nk voxels. Throws DatasetFormatError naming
 * the count and the first voxel when any value is NaN or infinite (in the file, or after scaling).
 */
export function toFloat32Voxels(bytes: Uint8Array, options: NiftiVoxelOptions): Float32Array {
  const { datatype, littleEndian, offset, dims, name } = options;
  const count = dims[0] * dims[1] * dims[2];
  const { slope, inter } = niftiScaling(options.slope, options.inter);
  const out = new Float32Array(count);
  // A typed view reads native order without a call per voxel; other byte orders and odd offsets
  // go through a DataView.
  const view = littleEndian === PLATFORM_LITTLE_ENDIAN ? typedView(bytes, offset, count, datatype) : null;
  if (view) {
    for (let i = 0; i < count; i++) out[i] = view[i]! * slope + inter;
  } else {
    const data = new DataView(bytes.buffer, bytes.byteOffset + offset, count * datatype.bytes);
    for (let i = 0; i < count; i++) out[i] = datatype.read(data, i * datatype.bytes, littleEndian) * slope + inter;
  }
  assertFinite(out, dims, name, slope !== 1 || inter !== 0);
  return out;
}

function assertFinite(values: Float32Array, dims: [number, number, number], name: string, scaled: boolean): void {
  let bad = 0;
  let first = -1;
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i]!)) {
      bad++;
      if (first < 0) first = i;
    }
  }
  if (bad === 0) return;
  const i = first % dims[0];
  const j = Math.floor(first / dims[0]) % dims[1];
  const k = Math.floor(first / (dims[0] * dims[1]));
  throw new DatasetFormatError(
    `${name} has ${bad} voxel${bad === 1 ? '' : 's'} that ${bad === 1 ? 'is' : 'are'} NaN or infinite${scaled ? ' after scl_slope/scl_inter' : ''}, the first at (i, j, k) = (${i}, ${j}, ${k}); expected finite values.`,
    'Replace the NaN/infinite voxels (for example with 0 or the background value, e.g. numpy.nan_to_num) and save the volume again.',
  );
}
