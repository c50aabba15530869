import type { Dataset as H5Dataset } from 'h5wasm';
import { DatasetFormatError } from '../errors';
import { Hdf5CallError, tryHdf5, type H5Module } from './h5wasmRuntime';
import type { OpenH5 } from './openH5Source';

/** Element types the lessons read (and write). */
export const STORED_DTYPES = ['float32', 'float64', 'int8', 'uint8', 'int16', 'uint16', 'int32', 'uint32'] as const;
export type StoredDtype = (typeof STORED_DTYPES)[number];

/** How a stored image array is laid out; all become [count, height, width, 1]. */
export type ArrayLayout = 'NHW' | 'NHWC' | 'NCHW';

/** What the file says about one dataset, before its values are read. */
export interface StoredArrayInfo {
  path: string;
  shape: number[];
  /** A supported element type, or a description of an unsupported one ("float16", "boolean", "complex64", "int64"). */
  dtype: StoredDtype | string;
  supported: boolean;
  chunks: number[] | null;
  filters: string[];
  /** Set when the dataset is reached through a soft link: the path it points to. */
  linkTarget?: string;
}

/** Metadata as h5wasm reports it (the fields this module uses). */
type Metadata = ReturnType<H5Module['get_dataset_metadata']>;

/** Most values one read call converts at a time (the rest of a dataset is read slab by slab). */
const SLAB_BYTES = 8 * 1024 * 1024;
/** A single chunk decompresses into memory whole; bigger ones are refused before reading. */
const MAX_CHUNK_BYTES = 64 * 1024 * 1024;
/** Reading millions of tiny chunks takes minutes; refuse instead. */
const MAX_CHUNKS = 200_000;
/** How many top-level entries and deeper links the loader looks at, at most. */
const MAX_LISTED = 10_000;
const MAX_SEARCHED = 400;
const MAX_SEARCH_DEPTH = 4;
const MAX_LINK_HOPS = 16;

const NUMBER_TYPES = 'float32, float64, (u)int8, (u)int16 or (u)int32';

// HDF5 type classes (H5T_class_t).
const H5T = { INTEGER: 0, FLOAT: 1, TIME: 2, STRING: 3, BITFIELD: 4, OPAQUE: 5, COMPOUND: 6, REFERENCE: 7, ENUM: 8, VLEN: 9, ARRAY: 10 } as const;

/** Filters h5wasm's HDF5 build decodes; anything else cannot be read here. */
const AVAILABLE_FILTERS: Record<number, string> = { 1: 'gzip', 2: 'shuffle', 3: 'Fletcher-32', 5: 'N-bit', 6: 'scale-offset' };
/** Names of common filters that are not part of HDF5 itself (registered plugin ids). */
const PLUGIN_FILTERS: Record<number, string> = {
  4: 'szip', 305: 'LZO', 307: 'bzip2', 32000: 'LZF', 32001: 'Blosc', 32004: 'LZ4', 32008: 'bitshuffle', 32013: 'ZFP', 32015: 'Zstandard', 32017: 'SZ', 32026: 'Blosc2',
};

/** A numeric type the lessons read, or what the stored type is and how to convert it. */
interface TypeVerdict {
  dtype: string;
  supported: boolean;
  /** "booleans (…)", for the message "but it holds …". */
  what?: string;
  fix?: string;
}

