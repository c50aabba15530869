import type { File as H5File } from 'h5wasm';
import { DatasetFormatError } from '../errors';
import { describeOpenFailure } from './describeHdf5Failure';
import { assertBudget, DEFAULT_MAX_BYTES } from './fileBudget';
import { FILE_KIND_HEAD_BYTES, notHdf5Advice, sniffFileKind } from './fileKind';
import { Hdf5CallError, isNodeRuntime, loadH5wasm, withHdf5Errors, type H5Runtime } from './h5wasmRuntime';

/** A learner's file (a browser File or any Blob), read lazily where the environment allows it. */
export interface H5BlobSource {
  file: Blob & { name?: string };
}

/**
 * Bytes of an HDF5 file (browser upload, fetch), a File/Blob (`{ file }`: mounted read-only without copying
 * in a worker, read into memory elsewhere) or, in Node only, a path to one.
 */
export type H5Source = Uint8Array | ArrayBuffer | string | H5BlobSource;

export { DEFAULT_MAX_BYTES, assertBudget };

const SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

/** An open HDF5 file; call `close()` when done (it also frees the in-memory copy). */
export interface OpenH5 {
  file: H5File;
  runtime: H5Runtime;
  label: string;
  byteLength: number;
  /** Set when the file was copied into the in-memory file system (removed again on close). */
  memoryPath?: string;
  /** Set when a File was mounted with WORKERFS (unmounted again on close). */
  mountPoint?: string;
}

let counter = 0;

/** Where an HDF5 superblock may start: 0, 512, 1024, 2048, … (after a user block). */
function signatureOffsets(byteLength: number): number[] {
  const offsets = [0];
  for (let offset = 512; offset + SIGNATURE.length <= byteLength; offset *= 2) offsets.push(offset);
  return offsets;
}

function hasSignatureAt(read: (offset: number) => Uint8Array, offset: number): boolean {
  const head = read(offset);
  return SIGNATURE.every((byte, i) => head[i] === byte);
}

/** `head`: the file's first bytes (FILE_KIND_HEAD_BYTES where it has them), so a file of another kind is named for what it is. */
function assertHdf5(label: string, byteLength: number, read: (offset: number) => Uint8Array, head: Uint8Array): void {
  if (byteLength === 0) {
    throw new DatasetFormatError(`${label} is empty (0 bytes).`, 'Choose the .h5 file again; the download or copy may not have finished.');
  }
  if (!signatureOffsets(byteLength).some((offset) => hasSignatureAt(read, offset))) {
    // The label ends with the file's name where there is one ("The file ct.nii.gz"), which tells a .nii.gz from other gzip files.
    const kind = sniffFileKind(head, label);
    if (kind && kind.kind !== 'hdf5') throw new DatasetFormatError(`${label} is not an HDF5 file: it is ${kind.description}.`, notHdf5Advice(kind));
    throw new DatasetFormatError(
      `${label} is not an HDF5 file: its first bytes are not the HDF5 signature (\\x89HDF\\r\\n\\x1a\\n).`,
      'The lessons read HDF5 files (.h5, .hdf5) with datasets trainX, trainY, valX, valY and optionally testX, testY. Save your arrays with h5py, for example.',
    );
  }
}

function openWith(runtime: H5Runtime, path: string, label: string, byteLength: number): OpenH5 {
  let file: H5File | null = null;
  let reason = '';
  try {
    file = withHdf5Errors(runtime, () => new runtime.h5.File(path, 'r'));
  } catch (error) {
    if (!(error instanceof Hdf5CallError)) throw error;
    reason = error.reason;
  }
  if (!file || file.file_id < 0n) {
    const { message, hint } = describeOpenFailure(label, reason);
    throw new DatasetFormatError(message, hint);
  }
  return { file, runtime, label, byteLength };
}

async function openBytes(bytes: Uint8Array, label: string, maxBytes: number): Promise<OpenH5> {
  assertBudget(label, bytes.byteLength, maxBytes);
  assertHdf5(label, bytes.byteLength, (offset) => bytes.subarray(offset, offset + SIGNATURE.length), bytes.subarray(0, FILE_KIND_HEAD_BYTES));
  const runtime = await loadH5wasm('memory');
  const path = `/course-dataset-${++counter}.h5`;
  runtime.fs.writeFile(path, bytes);
  try {
    return { ...openWith(runtime, path, label, bytes.byteLength), memoryPath: path };
  } catch (error) {
    runtime.fs.unlink(path);
    throw error;
  }
}

