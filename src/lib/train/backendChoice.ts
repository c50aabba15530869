/**
 * Which TensorFlow.js backend a device should train on, decided from plain facts about the device.
 * Pure: the page (or a worker) detects the capabilities and passes them in, so the same rules run
 * on the home page's hardware check, in the training engine and in Node tests.
 */

export type BackendName = 'webgpu' | 'webgl' | 'wasm' | 'cpu';

/** What the browser reported; every field is plain data so it can cross a worker boundary. */
export interface BackendCapabilities {
  /** `navigator.gpu.requestAdapter()` returned an adapter. */
  webgpuAdapter: boolean;
  /** The adapter as the browser describes it (vendor / architecture / device / description), or null when unknown. */
  webgpuAdapterName?: string | null;
  /** The adapter says it is a fallback adapter (`isFallbackAdapter`: a software implementation). */
  webgpuFallbackAdapter?: boolean;
  /** A tiny gradient computation on WebGPU matched the CPU: true, false, or null when not run yet. */
  webgpuSmokeTestPassed: boolean | null;
  /** A WebGL 2 context could be created. */
  webgl2: boolean;
  /** The WebGL renderer string (unmasked where allowed), or null when unknown. */
  webglRenderer: string | null;
  /** Float32 textures can be rendered to (`EXT_color_buffer_float`), which TensorFlow.js needs to train. */
  webglFloat32RenderTarget: boolean;
  /** WebAssembly is available at all. */
  wasm: boolean;
  /** WebAssembly SIMD validates. */
  wasmSimd: boolean;
  /** The page is cross-origin isolated, so SharedArrayBuffer and wasm threads work. */
  crossOriginIsolated: boolean;
  /** `navigator.hardwareConcurrency` (logical cores); 0 or less when unknown. */
  hardwareConcurrency: number;
}

export interface BackendChoice {
  backend: BackendName;
  /** One or two sentences: why this backend and not a faster one. */
  reason: string;
  /** What the learner should expect in practice (estimates, stated as such). */
  expectation: string;
  /** Threads the wasm backend will use; 1 for every other backend. */
  threads: number;
}

/**
 * Most threads the wasm backend is given: 8 keeps a big workstation from starving its own page
 * (and is the pthread pool tfjs pre-creates).
 */
export const MAX_WASM_THREADS = 8;

const SOFTWARE_RENDERER = /swiftshader|llvmpipe|lavapipe|softpipe|software|basic render/i;

/** True when a WebGL renderer string names a CPU rasteriser (SwiftShader, llvmpipe, Microsoft Basic Render …). */
export function isSoftwareRenderer(renderer: string): boolean {
  return SOFTWARE_RENDERER.test(renderer);
}

/** True when the WebGPU adapter is a software one (a fallback adapter, or SwiftShader/llvmpipe by name). */
export function isSoftwareWebgpu(caps: Pick<BackendCapabilities, 'webgpuAdapterName' | 'webgpuFallbackAdapter'>): boolean {
  return caps.webgpuFallbackAdapter === true || (typeof caps.webgpuAdapterName === 'string' && isSoftwareRenderer(caps.webgpuAdapterName));
}

/**
 * Threads the training engine's wasm backend runs with: every logical core up to 2, one fewer above
 * 2 (the page keeps one), at most MAX_WASM_THREADS; 1 when the page is not cross-origin isolated.
 * The engine's worker asks for this many (src/lib/kernels/wasmThreads.ts, `prepareWasmThreads`,
 * which lifts tfjs-wasm's own cap of half the cores).
 */
export function wasmThreadCount(caps: Pick<BackendCapabilities, 'crossOriginIsolated' | 'hardwareConcurrency'>): number {
  if (!caps.crossOriginIsolated) return 1;
  const cores = Number.isFinite(caps.hardwareConcurrency) ? Math.floor(caps.hardwareConcurrency) : 0;
  return Math.min(MAX_WASM_THREADS, Math.max(1, cores <= 2 ? cores : cores - 1));
}

