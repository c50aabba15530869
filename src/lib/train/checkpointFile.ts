import { DatasetFormatError } from '../errors';
import { assertCheckpointRecord } from './checkpointRecord';
import type { CheckpointRecord } from './types';

/*
 * One self-describing file:
 *   bytes 0–7   magic "DLMICKPT"
 *   bytes 8–11  format version (uint32, little-endian)
 *   bytes 12–15 header length in bytes (uint32, little-endian)
 *   header      UTF-8 JSON: the record without its buffers, plus the byte lengths of both buffers
 *   padding     zeros up to a multiple of 4
 *   model weights, then optimiser state (raw little-endian float32/int32)
 */
const MAGIC = 'DLMICKPT';
const FILE_VERSION = 1;
const HINT = 'Choose a .ckpt file exported by this course (Export checkpoint), not a model or data file.';

interface FileHeader {
  record: Omit<CheckpointRecord, 'model' | 'optimizer'> & {
    model: { specs: CheckpointRecord['model']['specs'] };
    optimizer: { specs: CheckpointRecord['optimizer']['specs']; meta: Record<string, number> };
  };
  modelBytes: number;
  optimizerBytes: number;
}

/** Serialises a checkpoint record into one file (a new Uint8Array the caller owns). */
export function exportCheckpoint(record: CheckpointRecord): Uint8Array {
  const header: FileHeader = {
    record: {
      ...record,
      model: { specs: record.model.specs },
      optimizer: { specs: record.optimizer.specs, meta: record.optimizer.meta },
    },
    modelBytes: record.model.data.byteLength,
    optimizerBytes: record.optimizer.data.byteLength,
  };
  const headerBytes = new TextEncoder().encode(JSON.stringify(header));
  const dataStart = align4(16 + headerBytes.byteLength);
  const out = new Uint8Array(dataStart + header.modelBytes + header.optimizerBytes);
  out.set(new TextEncoder().encode(MAGIC), 0);
  const view = new DataView(out.buffer);
  view.setUint32(8, FILE_VERSION, true);
  view.setUint32(12, headerBytes.byteLength, true);
  out.set(headerBytes, 16);
  out.set(new Uint8Array(record.model.data), dataStart);
  out.set(new Uint8Array(record.optimizer.data), dataStart + header.modelBytes);
  return out;
}

/** Parses a file written by exportCheckpoint; throws DatasetFormatError for anything else (wrong magic, truncated, bad header). */
export function importCheckpoint(bytes: Uint8Array | ArrayBuffer): CheckpointRecord {
  const data = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  if (data.byteLength < 16 || new TextDecoder().decode(data.subarray(0, 8)) !== MAGIC) {
    throw new DatasetFormatError('This file is not a course checkpoint: it does not start with "DLMICKPT".', HINT);
  }
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const version = view.getUint32(8, true);
  if (version !== FILE_VERSION) {
    throw new DatasetFormatError(`The checkpoint file has version ${version}; this course reads version ${FILE_VERSION}.`, HINT);
  }
  const headerLength = view.getUint32(12, true);
  if (16 + headerLength > data.byteLength) {
    throw new DatasetFormatError(
      `The checkpoint file is truncated: its header claims ${headerLength} bytes but the file has ${data.byteLength - 16} after the preamble.`,
      HINT,
    );
  }
  let header: FileHeader;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(data.subarray(16, 16 + headerLength))) as FileHeader;
  } catch {
    throw new DatasetFormatError('The checkpoint file header is not valid JSON.', HINT);
  }
  if (typeof header !== 'object' || header === null || typeof header.record !== 'object' || header.record === null) {
    throw new DatasetFormatError('The checkpoint file header has no record.', HINT);
  }
  const { modelBytes, optimizerBytes } = header;
  if (!Number.isInteger(modelBytes) || !Number.isInteger(optimizerBytes) || modelBytes < 0 || optimizerBytes < 0) {
    throw new DatasetFormatError('The checkpoint file header does not give the sizes of its weights.', HINT);
  }
  const dataStart = align4(16 + headerLength);
  const expected = dataStart + modelBytes + optimizerBytes;
  if (data.byteLength !== expected) {
    throw new DatasetFormatError(
      `The checkpoint file should be ${expected} bytes long but is ${data.byteLength}: it is truncated or has extra bytes.`,
      HINT,
    );
  }
  // A fresh buffer per part: `data` may be a view into a larger (pooled) buffer, e.g. a Node Buffer.
  const copy = (start: number, length: number) => {
    const buffer = new ArrayBuffer(length);
    new Uint8Array(buffer).set(data.subarray(start, start + length));
    return buffer;
  };
  const record = {
    ...header.record,
    model: { specs: header.record.model?.specs, data: copy(dataStart, modelBytes) },
    optimizer: {
      specs: header.record.optimizer?.specs,
      meta: header.record.optimizer?.meta ?? {},
      data: copy(dataStart + modelBytes, optimizerBytes),
    },
  };
  assertCheckpointRecord(record, 'The checkpoint file');
  return record;
}

function align4(n: number): number {
  return Math.ceil(n / 4) * 4;
}