function classify(meta: Metadata): TypeVerdict {
  const size = meta.size;
  if (meta.type === H5T.FLOAT) {
    const dtype = `float${size * 8}`;
    if (size === 4 || size === 8) return { dtype, supported: true };
    return { dtype, supported: false, what: `${dtype}${size === 2 ? ' (half precision)' : ''}`, fix: 'Convert the array before saving, for example with numpy: x.astype("float32").' };
  }
  if (meta.type === H5T.INTEGER) {
    const dtype = `${meta.signed ? 'int' : 'uint'}${size * 8}`;
    if (size <= 4) return { dtype, supported: true };
    return { dtype, supported: false, what: dtype, fix: 'Convert the array before saving, for example with numpy: x.astype("float32") (or "int32" for labels).' };
  }
  if (meta.type === H5T.ENUM) {
    const names = Object.keys(meta.enum_type?.members ?? {});
    if (names.length === 2 && names.includes('FALSE') && names.includes('TRUE')) {
      return {
        dtype: 'boolean', supported: false,
        what: 'booleans (numpy bool, which h5py stores as an HDF5 enum FALSE/TRUE)',
        fix: 'Store masks as numbers 0 and 1, for example with h5py: f["trainY"] = mask.astype("uint8").',
      };
    }
    return {
      dtype: 'enum', supported: false,
      what: `enumerated labels (an HDF5 enum of ${names.slice(0, 6).join(', ')}${names.length > 6 ? ', …' : ''})`,
      fix: 'Store the label codes as plain integers (labels.astype("uint8")); a segmentation target must be a 0/1 mask.',
    };
  }
  if (meta.type === H5T.COMPOUND) {
    const members = meta.compound_type?.members ?? [];
    const names = members.map((m) => m.name);
    const complex = members.length === 2 && members.every((m) => m.type === H5T.FLOAT) && /^(r|re|real)$/i.test(names[0]) && /^(i|im|imag)$/i.test(names[1]);
    if (complex) {
      return {
        dtype: `complex${size * 8}`, supported: false,
        what: `complex numbers (complex${size * 8})`,
        fix: 'The lessons take real-valued images: store the magnitude, for example np.abs(x).astype("float32").',
      };
    }
    return {
      dtype: 'compound', supported: false,
      what: `records with the fields ${names.slice(0, 6).join(', ')}${names.length > 6 ? ', …' : ''} (an HDF5 compound type)`,
      fix: 'Store one numeric array per dataset, for example f["trainX"] = records["image"].astype("float32").',
    };
  }
  const others: Record<number, Omit<TypeVerdict, 'supported'>> = {
    [H5T.STRING]: { dtype: 'string', what: 'text (strings)', fix: 'Store the images as numbers; names and notes belong in attributes (f.attrs["note"] = "…").' },
    [H5T.REFERENCE]: {
      dtype: 'reference', what: `references to other objects in the file (${meta.ref_type ?? 'object'} references)`,
      fix: 'Store the arrays themselves at the top level, for example f["trainX"] = f[ref][()].',
    },
    [H5T.OPAQUE]: { dtype: 'opaque', what: 'opaque bytes (an HDF5 opaque type, such as numpy void)', fix: 'Store numbers, for example np.frombuffer(raw, dtype="float32").reshape(n, h, w).' },
    [H5T.VLEN]: { dtype: 'variable-length', what: 'variable-length sequences (a ragged array)', fix: 'Crop or pad every slice to one size and store a regular [N, H, W] array of numbers.' },
    [H5T.ARRAY]: { dtype: 'array', what: 'a small array in every element (an HDF5 array type)', fix: 'Store a plain [N, H, W] or [N, H, W, 1] array of numbers, for example np.stack(slices).astype("float32").' },
    [H5T.BITFIELD]: { dtype: 'bitfield', what: 'bit fields (an HDF5 bitfield type)', fix: 'Convert to numbers before saving, for example x.astype("uint8").' },
    [H5T.TIME]: { dtype: 'time', what: 'time stamps (an HDF5 time type)', fix: 'Store the images as numbers.' },
  };
  const other = others[meta.type] ?? { dtype: `HDF5 type class ${meta.type}`, what: `HDF5 type class ${meta.type}`, fix: 'Store the images as numbers (float32, for example).' };
  return { ...other, supported: false };
}

/** The filter's name as stored (deflate, shuffle, fletcher32) for filters available here, a common name for the others. */
function filterName(filter: { id: number; name: string }): string {
  if (filter.id in AVAILABLE_FILTERS) return filter.name || AVAILABLE_FILTERS[filter.id];
  return PLUGIN_FILTERS[filter.id] ?? (filter.name || `filter ${filter.id}`);
}