function whyNotWebgpu(caps: BackendCapabilities): string {
  if (!caps.webgpuAdapter) return 'No WebGPU adapter is available.';
  if (isSoftwareWebgpu(caps)) {
    return `WebGPU runs on a software adapter (${caps.webgpuAdapterName ?? 'a fallback adapter'}), which trains far slower than WebAssembly, so it is not used.`;
  }
  if (caps.webgpuSmokeTestPassed === null) return 'WebGPU is available and will be tried when a demo starts, once a quick gradient test passes.';
  return 'WebGPU is available but failed a quick gradient test, so it is not trusted for training.';
}

function whyNotWebgl(caps: BackendCapabilities): string {
  if (!caps.webgl2) return 'WebGL 2 is not available.';
  if (caps.webglRenderer !== null && isSoftwareRenderer(caps.webglRenderer)) {
    return `WebGL runs on a software renderer (${caps.webglRenderer}), which trains about ten times slower than WebAssembly.`;
  }
  return 'The graphics card cannot render to float32 textures, which training on WebGL needs.';
}

/**
 * Picks the fastest trustworthy backend for training from detected capabilities; pure and
 * deterministic. Software adapters and renderers are never picked. `wasmThreads`, when the engine
 * knows it, is the thread count the wasm backend actually runs with (else wasmThreadCount's).
 */
export function chooseBackend(caps: BackendCapabilities, options: { wasmThreads?: number } = {}): BackendChoice {
  if (caps.webgpuAdapter && caps.webgpuSmokeTestPassed === true && !isSoftwareWebgpu(caps)) {
    return {
      backend: 'webgpu',
      reason: 'A WebGPU adapter is present and passed a quick gradient test.',
      expectation:
        'Training runs on your graphics card. A training step at 128×128 should take a fraction of a second (an estimate: we could not measure a real GPU).',
      threads: 1,
    };
  }

  const webglUsable =
    caps.webgl2 &&
    caps.webglFloat32RenderTarget &&
    !(caps.webglRenderer !== null && isSoftwareRenderer(caps.webglRenderer));
  if (webglUsable) {
    const renderer = caps.webglRenderer === null ? 'a GPU whose name the browser hides' : caps.webglRenderer;
    return {
      backend: 'webgl',
      reason: `${whyNotWebgpu(caps)} WebGL 2 runs on ${renderer} with float32 render targets.`,
      expectation:
        'Training runs on your graphics card. A training step at 128×128 should take well under a second (an estimate: we could not measure a real GPU).',
      threads: 1,
    };
  }

  if (caps.wasm) {
    const threads = options.wasmThreads ?? wasmThreadCount(caps);
    const cores = caps.hardwareConcurrency > 0 ? `${caps.hardwareConcurrency} logical core${caps.hardwareConcurrency === 1 ? '' : 's'}` : 'an unknown number of cores';
    const threadNote = caps.crossOriginIsolated
      ? `${threads} thread${threads === 1 ? '' : 's'} (your device has ${cores}; the page is cross-origin isolated)`
      : `${threads} thread${threads === 1 ? '' : 's'}, because the page is not cross-origin isolated (threads need it)`;
    const speed = caps.wasmSimd
      ? threads >= 2
        ? 'Expect about 0.3 s per training step at 64×64 and about 1.1 s at 128×128 for the skip model (batch 16; measured in Chromium with 2 threads on a quiet 2-core laptop-class machine)'
        : 'Expect about 0.7 s per training step at 64×64 and about 3 s at 128×128 (batch 16; from a one-thread CPU profile on a 2-core laptop-class machine)'
      : 'Without SIMD, expect several seconds per training step at 64×64 and more at 128×128';
    return {
      backend: 'wasm',
      reason: `${whyNotWebgpu(caps)} ${whyNotWebgl(caps)} WebAssembly${caps.wasmSimd ? ' with SIMD' : ''} runs on the CPU with ${threadNote}.`,
      expectation: `${speed}. Each training panel estimates its own model, image size and batch from this, and goes by the steps it measures once a run has started.`,
      threads,
    };
  }

  return {
    backend: 'cpu',
    reason: `${whyNotWebgpu(caps)} ${whyNotWebgl(caps)} WebAssembly is not available either.`,
    expectation:
      'Only the plain JavaScript backend is left, which is far too slow to train the lesson models (tens of seconds per step). You can still read the lessons; for the demos, use a recent Chrome, Edge, Firefox or Safari.',
    threads: 1,
  };
}
