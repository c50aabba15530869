import type { File as H5File } from 'h5wasm';
import { DatasetFormatError, SettingsError } from '../errors';
import type { ArrayLayout, StoredDtype } from './storedArrayInfo';
import { isNodeRuntime, loadH5wasm, summariseDiagnostics, withDiagnostics, type H5Runtime } from './h5wasmRuntime';
import { SPLIT_NAMES, type LessonDataset } from './types';
import { validateLessonDataset } from './validateDataset';

export interface WriteLessonDatasetOptions {
  /** Element type stored for trainX/valX/testX (default float32). Integers are rounded and must fit the type. */
  dtypeX?: StoredDtype;
  /** Element type stored for the targets (default float32; masks fit uint8). */
  dtypeY?: StoredDtype;
  /** Stored X = value × scaleX; the file records scale_factor = 1/scaleX so readers get the value back (default 1: none). */
  scaleX?: number;
  /** Stored Y = value × scaleY, as scaleX. */
  scaleY?: number;
  /** gzip level 0–9 (default 4; 0 = no compression). h5wasm 0.10.3 writes one filter, so no shuffle. */
  compression?: number;
  /** Slices per chunk (default 1 when compressed; without compression and chunkSlices the data are contiguous). */
  chunkSlices?: number;
  /** Shape stored: NHWC [N,H,W,1] (default), NHW [N,H,W] or NCHW [N,1,H,W]. */
  layout?: ArrayLayout;
  /** Root attributes, merged over dataset.attributes. */
  attributes?: Record<string, string | number>;
}

interface TypedArrayCtor {
  new (length: number): Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array | Float32Array | Float64Array;
}

const DTYPES: Record<StoredDtype, { h5: string; ctor: TypedArrayCtor; min: number; max: number }> = {
  float32: { h5: '<f', ctor: Float32Array, min: -3.4028234663852886e38, max: 3.4028234663852886e38 },
  float64: { h5: '<d', ctor: Float64Array, min: -Number.MAX_VALUE, max: Number.MAX_VALUE },
  int8: { h5: '<b', ctor: Int8Array, min: -128, max: 127 },
  uint8: { h5: '<B', ctor: Uint8Array, min: 0, max: 255 },
  int16: { h5: '<h', ctor: Int16Array, min: -32768, max: 32767 },
  uint16: { h5: '<H', ctor: Uint16Array, min: 0, max: 65535 },
  int32: { h5: '<i', ctor: Int32Array, min: -2147483648, max: 2147483647 },
  uint32: { h5: '<I', ctor: Uint32Array, min: 0, max: 4294967295 },
};

function storedShape(layout: ArrayLayout, count: number, height: number, width: number): number[] {
  if (layout === 'NHW') return [count, height, width];
  if (layout === 'NCHW') return [count, 1, height, width];
  return [count, height, width, 1];
}

function convert(name: string, values: Float32Array, dtype: StoredDtype, scale: number) {
  const spec = DTYPES[dtype];
  const out = new spec.ctor(values.length);
  const integer = !dtype.startsWith('float');
  for (let i = 0; i < values.length; i++) {
    const scaled = values[i] * scale;
    const stored = integer ? Math.round(scaled) : scaled;
    if (stored < spec.min || stored > spec.max) {
      throw new SettingsError(
        `Cannot store ${name} as ${dtype}: the value ${values[i]} at flat index ${i} becomes ${stored}, outside [${spec.min}, ${spec.max}].`,
        'Choose a wider dtype (int16 for CT in HU, float32 for scaled values) or a smaller scale.',
      );
    }
    out[i] = stored;
  }
  return out;
}

function attributeDtype(value: string | number): string | null {
  if (typeof value === 'string') return null;
  return Number.isInteger(value) && value >= -2147483648 && value <= 2147483647 ? '<i' : '<d';
}