/** A dataset as the loader resolved it: where its data lives and what the file says about it. */
export interface ResolvedArray {
  info: StoredArrayInfo;
  meta: Metadata;
  /** The HDF5 path the values are read from (the soft link's target, or /name). */
  readPath: string;
  /** Set when the dataset cannot be read, with what to do about it (an unsupported type, filter, layout). */
  problem?: { message: string; hint: string };
  filterIds: number[];
}

/** What a top-level name of the file is. */
export type Entry =
  | { kind: 'dataset'; path: string; linkTarget?: string }
  | { kind: 'group'; children: string[] }
  | { kind: 'datatype' }
  | { kind: 'missing' }
  | { kind: 'dangling'; target: string }
  | { kind: 'loop'; target: string }
  | { kind: 'external'; file: string; target: string }
  | { kind: 'unreadable'; reason: string };

/** The top-level names of the file (at most MAX_LISTED), without following any link. */
export function topLevelNames(open: OpenH5): string[] {
  const names = tryHdf5(() => open.runtime.module.get_names(open.file.file_id, '/', false));
  if (!names.ok) {
    throw new DatasetFormatError(
      `${open.label} opened, but its top-level group cannot be listed (${names.error.reason}); the file is probably damaged.`,
      'Download or copy the file again, or re-save it with h5py.',
    );
  }
  return names.value.slice(0, MAX_LISTED);
}

function parentOf(path: string): string {
  const at = path.lastIndexOf('/');
  return at <= 0 ? '/' : path.slice(0, at);
}

function joinPath(base: string, target: string): string {
  if (target.startsWith('/')) return target;
  return `${base === '/' ? '' : base}/${target}`;
}

/**
 * Resolves one path link by link, deliberately: soft links are followed (at most MAX_LINK_HOPS),
 * loops and dangling links are named, external links are never followed.
 */
export function lookupPath(open: OpenH5, path: string): Entry {
  const module = open.runtime.module;
  const id = open.file.file_id;
  const seen = new Set<string>([path]);
  let current = path;
  let linked: string | undefined;
  for (let hop = 0; ; hop++) {
    const external = tryHdf5(() => module.get_external_link(id, current));
    if (!external.ok) {
      if (linked) return { kind: 'dangling', target: linked };
      return /doesn't exist|not found|name not defined/i.test(external.error.diagnostics) ? { kind: 'missing' } : { kind: 'unreadable', reason: external.error.reason };
    }
    if (external.value.filename) return { kind: 'external', file: external.value.filename, target: external.value.obj_path };
    const soft = tryHdf5(() => module.get_symbolic_link(id, current));
    if (!soft.ok) return { kind: 'unreadable', reason: soft.error.reason };
    if (soft.value === null || soft.value === undefined) break;
    const target = joinPath(parentOf(current), soft.value);
    if (seen.has(target) || hop >= MAX_LINK_HOPS) return { kind: 'loop', target: soft.value };
    seen.add(target);
    linked = soft.value;
    current = target;
  }
  const type = tryHdf5(() => module.get_type(id, current));
  if (!type.ok) {
    if (type.error.mentions(/too many (soft )?links/i)) return { kind: 'loop', target: linked ?? current };
    return { kind: 'unreadable', reason: type.error.reason };
  }
  if (type.value === module.H5G_DATASET) return { kind: 'dataset', path: current, ...(linked ? { linkTarget: linked } : {}) };
  if (type.value === module.H5G_GROUP) {
    const children = tryHdf5(() => module.get_names(id, current, false));
    return { kind: 'group', children: children.ok ? children.value.slice(0, MAX_LISTED) : [] };
  }
  if (type.value === module.H5G_TYPE) return { kind: 'datatype' };
  if (type.value === module.H5G_LINK) return { kind: 'dangling', target: linked ?? current };
  if (type.value === module.H5G_UDLINK) return { kind: 'external', file: '?', target: current };
  return linked ? { kind: 'dangling', target: linked } : { kind: 'missing' };
}

const squash = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, '');

