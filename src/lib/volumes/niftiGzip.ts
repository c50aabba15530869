import { Gunzip } from 'fflate';
import { DatasetFormatError } from '../errors';

/** True when bytes start with the gzip magic 1f 8b (a .nii.gz, whatever the file is called). */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** Options of gunzipPrefix. */
export interface GunzipPrefixOptions {
  /** File name for messages. */
  name: string;
  /** Bytes to inflate before `bytesNeeded` is asked (enough for the largest header). */
  headBytes: number;
  /**
   * Given the first `headBytes` inflated bytes (fewer if the stream is shorter), returns how many
   * inflated bytes the caller needs in all; it may throw (a bad header, a size over budget).
   */
  bytesNeeded: (head: Uint8Array) => number;
}

// Input is fed in slices so that one push inflates at most about a thousand times this (deflate's
// ceiling): a gzip bomb cannot allocate much beyond what the header asked for.
const INPUT_SLICE = 64 * 1024;

function corrupt(name: string, detail: string): DatasetFormatError {
  return new DatasetFormatError(
    `${name} is not a valid gzip stream (${detail}).`,
    'The file is corrupt or was cut short while copying: copy or download it again, or load the uncompressed .nii.',
  );
}

/** CRC-32 (IEEE, as gzip's trailer holds it) lookup table. */
const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 of the bytes. */
export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/**
 * The gzip trailer's check of a stream inflated whole into `out` (fflate does not check it): a damaged
 * stream can inflate without an error into wrong voxels, which the CRC-32 catches. Only for a single
 * stream whose trailer's size (ISIZE) is out's length; a stream with more after it is left unchecked.
 */
function assertTrailer(bytes: Uint8Array, out: Uint8Array, name: string): void {
  if (bytes.length < 18) return;
  const view = new DataView(bytes.buffer, bytes.byteOffset + bytes.length - 8, 8);
  if (view.getUint32(4, true) !== out.length % 2 ** 32) return;
  if (view.getUint32(0, true) !== crc32(out)) throw corrupt(name, 'its CRC-32 check fails: the data is damaged');
}

function join(chunks: Uint8Array[], length: number): Uint8Array {
  const out = new Uint8Array(length);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk.subarray(0, length - at), at);
    at += Math.min(chunk.length, length - at);
    if (at === length) break;
  }
  return out;
}

/**
 * After the bytes needed: a 3-D file's stream ends within a few bytes, so it is inflated to its end and
 * checked against its trailer; a longer rest (the other volumes of a 4-D file) is never inflated.
 */
function finish(bytes: Uint8Array, from: number, gunzip: Gunzip, out: Uint8Array, name: string): Uint8Array {
  if (bytes.length - from > INPUT_SLICE) return out;
  let extra = 0;
  gunzip.ondata = (chunk) => { extra += chunk.length; };
  try {
    if (from < bytes.length) gunzip.push(bytes.subarray(from), true);
  } catch (error) {
    throw corrupt(name, error instanceof Error ? error.message : String(error));
  }
  if (extra === 0) assertTrailer(bytes, out, name);
  return out;
}

/**
 * Inflates the start of a gzip stream: first `headBytes`, then as many bytes as `bytesNeeded` asks,
 * allocated once after the caller has checked the header, and no more (the rest of a 4-D file is
 * never inflated). Returns a new array the caller owns. Throws DatasetFormatError when the stream is
 * corrupt (including a CRC-32 that does not match, where the whole stream was inflated) or ends before
 * the bytes needed (a truncated file).
 */
export function gunzipPrefix(bytes: Uint8Array, { name, headBytes, bytesNeeded }: GunzipPrefixOptions): Uint8Array {
  let pending: Uint8Array[] = [];
  let pendingLength = 0;
  const gunzip = new Gunzip((chunk) => {
    pending.push(chunk);
    pendingLength += chunk.length;
  });
  let out: Uint8Array | null = null;
  let filled = 0;
  let ended = false;
  for (let start = 0; !ended; start += INPUT_SLICE) {
    ended = start + INPUT_SLICE >= bytes.length;
    try {
      gunzip.push(bytes.subarray(start, start + INPUT_SLICE), ended);
    } catch (error) {
      throw corrupt(name, error instanceof Error ? error.message : String(error));
    }
    if (out === null && (pendingLength >= headBytes || ended)) {
      const head = join(pending, Math.min(pendingLength, headBytes));
      out = new Uint8Array(bytesNeeded(head));
    }
    if (out !== null) {
      for (const chunk of pending) {
        const take = Math.min(chunk.length, out.length - filled);
        out.set(chunk.subarray(0, take), filled);
        filled += take;
      }
      pending = [];
      pendingLength = 0;
      if (filled === out.length) return finish(bytes, start + INPUT_SLICE, gunzip, out, name);
    }
  }
  throw new DatasetFormatError(
    `${name} inflates to ${filled} bytes, but its header needs ${out?.length ?? 0}: the file is truncated or corrupt.`,
    'Copy or download the file again; if it came from a tool, export it again.',
  );
}
