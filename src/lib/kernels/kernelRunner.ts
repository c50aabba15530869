import { getKernel, type KernelBackend, type NamedAttrMap, type TensorInfo } from '@tensorflow/tfjs';
import { CourseError } from '../errors';

/** Runs other kernels of one backend directly (no tape, no engine bookkeeping) from inside a kernel. */
export interface KernelRunner {
  /** Runs kernel `name`; the caller owns the returned TensorInfo and must `dispose` it (or return it). */
  run(name: string, inputs: Record<string, TensorInfo>, attrs?: object): TensorInfo;
  /** Releases one reference to an intermediate result. */
  dispose(info: TensorInfo): void;
  /** Reshapes without copying (a new reference to the same data), owned by the caller. */
  reshape(x: TensorInfo, shape: number[]): TensorInfo;
}

/** Makes a runner over `backend`, whose kernels are looked up by `backendName` at each call. */
export function createKernelRunner(backend: KernelBackend, backendName: string): KernelRunner {
  const run = (name: string, inputs: Record<string, TensorInfo>, attrs: object = {}): TensorInfo => {
    const kernel = getKernel(name, backendName);
    if (kernel === undefined) {
      throw new CourseError(
        `Kernel '${name}' is not registered for backend '${backendName}'.`,
        'Import the backend package (e.g. @tensorflow/tfjs-backend-wasm) before registering the course kernels.',
      );
    }
    const out = kernel.kernelFunc({ inputs, backend, attrs: attrs as NamedAttrMap });
    if (Array.isArray(out)) throw new CourseError(`Kernel '${name}' returned several outputs; one was expected.`);
    return out;
  };
  return {
    run,
    dispose: (info) => backend.disposeData(info.dataId),
    reshape: (x, shape) => run('Reshape', { x }, { shape }),
  };
}