function looksLike(name: string, wanted: string): boolean {
  const a = squash(name);
  const b = squash(wanted);
  const split = /^(train|val|test)(x|y)$/.exec(b);
  if (a === b) return true;
  if (!split) return false;
  const [, part, axis] = split;
  const partNames = part === 'val' ? ['val', 'valid', 'validation'] : [part];
  const axisNames = axis === 'x' ? ['x', 'images', 'image', 'img'] : ['y', 'masks', 'mask', 'labels', 'label', 'targets', 'target'];
  return partNames.some((p) => axisNames.some((x) => a === p + x || a === x + p));
}

/**
 * Where names like `wanted` sit below the top level: a breadth-first search that looks at no more than
 * MAX_SEARCHED links, MAX_SEARCH_DEPTH levels deep, and never follows soft or external links.
 */
export function findSimilarDeeper(open: OpenH5, wanted: readonly string[], topLevel: readonly string[]): string[] {
  const module = open.runtime.module;
  const id = open.file.file_id;
  const found: string[] = [];
  let examined = 0;
  let level = topLevel.map((name) => `/${name}`);
  for (let depth = 1; depth <= MAX_SEARCH_DEPTH && level.length > 0 && examined < MAX_SEARCHED; depth++) {
    const next: string[] = [];
    for (const path of level) {
      if (examined++ >= MAX_SEARCHED) break;
      const name = path.slice(path.lastIndexOf('/') + 1);
      if (depth > 1 && wanted.some((w) => looksLike(name, w))) found.push(path.slice(1));
      // Only plain (hard-linked) groups are descended into.
      const external = tryHdf5(() => module.get_external_link(id, path));
      if (!external.ok || external.value.filename) continue;
      const soft = tryHdf5(() => module.get_symbolic_link(id, path));
      if (!soft.ok || soft.value) continue;
      const type = tryHdf5(() => module.get_type(id, path));
      if (!type.ok || type.value !== module.H5G_GROUP) continue;
      const children = tryHdf5(() => module.get_names(id, path, false));
      if (children.ok) for (const child of children.value.slice(0, MAX_SEARCHED)) next.push(`${path}/${child}`);
    }
    level = next;
  }
  return found.slice(0, 8);
}

/** Explains why a top-level name is not a dataset the lesson can read. */
export function entryError(name: string, entry: Entry, label: string): DatasetFormatError {
  switch (entry.kind) {
    case 'group': {
      const inside = entry.children.length > 0 ? `, containing ${entry.children.slice(0, 6).join(', ')}${entry.children.length > 6 ? ', …' : ''}` : ', an empty one';
      return new DatasetFormatError(
        `Expected ${name} to be a dataset, but it is a group${inside}.`,
        `Store the array itself at the top level, for example with h5py: data = f["${name}/${entry.children[0] ?? 'images'}"][()]; del f["${name}"]; f["${name}"] = data.`,
      );
    }
    case 'datatype':
      return new DatasetFormatError(`Expected ${name} to be a dataset, but it is a named datatype (a type definition, with no values).`, `Store the array itself under the name ${name}.`);
    case 'dangling':
      return new DatasetFormatError(
        `${label.replace(/^The file/, 'The file')}'s ${name} is a soft link to ${entry.target}, which does not exist (a dangling link).`,
        `Point the link at a dataset that exists, or store the array itself: del f["${name}"]; f["${name}"] = images.`,
      );
    case 'loop':
      return new DatasetFormatError(
        `${name} is a soft link that never reaches a dataset: it loops (through ${entry.target}).`,
        `Replace the link with the array itself: del f["${name}"]; f["${name}"] = images.`,
      );
    case 'external':
      return new DatasetFormatError(
        `${name} is an external link to ${entry.target} in another file (${entry.file}); the course reads one self-contained file and does not follow links into other files.`,
        `Copy the data into this file, for example with h5py: data = h5py.File("${entry.file}")["${entry.target.replace(/^\//, '')}"][()]; del f["${name}"]; f["${name}"] = data.`,
      );
    case 'unreadable':
      return new DatasetFormatError(`${name} cannot be looked up (${entry.reason}); the file is probably damaged.`, 'Download or copy the file again, or re-save it with h5py.');
    default:
      return new DatasetFormatError(`${label} has no dataset ${name}.`, `Store the array under the name ${name}.`);
  }
}

