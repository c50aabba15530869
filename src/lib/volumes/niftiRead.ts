import { DatasetFormatError } from '../errors';
import { formatBytes } from '../format';
import type { Volume } from './types';
import { NIFTI2_HEADER_BYTES, niftiVolumeCount, niftiVolumeVoxels, readNiftiHeader, type NiftiHeader } from './niftiHeader';
import { gunzipPrefix, isGzip } from './niftiGzip';
import { affineSpacing, niftiOrientation } from './niftiAffine';
import { toFloat32Voxels } from './niftiVoxels';

/** Default memory budget for one volume's float32 voxels: 1 GiB (a 512×512×1024 CT). */
export const DEFAULT_VOLUME_MAX_BYTES = 1024 ** 3;

/** Options of readNifti. */
export interface ReadNiftiOptions {
  /** The file's name, for messages and the volume's source. */
  name: string;
  /** Budget for the volume's float32 voxels in bytes (default 1 GiB), checked from the header before allocating. */
  maxBytes?: number;
  /** Units of the values when the caller knows them ('HU' for a CT); NIfTI does not store them reliably, so null by default. */
  units?: string | null;
}

function assertWithinBudget(header: NiftiHeader, name: string, maxBytes: number): void {
  const [ni, nj, nk] = niftiVolumeVoxels(header);
  const bytes = ni * nj * nk * Float32Array.BYTES_PER_ELEMENT;
  if (bytes > maxBytes) {
    throw new DatasetFormatError(
      `${name} is a ${ni}×${nj}×${nk} volume: its voxels need ${formatBytes(bytes)} as float32, more than the memory budget of ${formatBytes(maxBytes)}.`,
      'Crop or resample the volume to fewer voxels (for example with nibabel or 3D Slicer) and load it again.',
    );
  }
}

/**
 * Reads a NIfTI-1 or NIfTI-2 file (.nii, or .nii.gz detected by its gzip magic, either byte order)
 * into a Volume with float32 voxels after scl_slope/scl_inter, and the affine from the sform, else
 * the qform, else the voxel grid (with a warning). Of a 4-D file the first volume is read (with a
 * warning). Sizes are checked against `maxBytes` before anything is allocated. Returns new arrays
 * the caller owns. Throws DatasetFormatError naming the file for every input it cannot read
 * faithfully: wrong magic, dims ≤ 0, a non-scalar datatype, over budget, truncated data, corrupt
 * gzip, NaN or infinite voxels.
 */
export function readNifti(bytes: Uint8Array, options: ReadNiftiOptions): Volume {
  const { name, maxBytes = DEFAULT_VOLUME_MAX_BYTES, units = null } = options;
  // The header is read inside bytesNeeded: for a .nii.gz only its first bytes are inflated then.
  const found: { header?: NiftiHeader } = {};
  const bytesNeeded = (head: Uint8Array): number => {
    const header = readNiftiHeader(head, name);
    assertWithinBudget(header, name, maxBytes);
    found.header = header;
    const [ni, nj, nk] = niftiVolumeVoxels(header);
    return header.voxOffset + ni * nj * nk * header.datatype.bytes;
  };
  let raw = bytes;
  if (isGzip(bytes)) {
    raw = gunzipPrefix(bytes, { name, headBytes: NIFTI2_HEADER_BYTES, bytesNeeded });
  } else {
    const needed = bytesNeeded(bytes);
    if (bytes.length < needed) {
      throw new DatasetFormatError(
        `${name} is ${bytes.length} bytes long, but its header needs ${needed} (voxels from byte ${found.header?.voxOffset ?? 0}): the file is truncated.`,
        'Copy or download the file again; if it came from a tool, export it again.',
      );
    }
  }
  const checked = found.header;
  // bytesNeeded has run (or thrown) in either branch.
  if (!checked) throw new Error('readNifti: the header was not read.');
  const dims = niftiVolumeVoxels(checked);
  const orientation = niftiOrientation(checked, name);
  const warnings = [...orientation.warnings];
  const volumes = niftiVolumeCount(checked);
  if (volumes > 1) {
    warnings.push(`${name} holds ${volumes} volumes (dim ${checked.dim.slice(1, checked.dim[0]! + 1).join('×')}); only the first was read.`);
  }
  const data = toFloat32Voxels(raw, {
    name,
    datatype: checked.datatype,
    littleEndian: checked.littleEndian,
    offset: checked.voxOffset,
    dims,
    slope: checked.sclSlope,
    inter: checked.sclInter,
  });
  return {
    dims,
    data,
    affine: orientation.affine,
    affineSource: orientation.affineSource,
    spacing: affineSpacing(orientation.affine),
    units,
    warnings,
    source: { files: [name] },
  };
}
