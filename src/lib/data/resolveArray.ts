/**
 * A dataset resolved to what the loader can read (type, shape, chunks, filters), and its stored shape
 * read as the lessons' [count, height, width, 1].
 */
import { DatasetFormatError } from '../errors';
import { formatBytes } from '../format';
import { tryHdf5 } from './h5wasmRuntime';
import { entryError, lookupPath, type Entry } from './lookupPath';
import type { OpenH5 } from './openH5Source';
import { virtualSourcesProblem } from './virtualSources';
import { AVAILABLE_FILTERS, classifyStoredType, filterName, NUMBER_TYPES, type ArrayLayout, type DatasetMetadata, type StoredArrayInfo } from './storedArrayInfo';

/** A single chunk decompresses into memory whole; bigger ones are refused before reading. */
const MAX_CHUNK_BYTES = 64 * 1024 * 1024;
/** Reading millions of tiny chunks takes minutes; refuse instead. */
const MAX_CHUNKS = 200_000;

/** A dataset as the loader resolved it: where its data lives and what the file says about it. */
export interface ResolvedArray {
  info: StoredArrayInfo;
  meta: DatasetMetadata;
  /** The HDF5 path the values are read from (the soft link's target, or /name). */
  readPath: string;
  /** Set when the dataset cannot be read, with what to do about it (an unsupported type, filter, layout). */
  problem?: { message: string; hint: string };
  filterIds: number[];
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
  const verdict = classifyStoredType(meta);
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
  // Sources in the same file are read through HDF5; any other virtual dataset is refused.
  const virtualProblem = virtual.length > 0 ? virtualSourcesProblem(open, name, virtual) : null;
  if (!filters.ok) {
    resolved.problem = { message: `Could not read the filter pipeline of ${name} (${filters.error.reason}); the file is probably damaged.`, hint: 'Download or copy the file again.' };
  } else if (virtualProblem) {
    resolved.problem = virtualProblem;
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
          message: `${name} is stored in chunks of [${meta.chunks.join(', ')}], ${formatBytes(chunkBytes)} each, too large to decompress here (limit ${formatBytes(MAX_CHUNK_BYTES)}).`,
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
