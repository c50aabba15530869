import { Inflate } from 'fflate';
import { DatasetFormatError } from '../errors';
import { formatBytes } from '../format';

/**
 * Builds the inflater dicom-parser calls for the deflated transfer syntax: the bytes before `position`
 * (preamble and meta header) are kept, the rest is one raw DEFLATE stream. fflate streams it so that
 * a stream growing past `maxBytes` stops early (a small file can inflate to gigabytes) and a truncated
 * stream is named as such instead of yielding a short data set.
 */
export function createDicomInflater(fileName: string, maxBytes: number): (bytes: Uint8Array, position: number) => Uint8Array {
  return (bytes, position) => {
    const chunks: Uint8Array[] = [];
    let total = 0;
    const inflater = new Inflate((chunk) => {
      total += chunk.length;
      if (total > maxBytes) {
        throw new DatasetFormatError(
          `${fileName}: the deflated DICOM data set inflates to more than the memory budget of ${formatBytes(maxBytes)}.`,
          'Export the series uncompressed (e.g. with dcmconv +te from DCMTK) or raise the memory budget.',
        );
      }
      chunks.push(chunk);
    });
    try {
      inflater.push(bytes.subarray(position), true);
    } catch (error) {
      if (error instanceof DatasetFormatError) throw error;
      throw new DatasetFormatError(
        `${fileName}: the deflated DICOM data set is truncated or corrupt (${error instanceof Error ? error.message : String(error)}).`,
        'Copy the file again from its source; a transfer that stopped early leaves the stream cut short.',
      );
    }
    const full = new Uint8Array(position + total);
    full.set(bytes.subarray(0, position), 0);
    let at = position;
    for (const chunk of chunks) {
      full.set(chunk, at);
      at += chunk.length;
    }
    return full;
  };
}