function product(values: readonly number[]): number {
  return values.reduce((a, b) => a * b, 1);
}

/** Reads what the file says about a dataset (type, shape, chunks, filters, virtual sources) without reading values. */
export function resolveArray(open: OpenH5, name: string, entry: Extract<Entry, { kind: 'dataset' }>): ResolvedArray {
  const module = open.runtime.module;
  const id = open.file.file_id;
  const metadata = tryHdf5(() => module.get_dataset_metadata(id, entry.path));
  if (!metadata.ok) {
    throw new DatasetFormatError(
      `Could not read how ${name} is stored (${metadata.error.reason}); the file is probably truncated or damaged.`,
      'Download or copy the file again and check that its size matches the original.',
    );
  }
  const meta = metadata.value;
  const filters = tryHdf5(() => module.get_dataset_filters(id, entry.path));
  const filterList = filters.ok ? filters.value : [];
  const verdict = classify(meta);
  const info: StoredArrayInfo = {
    path: name,
    shape: meta.shape ?? [],
    dtype: verdict.dtype,
    supported: verdict.supported,
    chunks: meta.chunks,
    filters: filterList.map(filterName),
    ...(entry.linkTarget ? { linkTarget: entry.linkTarget } : {}),
  };
  const resolved: ResolvedArray = { info, meta, readPath: entry.path, filterIds: filterList.map((f) => f.id) };
  const virtual = meta.virtual_sources ?? [];
  if (!filters.ok) {
    resolved.problem = { message: `Could not read the filter pipeline of ${name} (${filters.error.reason}); the file is probably damaged.`, hint: 'Download or copy the file again.' };
  } else if (virtual.length > 0) {
    const sources = virtual.slice(0, 3).map((s) => `${s.file_name}:${s.dset_name}`).join(', ');
    resolved.problem = {
      message: `${name} is a virtual dataset: its values come from other files (${sources}${virtual.length > 3 ? ', …' : ''}), which the course does not open.`,
      hint: `Make a self-contained copy, for example with h5py: data = f["${name}"][()]; then write data into a new file (or run h5repack).`,
    };
  } else if (!verdict.supported) {
    resolved.problem = { message: `Expected ${name} to hold numbers of type ${NUMBER_TYPES}, but it holds ${verdict.what ?? verdict.dtype}.`, hint: verdict.fix ?? 'Convert the array before saving.' };
  } else if (meta.shape === null) {
    resolved.problem = { message: `Expected ${name} to hold an array, but it has no shape (an HDF5 null dataspace, with no values).`, hint: `Store the images as an [N, H, W] array: f["${name}"] = images.` };
  } else {
    const unavailable = filterList.filter((f) => !(f.id in AVAILABLE_FILTERS));
    if (unavailable.length > 0) {
      const names = unavailable.map((f) => `${filterName(f)} (filter id ${f.id})`).join(', ');
      resolved.problem = {
        message: `${name} is compressed with ${names}, which this reader does not include, so its values cannot be decoded here.`,
        hint: 'Re-save the arrays with gzip, which every HDF5 reader has: h5py create_dataset(..., compression="gzip"), or h5repack -f GZIP=4 in.h5 out.h5.',
      };
    } else if (meta.chunks) {
      const chunkBytes = product(meta.chunks) * meta.size;
      const chunkCount = meta.shape.reduce((n, d, i) => n * Math.ceil(d / Math.max(1, meta.chunks![i])), 1);
      if (chunkBytes > MAX_CHUNK_BYTES) {
        resolved.problem = {
          message: `${name} is stored in chunks of [${meta.chunks.join(', ')}], ${(chunkBytes / 2 ** 20).toFixed(0)} MiB each, too large to decompress here (limit ${MAX_CHUNK_BYTES / 2 ** 20} MiB).`,
          hint: 'Re-save with chunks of one or a few slices, for example chunks=(1, H, W, 1).',
        };
      } else if (chunkCount > MAX_CHUNKS) {
        resolved.problem = {
          message: `${name} is stored in ${chunkCount.toLocaleString('en-US')} chunks of [${meta.chunks.join(', ')}], too many to read in reasonable time (limit ${MAX_CHUNKS.toLocaleString('en-US')}).`,
          hint: 'Re-save with chunks of whole slices, for example chunks=(1, H, W, 1).',
        };
      }
    }
  }
  return resolved;
}

