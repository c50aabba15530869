import type { Dataset as H5Dataset, File as H5File } from 'h5wasm';
import { DatasetFormatError } from '../errors';
import { summariseDiagnostics, withDiagnostics } from './h5wasmRuntime';

/** Element types the lessons read (and write). */
export const STORED_DTYPES = ['float32', 'float64', 'int8', 'uint8', 'int16', 'uint16', 'int32', 'uint32'] as const;
export type StoredDtype = (typeof STORED_DTYPES)[number];

/** How a stored image array is laid out; all become [count, height, width, 1]. */
export type ArrayLayout = 'NHW' | 'NHWC' | 'NCHW';

/** What the file says about one dataset, before its values are read. */
export interface StoredArrayInfo {
  path: string;
  shape: number[];
  /** A supported element type, or a description of an unsupported one ("float16", "string", "int64"). */
  dtype: StoredDtype | string;
  supported: boolean;
  chunks: number[] | null;
  filters: string[];
}

// HDF5 type classes (H5T_class_t).
const H5T_INTEGER = 0;
const H5T_FLOAT = 1;
const CLASS_NAMES: Record<number, string> = { 2: 'time', 3: 'string', 4: 'bitfield', 5: 'opaque', 6: 'compound', 7: 'reference', 8: 'enum', 9: 'variable-length', 10: 'array' };

function dtypeName(type: number, size: number, signed: boolean): { dtype: string; supported: boolean } {
  if (type === H5T_FLOAT) {
    const dtype = `float${size * 8}`;
    return { dtype, supported: dtype === 'float32' || dtype === 'float64' };
  }
  if (type === H5T_INTEGER) {
    const dtype = `${signed ? 'int' : 'uint'}${size * 8}`;
    return { dtype, supported: size <= 4 };
  }
  return { dtype: CLASS_NAMES[type] ?? `HDF5 type class ${type}`, supported: false };
}

/** Lists every dataset in the file, with nested paths ("group/trainX"). */
export function listDatasetPaths(file: H5File): string[] {
  const found: string[] = [];
  const visit = (prefix: string, names: string[]): void => {
    for (const name of names) {
      const path = prefix ? `${prefix}/${name}` : name;
      const entity = file.get(path);
      if (entity instanceof Object && 'type' in entity && entity.type === 'Dataset') found.push(path);
      else if (entity instanceof Object && 'type' in entity && entity.type === 'Group') visit(path, (entity as H5File).keys());
    }
  };
  visit('', file.keys());
  return found;
}

function getDataset(file: H5File, path: string): H5Dataset {
  const entity = file.get(path);
  if (!entity || !('type' in entity) || entity.type !== 'Dataset') {
    throw new DatasetFormatError(`Expected ${path} to be a dataset, but it is ${entity && 'type' in entity ? `a ${String(entity.type).toLowerCase()}` : 'missing'}.`, 'Store each array as a dataset at the top level of the file.');
  }
  return entity as H5Dataset;
}

/** Reads a dataset's shape, element type, chunking and filters without reading its values. */
export function describeArray(file: H5File, path: string): StoredArrayInfo {
  const dataset = getDataset(file, path);
  const meta = dataset.metadata;
  const { dtype, supported } = dtypeName(meta.type, meta.size, meta.signed);
  return {
    path,
    shape: meta.shape ?? [],
    dtype,
    supported,
    chunks: meta.chunks,
    filters: dataset.filters.map((filter) => filter.name),
  };
}

/** Interprets a stored shape as [count, height, width, 1], or throws naming the dataset and the shapes accepted. */
export function toLessonShape(path: string, shape: readonly number[]): { count: number; height: number; width: number; layout: ArrayLayout } {
  const [a, b, c, d] = shape;
  if (shape.length === 3) return { count: a, height: b, width: c, layout: 'NHW' };
  if (shape.length === 4 && d === 1) return { count: a, height: b, width: c, layout: 'NHWC' };
  if (shape.length === 4 && b === 1) return { count: a, height: c, width: d, layout: 'NCHW' };
  const got = `[${shape.join(', ')}]`;
  if (shape.length === 4) {
    throw new DatasetFormatError(
      `Expected ${path} to have one channel, shape [N, H, W, 1] or [N, 1, H, W], but got ${got}.`,
      'The lesson models take one image channel. Store one channel per dataset (for example only the T1 images in trainX).',
    );
  }
  throw new DatasetFormatError(
    `Expected ${path} to have rank 3 or 4 ([N, H, W], [N, H, W, 1] or [N, 1, H, W]), but got rank ${shape.length}: ${got}.`,
    shape.length === 2 ? 'A single 2-D image needs a leading slice axis: reshape it to [1, H, W].' : 'Store a stack of 2-D slices, one slice per index of the first axis.',
  );
}

function numericAttribute(dataset: H5Dataset, name: string): number | null {
  if (!(name in dataset.attrs)) return null;
  const value = dataset.attrs[name].value;
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (ArrayBuffer.isView(value) && (value as ArrayLike<number>).length === 1) return Number((value as ArrayLike<number>)[0]);
  return null;
}

/**
 * Reads a whole dataset as float32 (a new array the caller owns), applying the CF attributes
 * `scale_factor` and `add_offset` when present. Throws DatasetFormatError for unsupported types or unreadable data.
 */
export function readArrayAsFloat32(file: H5File, path: string, label: string): Float32Array {
  const info = describeArray(file, path);
  if (!info.supported) {
    throw new DatasetFormatError(
      `Expected ${path} to hold numbers of type float32, float64, (u)int8, (u)int16 or (u)int32, but it holds ${info.dtype}.`,
      'Convert the array before saving, for example with numpy: x.astype("float32").',
    );
  }
  const dataset = getDataset(file, path);
  const { result: raw, diagnostics } = withDiagnostics(() => dataset.value);
  const reason = summariseDiagnostics(diagnostics);
  if (diagnostics.length > 0 || raw === null || !ArrayBuffer.isView(raw)) {
    throw new DatasetFormatError(
      `Could not read the values of ${path} in ${label.replace(/^The file/, 'the file')}${reason ? ` (${reason})` : ''}; the file is probably truncated or damaged.`,
      'Download or copy the file again. Files compressed with filters other than gzip and shuffle (for example blosc or lzf) cannot be read here: re-save with gzip.',
    );
  }
  const typed = raw as Exclude<typeof raw, DataView | BigInt64Array | BigUint64Array>;
  const out = typed instanceof Float32Array ? typed : new Float32Array(typed as ArrayLike<number>);
  const scale = numericAttribute(dataset, 'scale_factor');
  const offset = numericAttribute(dataset, 'add_offset');
  if (scale !== null || offset !== null) {
    const s = scale ?? 1;
    const o = offset ?? 0;
    for (let i = 0; i < out.length; i++) out[i] = typed[i] * s + o;
  }
  return out;
}

/** Reads the file's root attributes as plain strings and numbers (arrays and others become JSON text). */
export function readRootAttributes(file: H5File): Record<string, string | number> {
  const attributes: Record<string, string | number> = {};
  for (const [name, attribute] of Object.entries(file.attrs)) {
    let value: unknown;
    try {
      value = attribute.json_value;
    } catch {
      continue;
    }
    if (Array.isArray(value) && value.length === 1 && (typeof value[0] === 'number' || typeof value[0] === 'string')) value = value[0];
    if (typeof value === 'number' || typeof value === 'string') attributes[name] = value;
    else if (typeof value === 'boolean') attributes[name] = value ? 1 : 0;
    else if (value !== null && value !== undefined) attributes[name] = JSON.stringify(value);
  }
  return attributes;
}
