import type { BackendCapabilities } from '../../src/lib/train/backendChoice';

/** What Node offers an engine in the unit tests: WebAssembly with SIMD on two threads, no GPU. */
export const NODE_CAPABILITIES: Readonly<BackendCapabilities> = Object.freeze({
  webgpuAdapter: false, webgpuSmokeTestPassed: null, webgl2: false, webglRenderer: null, webglFloat32RenderTarget: false,
  wasm: true, wasmSimd: true, crossOriginIsolated: false, hardwareConcurrency: 2,
});