/** Looks up a top-level name and describes the dataset there (following soft links), or throws naming the problem. */
export function describeArray(open: OpenH5, name: string): ResolvedArray {
  const entry = lookupPath(open, `/${name}`);
  if (entry.kind !== 'dataset') throw entryError(name, entry, open.label);
  return resolveArray(open, name, entry);
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
    shape.length === 2 ? 'A single 2-D image needs a leading slice axis: reshape it to [1, H, W].' : shape.length === 0 ? 'A single number is not an image stack: store an [N, H, W] array.' : 'Store a stack of 2-D slices, one slice per index of the first axis.',
  );
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
    throw new DatasetFormatError(`Not enough memory to read ${array.info.path} (${((step * perSlice * elementSize) / 2 ** 20).toFixed(1)} MiB at a time).`, 'Close other tabs or use a smaller file.');
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

/** Longest attribute text kept (longer strings are shortened with "…"); attributes with more values are summarised. */
export const MAX_ATTRIBUTE_CHARS = 200;
const MAX_ATTRIBUTE_VALUES = 64;
const MAX_ATTRIBUTES = 100;

function shorten(text: string, limit = MAX_ATTRIBUTE_CHARS): string {
  return text.length > limit ? `${text.slice(0, limit - 1)}…` : text;
}

/**
 * Reads the file's root attributes as plain strings and numbers (short arrays become JSON text), each
 * shortened to MAX_ATTRIBUTE_CHARS; at most MAX_ATTRIBUTES of them, and large or unreadable ones summarised.
 */
export function readRootAttributes(open: OpenH5): Record<string, string | number> {
  const attributes: Record<string, string | number> = {};
  const names = tryHdf5(() => open.runtime.module.get_attribute_names(open.file.file_id, '/'));
  if (!names.ok) return attributes;
  const attrs = open.file.attrs;
  for (const name of names.value.slice(0, MAX_ATTRIBUTES)) {
    const attribute = tryHdf5(() => attrs[name]);
    if (!attribute.ok) {
      attributes[name] = '(unreadable)';
      continue;
    }
    const total = attribute.value.metadata.total_size;
    if (total > MAX_ATTRIBUTE_VALUES) {
      attributes[name] = `(${total.toLocaleString('en-US')} values, not shown)`;
      continue;
    }
    let value: unknown;
    try {
      value = tryHdf5(() => attribute.value.json_value);
    } catch {
      value = undefined;
    }
    const read = value as { ok: boolean; value?: unknown } | undefined;
    value = read?.ok ? read.value : undefined;
    if (Array.isArray(value) && value.length === 1 && (typeof value[0] === 'number' || typeof value[0] === 'string')) value = value[0];
    if (typeof value === 'number') attributes[name] = value;
    else if (typeof value === 'string') attributes[name] = shorten(value);
    else if (typeof value === 'boolean') attributes[name] = value ? 1 : 0;
    else if (typeof value === 'bigint') attributes[name] = Number(value);
    else if (value !== null && value !== undefined) {
      let text: string;
      try {
        text = JSON.stringify(value, (_, v: unknown) => (typeof v === 'bigint' ? Number(v) : v));
      } catch {
        text = '(not shown)';
      }
      attributes[name] = shorten(text);
    } else attributes[name] = `(${attribute.value.dtype ? 'a type the course does not show' : 'empty'})`;
  }
  return attributes;
}
