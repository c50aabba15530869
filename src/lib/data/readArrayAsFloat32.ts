/** Reading a resolved dataset's values: slab by slab into the wasm heap, or whole as float32. */
import type { Dataset as H5Dataset } from 'h5wasm';
import { DatasetFormatError } from '../errors';
import { formatBytes } from '../format';
import { Hdf5CallError, tryHdf5, type H5Module } from './h5wasmRuntime';
import type { OpenH5 } from './openH5Source';
import type { ResolvedArray } from './resolveArray';

/** Most values one read call converts at a time (the rest of a dataset is read slab by slab). */
const SLAB_BYTES = 8 * 1024 * 1024;

function product(values: readonly number[]): number {
  return values.reduce((a, b) => a * b, 1);
}

function numericAttribute(dataset: H5Dataset, name: string): number | null {
  const attrs = dataset.attrs;
  if (!(name in attrs)) return null;
  const attribute = attrs[name];
  if (attribute.metadata.total_size !== 1) return null;
  const value = attribute.value;
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (ArrayBuffer.isView(value) && (value as ArrayLike<number>).length === 1) return Number((value as ArrayLike<number>)[0]);
  return null;
}

type NumericView = Float32Array | Float64Array | Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array;

function heapView(module: H5Module, pointer: number, length: number, dtype: string): NumericView {
  const buffer = module.HEAPU8.buffer;
  switch (dtype) {
    case 'float32': return new Float32Array(buffer, pointer, length);
    case 'float64': return new Float64Array(buffer, pointer, length);
    case 'int8': return new Int8Array(buffer, pointer, length);
    case 'uint8': return new Uint8Array(buffer, pointer, length);
    case 'int16': return new Int16Array(buffer, pointer, length);
    case 'uint16': return new Uint16Array(buffer, pointer, length);
    case 'int32': return new Int32Array(buffer, pointer, length);
    case 'uint32': return new Uint32Array(buffer, pointer, length);
    default: throw new Error(`no view for ${dtype}`);
  }
}

function readError(array: ResolvedArray, label: string, error: Hdf5CallError | null): DatasetFormatError {
  const { path, filters } = array.info;
  const reason = error?.reason ?? 'the read reported failure';
  const file = label.replace(/^The file/, 'the file');
  let cause = 'the file is probably truncated or damaged';
  if (array.filterIds.includes(3) && (error?.mentions(/checksum|fletcher|filter/i) ?? false)) {
    cause = 'its Fletcher-32 checksum does not match: the stored data was changed or damaged after it was written';
  } else if (array.filterIds.length > 0 && (error?.mentions(/filter|inflate|deflate/i) ?? false)) {
    cause = `its compressed data (${filters.join(' + ')}) is damaged and cannot be decompressed`;
  } else if (error?.mentions(/external raw data file|external storage/i)) {
    cause = 'its values are kept in a separate raw file (HDF5 external storage), which the course does not open';
  } else if (error?.mentions(/addr overflow|eof|truncat|read failed|file read/i)) {
    cause = 'its data lies beyond the end of the file: the file is truncated or damaged';
  }
  return new DatasetFormatError(
    `Could not read the values of ${path} in ${file} (${reason}); ${cause}.`,
    'Download or copy the file again; if the original is damaged too, re-save it from the source arrays (h5py, gzip compression).',
  );
}

/**
 * Reads a resolved dataset slab by slab (whole slices at a time, at most SLAB_BYTES) and hands each
 * slab's values to `visit` with the index of its first value. Memory used: one slab buffer in the wasm heap.
 * Throws DatasetFormatError naming the problem for unsupported datasets and failed reads.
 */
export function forEachSlab(open: OpenH5, array: ResolvedArray, label: string, visit: (values: NumericView, first: number) => void): void {
  if (array.problem) throw new DatasetFormatError(array.problem.message, array.problem.hint);
  const module = open.runtime.module;
  const { shape, dtype } = array.info;
  if (shape.length === 0 || product(shape) === 0) return;
  const perSlice = product(shape.slice(1));
  const elementSize = array.meta.size;
  let step = Math.max(1, Math.floor(SLAB_BYTES / Math.max(1, perSlice * elementSize)));
  const chunk0 = array.meta.chunks?.[0] ?? 1;
  if (chunk0 > 1) step = Math.max(chunk0, Math.floor(step / chunk0) * chunk0);
  step = Math.min(step, shape[0]);
  const pointer = module._malloc(step * perSlice * elementSize);
  if (!pointer) {
    throw new DatasetFormatError(`Not enough memory to read ${array.info.path} (${formatBytes(step * perSlice * elementSize)} at a time).`, 'Close other tabs or use a smaller file.');
  }
  try {
    const rest = shape.slice(1).map((d) => BigInt(d));
    for (let start = 0; start < shape[0]; start += step) {
      const n = Math.min(step, shape[0] - start);
      const count = [BigInt(n), ...rest];
      const offset = [BigInt(start), ...rest.map(() => 0n)];
      const strides = count.map(() => 1n);
      const status = tryHdf5(() => module.get_dataset_data(open.file.file_id, array.readPath, count, offset, strides, BigInt(pointer)));
      if (!status.ok) throw readError(array, label, status.error);
      if (status.value < 0) throw readError(array, label, null);
      visit(heapView(module, pointer, n * perSlice, dtype), start * perSlice);
    }
  } finally {
    module._free(pointer);
  }
}

/** Number of values a dataset holds (product of its shape). */
export function valueCount(array: ResolvedArray): number {
  return product(array.info.shape);
}

/**
 * Reads a whole dataset as float32 (a new array the caller owns), applying the CF attributes
 * `scale_factor` and `add_offset` when present. Throws DatasetFormatError for unsupported types or unreadable data.
 */
export function readArrayAsFloat32(open: OpenH5, array: ResolvedArray, label: string): Float32Array {
  if (array.problem) throw new DatasetFormatError(array.problem.message, array.problem.hint);
  const out = new Float32Array(valueCount(array));
  forEachSlab(open, array, label, (values, first) => out.set(values, first));
  const dataset = open.file.get(array.readPath) as H5Dataset | null;
  if (dataset && 'attrs' in dataset) {
    const scale = numericAttribute(dataset, 'scale_factor');
    const offset = numericAttribute(dataset, 'add_offset');
    if (scale !== null || offset !== null) {
      const s = scale ?? 1;
      const o = offset ?? 0;
      for (let i = 0; i < out.length; i++) out[i] = out[i] * s + o;
    }
  }
  return out;
}
