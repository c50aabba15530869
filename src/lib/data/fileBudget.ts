import { DatasetFormatError } from '../errors';
import { formatBytes } from '../format';

/** Default memory budget for one file: the h5wasm heap tops out at 2 GiB and reading copies. */
export const DEFAULT_MAX_BYTES = 512 * 1024 * 1024;

/**
 * Throws when a file of `byteLength` bytes is over the memory budget. Call it before reading any of the
 * file (the page calls it with File.size, so a huge upload is refused with its size and the limit).
 */
export function assertBudget(label: string, byteLength: number, maxBytes = DEFAULT_MAX_BYTES): void {
  if (byteLength > maxBytes) {
    throw new DatasetFormatError(
      `${label} is ${formatBytes(byteLength)}, more than the memory budget of ${formatBytes(maxBytes)}.`,
      'Use fewer slices or a smaller image size (for example 128×128), or store the images as int16/uint8 with gzip compression.',
    );
  }
}
