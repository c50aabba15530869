/**
 * A small NIfTI writer for tests, independent of src/lib/volumes: it writes any datatype, either
 * version and byte order, and any header field, from offsets copied by hand out of nifti1.h and
 * nifti2.h, so that the reader is checked against the standard and not against itself.
 */

export interface TestNiftiSpec {
  version?: 1 | 2;
  littleEndian?: boolean;
  /** dim[0..7]; shorter arrays are padded with 1. */
  dim: number[];
  /** Datatype code (2 uint8, 4 int16, 8 int32, 16 float32, 64 float64, 128 RGB24, 256 int8, 512 uint16, 768 uint32, …). */
  datatype: number;
  /** Voxel values, written in the datatype (ignored for the non-scalar types: zeros). */
  values: number[];
  pixdim?: number[];
  voxOffset?: number;
  slope?: number;
  inter?: number;
  qformCode?: number;
  sformCode?: number;
  quatern?: [number, number, number];
  qoffset?: [number, number, number];
  /** srow_x, srow_y, srow_z (12 numbers). */
  srow?: number[];
  /** Overrides the magic string. */
  magic?: string;
  /** Overrides sizeof_hdr. */
  sizeofHdr?: number;
}

const BYTES: Record<number, number> = { 2: 1, 4: 2, 8: 4, 16: 4, 32: 8, 64: 8, 128: 3, 256: 1, 512: 2, 768: 4, 1024: 8, 2304: 4 };

function writeValue(view: DataView, offset: number, datatype: number, value: number, le: boolean): void {
  switch (datatype) {
    case 2: view.setUint8(offset, value); break;
    case 256: view.setInt8(offset, value); break;
    case 4: view.setInt16(offset, value, le); break;
    case 512: view.setUint16(offset, value, le); break;
    case 8: view.setInt32(offset, value, le); break;
    case 768: view.setUint32(offset, value, le); break;
    case 16: view.setFloat32(offset, value, le); break;
    case 64: view.setFloat64(offset, value, le); break;
    default: break; // non-scalar types: leave zeros
  }
}

/** Bytes of a single-file NIfTI built from `spec` (never gzipped: gzip them with fflate in the test). */
export function buildTestNifti(spec: TestNiftiSpec): Uint8Array {
  const version = spec.version ?? 1;
  const le = spec.littleEndian ?? true;
  const headerSize = version === 1 ? 348 : 540;
  const voxOffset = spec.voxOffset ?? (version === 1 ? 352 : 544);
  const bytesPer = BYTES[spec.datatype] ?? 4;
  // Voxels never overwrite the header, even when a test sets vox_offset inside it.
  const dataStart = Math.max(voxOffset, headerSize);
  const file = new Uint8Array(dataStart + spec.values.length * bytesPer);
  const v = new DataView(file.buffer);
  const dim = [...spec.dim, 1, 1, 1, 1, 1, 1, 1, 1].slice(0, 8);
  const pixdim = [...(spec.pixdim ?? [1, 1, 1, 1]), 0, 0, 0, 0, 0, 0, 0, 0].slice(0, 8);
  const quatern = [...(spec.quatern ?? [0, 0, 0]), ...(spec.qoffset ?? [0, 0, 0])];
  const srow = spec.srow ?? [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0];
  v.setInt32(0, spec.sizeofHdr ?? headerSize, le);
  if (version === 1) {
    dim.forEach((n, i) => v.setInt16(40 + 2 * i, n, le));
    v.setInt16(70, spec.datatype, le);
    v.setInt16(72, bytesPer * 8, le);
    pixdim.forEach((x, i) => v.setFloat32(76 + 4 * i, x, le));
    v.setFloat32(108, voxOffset, le);
    v.setFloat32(112, spec.slope ?? 1, le);
    v.setFloat32(116, spec.inter ?? 0, le);
    v.setInt16(252, spec.qformCode ?? 0, le);
    v.setInt16(254, spec.sformCode ?? 0, le);
    quatern.forEach((x, i) => v.setFloat32(256 + 4 * i, x, le));
    srow.forEach((x, i) => v.setFloat32(280 + 4 * i, x, le));
    (spec.magic ?? 'n+1\0').split('').forEach((c, i) => v.setUint8(344 + i, c.charCodeAt(0)));
  } else {
    (spec.magic ?? 'n+2\0\r\n\x1a\n').split('').forEach((c, i) => v.setUint8(4 + i, c.charCodeAt(0)));
    v.setInt16(12, spec.datatype, le);
    v.setInt16(14, bytesPer * 8, le);
    dim.forEach((n, i) => v.setBigInt64(16 + 8 * i, BigInt(n), le));
    pixdim.forEach((x, i) => v.setFloat64(104 + 8 * i, x, le));
    v.setBigInt64(168, BigInt(voxOffset), le);
    v.setFloat64(176, spec.slope ?? 1, le);
    v.setFloat64(184, spec.inter ?? 0, le);
    v.setInt32(344, spec.qformCode ?? 0, le);
    v.setInt32(348, spec.sformCode ?? 0, le);
    quatern.forEach((x, i) => v.setFloat64(352 + 8 * i, x, le));
    srow.forEach((x, i) => v.setFloat64(400 + 8 * i, x, le));
  }
  spec.values.forEach((value, i) => writeValue(v, dataStart + i * bytesPer, spec.datatype, value, le));
  return file;
}
