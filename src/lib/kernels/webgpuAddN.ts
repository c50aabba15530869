import type { KernelBackend, KernelFunc, TensorInfo } from '@tensorflow/tfjs';

/**
 * WebGPU's default limit of storage buffers per compute shader stage (the WebGPU spec's default,
 * which tfjs-backend-webgpu 4.22 does not raise when it requests its device).
 */
export const DEFAULT_MAX_STORAGE_BUFFERS = 8;

/** Inputs one stock AddN program may bind: the device's storage-buffer limit minus one for the output. */
function maxInputsOf(backend: KernelBackend): number {
  const limits = (backend as unknown as { device?: { limits?: { maxStorageBuffersPerShaderStage?: number } } }).device?.limits;
  const buffers = limits?.maxStorageBuffersPerShaderStage ?? DEFAULT_MAX_STORAGE_BUFFERS;
  return Math.max(2, buffers - 1);
}

/**
 * tfjs-backend-webgpu 4.22's AddN binds every input as its own storage buffer in one shader, so
 * with more inputs than the device allows (7 under the default limit of 8) the pipeline is invalid
 * and the result silently stays zero: `tf.addN` of a model's ~22 squared gradient norms — the
 * global-norm clipping of lesson 1's SGD — comes out 0, the clip scale NaN-free but wrong, and
 * training collapses. This kernel sums in chunks the device accepts, with the stock kernel, and
 * sums the partial sums the same way (float32 throughout, as the stock kernel).
 */
export function createChunkedAddN(stock: KernelFunc): KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const kernelBackend = backend as KernelBackend;
    const limit = maxInputsOf(kernelBackend);
    let pending = Array.from(inputs as unknown as ArrayLike<TensorInfo>);
    const temps: TensorInfo[] = [];
    try {
      while (pending.length > limit) {
        const next: TensorInfo[] = [];
        for (let start = 0; start < pending.length; start += limit) {
          const chunk = pending.slice(start, start + limit);
          if (chunk.length === 1) {
            next.push(chunk[0]);
            continue;
          }
          const partial = stock({ inputs: chunk as unknown as Record<string, TensorInfo>, backend, attrs }) as TensorInfo;
          temps.push(partial);
          next.push(partial);
        }
        pending = next;
      }
      return stock({ inputs: pending as unknown as Record<string, TensorInfo>, backend, attrs });
    } finally {
      for (const t of temps) kernelBackend.disposeData(t.dataId);
    }
  };
}
