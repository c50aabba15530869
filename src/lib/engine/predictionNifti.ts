/** A volume prediction as a .nii.gz on the input's own grid, with what its values are in the header. */
import { gzipSync } from 'fflate';
import { writeNifti, type NiftiWritable } from '../volumes/niftiWrite';

/** NIfTI-1's `descrip` field: 80 bytes at offset 148, NUL-padded text. */
const DESCRIP_OFFSET = 148;
const DESCRIP_BYTES = 80;

/**
 * The prediction as gzipped NIfTI-1 bytes (uint8 for a Uint8Array mask, float32 otherwise; the input's
 * dims and affine as sform and qform) with `description` (ASCII, cut to 79 characters) in the header's
 * descrip field, which viewers show. Returns a new array the caller owns.
 */
export function predictionNifti(volume: NiftiWritable, description: string): Uint8Array {
  // writeNifti has no descrip option: write it plain, fill the field, then gzip.
  const file = writeNifti(volume, { gzip: false });
  const text = description.replace(/[^\x20-\x7e]/g, '?').slice(0, DESCRIP_BYTES - 1);
  file.fill(0, DESCRIP_OFFSET, DESCRIP_OFFSET + DESCRIP_BYTES);
  for (let i = 0; i < text.length; i++) file[DESCRIP_OFFSET + i] = text.charCodeAt(i);
  return gzipSync(file);
}
