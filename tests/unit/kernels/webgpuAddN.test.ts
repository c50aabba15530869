import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import type { KernelBackend, KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { createChunkedAddN, DEFAULT_MAX_STORAGE_BUFFERS } from '../../../src/lib/kernels/webgpuAddN';

// The WebGPU backend cannot start in Node; the chunking is checked here on the cpu backend's own
// AddN, wrapped so that it refuses more inputs than a WebGPU device would bind (as the real one
// silently does), and against tf.addN. The browser test checks it on WebGPU itself.

describe('createChunkedAddN', () => {
  it('sums 24 tensors through a stock kernel that takes at most 7 at a time, and frees its partial sums', async () => {
    await tf.setBackend('cpu');
    const backend = tf.backend() as KernelBackend;
    const stockAddN = tf.getKernel('AddN', 'cpu')!.kernelFunc;
    const calls: number[] = [];
    const limited: KernelFunc = (args) => {
      const count = (args.inputs as unknown as TensorInfo[]).length;
      calls.push(count);
      if (count > DEFAULT_MAX_STORAGE_BUFFERS - 1) throw new Error(`${count} inputs exceed the binding limit`);
      return stockAddN(args);
    };
    const parts = Array.from({ length: 24 }, (_, i) => tf.tensor1d([i, 2 * i, -i, 0.5]));
    const expected = await tf.addN(parts).data();
    const before = backend.numDataIds();
    const out = createChunkedAddN(limited)({ inputs: parts as unknown as Record<string, TensorInfo>, backend, attrs: {} }) as TensorInfo;
    // Only the output is left behind.
    expect(backend.numDataIds()).toBe(before + 1);
    const result = tf.engine().makeTensorFromTensorInfo(out);
    expect(Array.from(await result.data())).toEqual(Array.from(expected));
    expect(Math.max(...calls)).toBeLessThanOrEqual(7);
    expect(calls.length).toBeGreaterThan(1);
    tf.dispose([result, ...parts]);
  });

  it('passes few inputs straight to the stock kernel', async () => {
    await tf.setBackend('cpu');
    const backend = tf.backend() as KernelBackend;
    const stockAddN = tf.getKernel('AddN', 'cpu')!.kernelFunc;
    const calls: number[] = [];
    const counting: KernelFunc = (args) => {
      calls.push((args.inputs as unknown as TensorInfo[]).length);
      return stockAddN(args);
    };
    const parts = [tf.scalar(1), tf.scalar(2), tf.scalar(3)];
    const out = createChunkedAddN(counting)({ inputs: parts as unknown as Record<string, TensorInfo>, backend, attrs: {} }) as TensorInfo;
    const result = tf.engine().makeTensorFromTensorInfo(out);
    expect(await result.data()).toEqual(new Float32Array([6]));
    expect(calls).toEqual([3]);
    tf.dispose([result, ...parts]);
  });
});