async function openPath(path: string, label: string, maxBytes: number): Promise<OpenH5> {
  if (!isNodeRuntime()) {
    throw new DatasetFormatError(`Cannot open ${label} by path here.`, 'In the browser, pass the file’s bytes (Uint8Array or ArrayBuffer) instead of a path.');
  }
  const runtime = await loadH5wasm('node');
  const { fs } = runtime;
  let size: number;
  try {
    size = fs.stat(path).size;
  } catch {
    throw new DatasetFormatError(`${label} does not exist or cannot be read.`, 'Check the path (relative paths start from the current directory).');
  }
  assertBudget(label, size, maxBytes);
  const stream = fs.open(path, 'r');
  try {
    const head = new Uint8Array(Math.min(size, FILE_KIND_HEAD_BYTES));
    fs.read(stream, head, 0, head.length, 0);
    assertHdf5(label, size, (offset) => {
      const signature = new Uint8Array(SIGNATURE.length);
      fs.read(stream, signature, 0, signature.length, offset);
      return signature;
    }, head);
  } finally {
    fs.close(stream);
  }
  return openWith(runtime, path, label, size);
}

interface WorkerFileSystem {
  filesystems: Record<string, unknown>;
  mount(type: unknown, options: { files: Blob[] }, mountpoint: string): unknown;
  unmount(mountpoint: string): void;
  mkdir(path: string): void;
  rmdir(path: string): void;
}

async function openBlob(blob: Blob & { name?: string }, label: string, maxBytes: number): Promise<OpenH5> {
  assertBudget(label, blob.size, maxBytes);
  const head = new Uint8Array(await blob.slice(0, Math.min(blob.size, 4096)).arrayBuffer());
  const readHead = async (offset: number) => new Uint8Array(await blob.slice(offset, offset + SIGNATURE.length).arrayBuffer());
  if (blob.size === 0 || !SIGNATURE.every((byte, i) => head[i] === byte)) {
    const heads = new Map<number, Uint8Array>();
    for (const offset of signatureOffsets(blob.size)) heads.set(offset, offset === 0 ? head : await readHead(offset));
    assertHdf5(label, blob.size, (offset) => heads.get(offset) ?? new Uint8Array(0), head);
  }
  // FileReaderSync exists only in workers; there WORKERFS reads the File on demand instead of copying it.
  const canMount = typeof (globalThis as { FileReaderSync?: unknown }).FileReaderSync === 'function';
  if (!canMount) return openBytes(new Uint8Array(await blob.arrayBuffer()), label, maxBytes);
  const runtime = await loadH5wasm('memory');
  const fs = runtime.fs as unknown as WorkerFileSystem;
  const mountPoint = `/course-upload-${++counter}`;
  const named = blob instanceof File ? blob : new File([blob], 'upload.h5');
  fs.mkdir(mountPoint);
  fs.mount(fs.filesystems.WORKERFS, { files: [named] }, mountPoint);
  try {
    return { ...openWith(runtime, `${mountPoint}/${named.name}`, label, blob.size), mountPoint };
  } catch (error) {
    fs.unmount(mountPoint);
    fs.rmdir(mountPoint);
    throw error;
  }
}

/** Opens an HDF5 file read-only from bytes (any environment) or a path (Node); checks signature and size first. */
export async function openH5Source(source: H5Source, options: { maxBytes?: number; label?: string } = {}): Promise<OpenH5> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  if (typeof source === 'string') return openPath(source, options.label ?? `The file ${source}`, maxBytes);
  if (!(source instanceof Uint8Array) && !(source instanceof ArrayBuffer)) {
    const name = source.file.name;
    return openBlob(source.file, options.label ?? (name ? `The file ${name}` : 'The file'), maxBytes);
  }
  const bytes = source instanceof Uint8Array ? source : new Uint8Array(source);
  return openBytes(bytes, options.label ?? 'The file', maxBytes);
}

/** Closes a file opened by openH5Source and removes its in-memory copy. */
export function closeH5(open: OpenH5): void {
  try {
    withHdf5Errors(open.runtime, () => open.file.close());
  } catch {
    // A damaged file may fail to close cleanly; its copy is removed below all the same.
  }
  if (open.memoryPath) open.runtime.fs.unlink(open.memoryPath);
  if (open.mountPoint) {
    const fs = open.runtime.fs as unknown as WorkerFileSystem;
    fs.unmount(open.mountPoint);
    fs.rmdir(open.mountPoint);
  }
}
