import { gzipSync } from 'fflate';
import { DatasetFormatError, ShapeError } from '../errors';
import { NIFTI1_HEADER_BYTES } from './niftiHeader';
import { isUsableAffine } from './niftiAffine';
import { affineToQform, qformToAffine, type NiftiQform } from './niftiQuaternion';

/** What writeNifti needs of a volume: its grid, its voxels (i fastest) and its 4×4 row-major affine. */
export interface NiftiWritable {
  dims: [number, number, number];
  data: Float32Array | Uint8Array;
  affine: readonly number[];
}

/** Options of writeNifti. */
export interface WriteNiftiOptions {
  /** Gzip the file (.nii.gz); default false. */
  gzip?: boolean;
  /** Voxel type on disk; default 'uint8' for a Uint8Array (a mask), 'float32' otherwise. */
  datatype?: 'uint8' | 'float32';
  /**
   * sform_code and qform_code: 1 (scanner anatomy, default: the input's own grid, as a reader or
   * DICOM gave it) or 2 (aligned to another scan).
   */
  xformCode?: 1 | 2;
}

// The 4-byte extension flag after the 348-byte header, then the voxels: vox_offset 352.
const VOX_OFFSET = NIFTI1_HEADER_BYTES + 4;
const DATATYPES = { uint8: { code: 2, bits: 8 }, float32: { code: 16, bits: 32 } } as const;
const UNITS_MM = 2;

function assertWritable({ dims, data, affine }: NiftiWritable, datatype: 'uint8' | 'float32'): void {
  if (dims.length !== 3 || dims.some((n) => !Number.isInteger(n) || n < 1 || n > 32767)) {
    throw new ShapeError(`Expected dims of three whole numbers from 1 to 32767 (NIfTI-1 stores int16), but got [${dims.join(', ')}].`);
  }
  if (data.length !== dims[0] * dims[1] * dims[2]) {
    throw new ShapeError(`Expected ${dims.join('×')} = ${dims[0] * dims[1] * dims[2]} voxels, but got ${data.length}.`);
  }
  if (!isUsableAffine([...affine])) {
    throw new ShapeError('Expected a 4×4 row-major affine of 16 finite numbers with a non-singular 3×3 part.', 'Pass the affine of the volume the data came from.');
  }
  for (let i = 0; i < data.length; i++) {
    const value = data[i]!;
    const fits = datatype === 'uint8' ? Number.isInteger(value) && value >= 0 && value <= 255 : Number.isFinite(value);
    if (!fits) {
      throw new DatasetFormatError(
        `Voxel ${i} is ${value}, which a ${datatype} NIfTI cannot hold${datatype === 'uint8' ? ' (whole numbers 0 to 255)' : ' as a finite value'}.`,
        datatype === 'uint8' ? "Round or threshold the values first, or write with datatype 'float32'." : 'Replace NaN and infinite values before writing.',
      );
    }
  }
}

/** True when the qform gives back the affine: false for a sheared affine, which only the sform can hold. */
function qformIsExact(qform: NiftiQform, affine: readonly number[]): boolean {
  const back = qformToAffine(qform);
  const scale = Math.max(1, ...affine.slice(0, 11).map(Math.abs));
  return back.every((value, i) => Math.abs(value - affine[i]!) <= 1e-5 * scale);
}

function writeHeader(view: DataView, volume: NiftiWritable, datatype: 'uint8' | 'float32', code: number): void {
  const le = true;
  const { dims, affine } = volume;
  const qform = affineToQform(affine);
  view.setInt32(0, NIFTI1_HEADER_BYTES, le);
  [3, dims[0], dims[1], dims[2], 1, 1, 1, 1].forEach((n, i) => view.setInt16(40 + 2 * i, n, le));
  view.setInt16(70, DATATYPES[datatype].code, le);
  view.setInt16(72, DATATYPES[datatype].bits, le);
  [qform.qfac, ...qform.spacing, 0, 0, 0, 0].forEach((v, i) => view.setFloat32(76 + 4 * i, v, le));
  view.setFloat32(108, VOX_OFFSET, le);
  view.setFloat32(112, 1, le); // scl_slope: the values are stored as they are
  view.setFloat32(116, 0, le);
  view.setUint8(123, UNITS_MM);
  // A qform that misplaces voxels is worse than none: readers that prefer the qform would use it.
  view.setInt16(252, qformIsExact(qform, affine) ? code : 0, le); // qform_code
  view.setInt16(254, code, le); // sform_code
  [...qform.quatern, ...qform.offset].forEach((v, i) => view.setFloat32(256 + 4 * i, v, le));
  affine.slice(0, 12).forEach((v, i) => view.setFloat32(280 + 4 * i, v, le));
  'n+1\0'.split('').forEach((ch, i) => view.setUint8(344 + i, ch.charCodeAt(0)));
}

/**
 * Writes a 3-D volume as a single-file NIfTI-1 (little endian, vox_offset 352) with both the sform
 * (the affine exactly, in float32) and the qform (rotation, voxel sizes and qfac; qform_code 0 when
 * the affine is sheared and the qform cannot hold it), units millimetres: a file 3D Slicer, ITK-SNAP and NiiVue place on the input's own grid. Returns a new
 * array the caller owns (.nii.gz bytes when `gzip`). Throws ShapeError for dims, data length or
 * affine that do not fit, and DatasetFormatError for a value the datatype cannot hold.
 */
export function writeNifti(volume: NiftiWritable, options: WriteNiftiOptions = {}): Uint8Array {
  const datatype = options.datatype ?? (volume.data instanceof Uint8Array ? 'uint8' : 'float32');
  assertWritable(volume, datatype);
  const bytesPerVoxel = DATATYPES[datatype].bits / 8;
  const file = new Uint8Array(VOX_OFFSET + volume.data.length * bytesPerVoxel);
  const view = new DataView(file.buffer);
  writeHeader(view, volume, datatype, options.xformCode ?? 1);
  if (datatype === 'uint8') {
    file.set(volume.data, VOX_OFFSET);
  } else {
    for (let i = 0; i < volume.data.length; i++) view.setFloat32(VOX_OFFSET + 4 * i, volume.data[i]!, true);
  }
  return options.gzip ? gzipSync(file) : file;
}
