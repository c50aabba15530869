import type { TensorInfo } from '@tensorflow/tfjs';

/** The parts of tfjs-wasm's BackendWasm the course's kernels use to read inputs and write outputs in place. */
export interface HeapBackend {
  makeOutput(shape: number[], dtype: 'float32'): TensorInfo;
  typedArrayFromHeap(info: TensorInfo): Float32Array;
}

/** True for a backend whose tensors live in a WebAssembly heap the kernels can read and write (tfjs-wasm). */
export const isHeapBackend = (b: unknown): b is HeapBackend =>
  typeof (b as HeapBackend).makeOutput === 'function' && typeof (b as HeapBackend).typedArrayFromHeap === 'function';