/** Writes the lesson arrays and attributes into an HDF5 file opened for writing (either h5wasm build). */
export function writeLessonArrays(file: H5File, dataset: LessonDataset, options: WriteLessonDatasetOptions = {}): void {
  validateLessonDataset(dataset, { sizeMultiple: 1 });
  const level = options.compression ?? 4;
  if (!Number.isInteger(level) || level < 0 || level > 9) {
    throw new SettingsError(`Expected compression to be a gzip level from 0 to 9, but got ${level}.`, 'Use 4 (a good default) or 0 for none.');
  }
  const layout = options.layout ?? 'NHWC';
  const { height, width } = dataset;
  for (const split of SPLIT_NAMES) {
    const arrays = dataset[split];
    if (!arrays) continue;
    const chunkSlices = options.chunkSlices ?? (level > 0 ? 1 : 0);
    if (level > 0 && chunkSlices < 1) throw new SettingsError(`Expected chunkSlices ≥ 1 with compression, but got ${chunkSlices}.`, 'Compressed datasets are stored in chunks; use 1 slice per chunk.');
    const shape = storedShape(layout, arrays.count, height, width);
    const chunks = chunkSlices > 0 ? [Math.min(chunkSlices, arrays.count), ...shape.slice(1)] : null;
    for (const [axis, values] of [['X', arrays.x], ['Y', arrays.y]] as const) {
      const name = `${split}${axis}`;
      const dtype = (axis === 'X' ? options.dtypeX : options.dtypeY) ?? 'float32';
      const scale = (axis === 'X' ? options.scaleX : options.scaleY) ?? 1;
      if (!(scale > 0) || !Number.isFinite(scale)) throw new SettingsError(`Expected scale${axis} to be a positive number, but got ${scale}.`, 'Use 1 for no scaling.');
      const data = convert(name, values, dtype, scale);
      const created = file.create_dataset({
        name, data, shape, dtype: DTYPES[dtype].h5, chunks,
        ...(level > 0 ? { compression: 'gzip' as const, compression_opts: level } : {}),
      });
      if (scale !== 1) created.create_attribute('scale_factor', 1 / scale, null, '<d');
    }
  }
  const attributes = { ...dataset.attributes, ...options.attributes };
  for (const [name, value] of Object.entries(attributes)) file.create_attribute(name, value, null, attributeDtype(value));
}

function openForWriting(runtime: H5Runtime, path: string): H5File {
  const { result: file, diagnostics } = withDiagnostics(() => new runtime.h5.File(path, 'w'));
  if (file.file_id < 0n) {
    const reason = summariseDiagnostics(diagnostics);
    throw new DatasetFormatError(`Cannot create ${path}${reason ? ` (${reason})` : ''}.`, 'Check that the folder exists and is writable.');
  }
  return file;
}

/** Writes a LessonDataset to an HDF5 file at `path` (Node only) that h5py and HDFView open. */
export async function writeLessonDataset(path: string, dataset: LessonDataset, options: WriteLessonDatasetOptions = {}): Promise<void> {
  if (!isNodeRuntime()) throw new SettingsError('writeLessonDataset writes files by path and runs in Node only.', 'In the browser use encodeLessonDataset to get the bytes.');
  const runtime = await loadH5wasm('node');
  const file = openForWriting(runtime, path);
  try {
    writeLessonArrays(file, dataset, options);
  } finally {
    file.close();
  }
}

let counter = 0;

/** Encodes a LessonDataset as the bytes of an HDF5 file (any environment); the caller owns the new Uint8Array. */
export async function encodeLessonDataset(dataset: LessonDataset, options: WriteLessonDatasetOptions = {}): Promise<Uint8Array> {
  const runtime = await loadH5wasm('memory');
  const path = `/course-encode-${++counter}.h5`;
  const file = openForWriting(runtime, path);
  try {
    try {
      writeLessonArrays(file, dataset, options);
    } finally {
      file.close();
    }
    return runtime.fs.readFile(path);
  } finally {
    runtime.fs.unlink(path);
  }
}
