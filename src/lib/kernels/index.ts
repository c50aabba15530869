import { getKernel, registerKernel, unregisterKernel, type KernelConfig } from '@tensorflow/tfjs';
import { createConv2dBackpropFilter } from './conv2dBackpropFilter';
import { createConv2dBackpropInput } from './conv2dBackpropInput';
import { createWasmCopyKernels } from './wasmCopyKernels';
import { setWasmConvActive } from './wasmConv';
import { setWinogradEnabled } from './wasmWinograd';
import { createWinogradForward, type ForwardKernelName } from './winogradForward';

export { prepareWasmConv, disposeWasmConv, setWasmConvWorkerFactory, wasmConvStatus, WORKER_SOURCE, type WasmConvOptions, type WasmConvStatus, type WorkerLike } from './wasmConv';

/** Backends the course registers kernels for. */
export type CourseKernelBackend = 'wasm' | 'cpu';

/**
 * Which kernels to install: 'fast' (default) the course's own WebAssembly filter gradient and
 * Winograd 3×3 convolutions (forward and input gradient; once `prepareWasmConv` has run), the input
 * gradient as a forward convolution otherwise, and faster
 * Concat/SplitV/Slice copies on wasm; 'xnnpack' the same but with the filter gradient as a forward
 * convolution too (the previous path, for comparisons); 'filter-only' adds just the filter
 * gradient wasm lacks and keeps every stock kernel (the naive path, for benchmarks).
 */
export type CourseKernelMode = 'fast' | 'xnnpack' | 'filter-only';

export interface CourseKernelOptions {
  backends?: CourseKernelBackend[];
  mode?: CourseKernelMode;
  /** In 'fast' mode, 3×3 'same' convolutions on the Winograd kernel (default true; false for comparisons). */
  winograd?: boolean;
}

const KERNEL_NAMES = ['Conv2DBackpropFilter', 'Conv2DBackpropInput'] as const;
const WASM_COPY_NAMES = ['Concat', 'SplitV', 'Slice', 'Sum'] as const;
/** Forward convolutions: 3×3 'same' layers go to the Winograd kernel, the rest to the stock ones. */
const WASM_FORWARD_NAMES: readonly ForwardKernelName[] = ['Conv2D', 'FusedConv2D'];

/** Kernels that were registered before ours (by backend and name), so they can be restored. */
const stockKernels = new Map<string, KernelConfig | undefined>();
/** Our installed configs, to recognise them in the registry. */
const ourKernels = new Map<string, KernelConfig>();

const keyOf = (backend: string, name: string) => `${backend}_${name}`;

function install(config: KernelConfig): void {
  const key = keyOf(config.backendName, config.kernelName);
  const current = getKernel(config.kernelName, config.backendName);
  if (current === config) return;
  if (!stockKernels.has(key)) stockKernels.set(key, current === ourKernels.get(key) ? undefined : current);
  // Re-registering without removing first makes tfjs warn; the engine looks kernels up at each call,
  // so swapping them is safe even after the backend has started.
  if (current !== undefined) unregisterKernel(config.kernelName, config.backendName);
  registerKernel(config);
}

function restore(backend: string, name: string): void {
  const key = keyOf(backend, name);
  const current = getKernel(name, backend);
  if (current === undefined || current !== ourKernels.get(key)) return;
  unregisterKernel(name, backend);
  const stock = stockKernels.get(key);
  if (stock !== undefined) registerKernel(stock);
}

function copyConfig(name: (typeof WASM_COPY_NAMES)[number]): KernelConfig {
  const key = keyOf('wasm', name);
  if (!ourKernels.has(key)) {
    for (const config of createWasmCopyKernels((n) => stockKernels.get(keyOf('wasm', n)))) {
      ourKernels.set(keyOf('wasm', config.kernelName), config);
    }
  }
  return ourKernels.get(key)!;
}

function forwardConfig(name: ForwardKernelName): KernelConfig {
  const key = keyOf('wasm', name);
  let config = ourKernels.get(key);
  if (config === undefined) {
    const stock = (n: string) => stockKernels.get(keyOf('wasm', n));
    // tfjs-wasm binds its C functions in each kernel's setupFunc when the backend starts: ours must pass
    // that on, or the stock kernel it falls back to would be unbound when the backend starts after this.
    config = {
      kernelName: name, backendName: 'wasm', kernelFunc: createWinogradForward(name, stock),
      setupFunc: (backend) => stock(name)?.setupFunc?.(backend),
    };
    ourKernels.set(key, config);
  }
  return config;
}

function ourConfig(backend: CourseKernelBackend, name: (typeof KERNEL_NAMES)[number]): KernelConfig {
  const key = keyOf(backend, name);
  let config = ourKernels.get(key);
  if (config === undefined) {
    const kernelFunc = name === 'Conv2DBackpropFilter' ? createConv2dBackpropFilter(backend) : createConv2dBackpropInput(backend);
    config = { kernelName: name, backendName: backend, kernelFunc };
    ourKernels.set(key, config);
  }
  return config;
}

/**
 * Registers the course's convolution-gradient kernels (idempotent; safe before or after the
 * backend starts). Default: both gradients as forward convolutions on wasm and cpu.
 */
export function registerCourseKernels(options: CourseKernelOptions = {}): void {
  const backends = options.backends ?? ['wasm', 'cpu'];
  const mode = options.mode ?? 'fast';
  setWasmConvActive(mode === 'fast');
  setWinogradEnabled(options.winograd ?? true);
  for (const backend of backends) {
    install(ourConfig(backend, 'Conv2DBackpropFilter'));
    if (mode !== 'filter-only') install(ourConfig(backend, 'Conv2DBackpropInput'));
    else restore(backend, 'Conv2DBackpropInput');
    if (backend !== 'wasm') continue;
    // The copy kernels replace stock ones only once the wasm backend package has registered them.
    for (const name of WASM_COPY_NAMES) {
      if (mode !== 'filter-only' && getKernel(name, 'wasm') !== undefined) install(copyConfig(name));
      else restore('wasm', name);
    }
    for (const name of WASM_FORWARD_NAMES) {
      if (mode !== 'filter-only' && getKernel(name, 'wasm') !== undefined) install(forwardConfig(name));
      else restore('wasm', name);
    }
  }
}

/** Puts back the kernels that were registered before ours (none for wasm's filter gradient). */
export function unregisterCourseKernels(options: { backends?: CourseKernelBackend[] } = {}): void {
  for (const backend of options.backends ?? ['wasm', 'cpu']) {
    for (const name of KERNEL_NAMES) restore(backend, name);
    if (backend === 'wasm') for (const name of [...WASM_COPY_NAMES, ...WASM_FORWARD_NAMES]) restore(backend, name);
  }
}

/** True when our kernel `name` is the one registered for `backend` now. */
export function isCourseKernelActive(backend: CourseKernelBackend, name: (typeof KERNEL_NAMES)[number] | (typeof WASM_COPY_NAMES)[number] | ForwardKernelName): boolean {
  const config = ourKernels.get(keyOf(backend, name));
  return config !== undefined && getKernel(name, backend) === config;
}
