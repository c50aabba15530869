import { getKernel, registerKernel, unregisterKernel, type KernelConfig } from '@tensorflow/tfjs';
import { createChunkedAddN } from './webgpuAddN';

/** Our WebGPU kernels, once made, and the stock kernels they replaced (by kernel name). */
const ours = new Map<string, KernelConfig>();
const stock = new Map<string, KernelConfig>();

/**
 * Installs the course's fixes for the WebGPU backend (idempotent). Call after
 * `@tensorflow/tfjs-backend-webgpu` has loaded (its own kernels must be registered first); before
 * that it does nothing and returns false. Today: AddN in chunks the device can bind (see webgpuAddN.ts).
 */
export function registerWebgpuKernels(): boolean {
  const current = getKernel('AddN', 'webgpu');
  if (current === undefined) return false;
  if (current === ours.get('AddN')) return true;
  stock.set('AddN', current);
  const config: KernelConfig = { kernelName: 'AddN', backendName: 'webgpu', kernelFunc: createChunkedAddN(current.kernelFunc) };
  ours.set('AddN', config);
  unregisterKernel('AddN', 'webgpu');
  registerKernel(config);
  return true;
}

/** Puts the stock WebGPU kernels back (for comparisons and tests). */
export function unregisterWebgpuKernels(): void {
  for (const [name, config] of ours) {
    if (getKernel(name, 'webgpu') !== config) continue;
    unregisterKernel(name, 'webgpu');
    const original = stock.get(name);
    if (original !== undefined) registerKernel(original);
  }
}
