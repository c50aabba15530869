/**
 * What the file says about one stored array before its values are read: element type, shape, chunks,
 * filters, and whether this reader can decode it (with what to do when it cannot).
 */
import type { H5Module } from './h5wasmRuntime';

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

/** Metadata as h5wasm reports it (the fields the loader uses). */
export type DatasetMetadata = ReturnType<H5Module['get_dataset_metadata']>;

/** The element types the lessons accept, for messages. */
export const NUMBER_TYPES = 'float32, float64, (u)int8, (u)int16 or (u)int32';

// HDF5 type classes (H5T_class_t).
const H5T = { INTEGER: 0, FLOAT: 1, TIME: 2, STRING: 3, BITFIELD: 4, OPAQUE: 5, COMPOUND: 6, REFERENCE: 7, ENUM: 8, VLEN: 9, ARRAY: 10 } as const;

/** Filters h5wasm's HDF5 build decodes; anything else cannot be read here. */
export const AVAILABLE_FILTERS: Record<number, string> = { 1: 'gzip', 2: 'shuffle', 3: 'Fletcher-32', 5: 'N-bit', 6: 'scale-offset' };
/** Names of common filters that are not part of HDF5 itself (registered plugin ids). */
const PLUGIN_FILTERS: Record<number, string> = {
  4: 'szip', 305: 'LZO', 307: 'bzip2', 32000: 'LZF', 32001: 'Blosc', 32004: 'LZ4', 32008: 'bitshuffle', 32013: 'ZFP', 32015: 'Zstandard', 32017: 'SZ', 32026: 'Blosc2',
};

/** A numeric type the lessons read, or what the stored type is and how to convert it. */
export interface TypeVerdict {
  dtype: string;
  supported: boolean;
  /** "booleans (…)", for the message "but it holds …". */
  what?: string;
  fix?: string;
}

/** Says whether a stored element type is one the lessons read, and if not, what it is and how to convert it. */
export function classifyStoredType(meta: DatasetMetadata): TypeVerdict {
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
export function filterName(filter: { id: number; name: string }): string {
  if (filter.id in AVAILABLE_FILTERS) return filter.name || AVAILABLE_FILTERS[filter.id];
  return PLUGIN_FILTERS[filter.id] ?? (filter.name || `filter ${filter.id}`);
}
