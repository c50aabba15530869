/**
 * Detects what this browser offers for training, with browser APIs only (no TensorFlow.js), and
 * asks the shared backend rules which backend a demo would use. Cheap enough for the home page.
 */
import { chooseBackend, isSoftwareRenderer, type BackendCapabilities, type BackendChoice } from '../lib/train/backendChoice';

export interface HardwareReport {
  capabilities: BackendCapabilities;
  choice: BackendChoice;
  /** `navigator.deviceMemory` in GiB (Chromium only, rounded down and capped by the browser), or null. */
  deviceMemoryGiB: number | null;
  /** The renderer string is a software rasteriser. */
  softwareRenderer: boolean;
}

/** A minimal view of WebGPU, so the page does not need the full WebGPU type package. */
interface AdapterLike {
  info?: { vendor?: string; architecture?: string; device?: string; description?: string; isFallbackAdapter?: boolean };
  isFallbackAdapter?: boolean;
}
interface GpuLike {
  requestAdapter(): Promise<AdapterLike | null>;
}

/** What the WebGPU probe found: whether there is an adapter, its name, and whether it is a software fallback. */
export interface WebgpuFacts {
  adapter: boolean;
  /** vendor / architecture / device / description, as far as the browser tells. */
  name: string | null;
  fallback: boolean;
}

/**
 * A module with one function returning `v128.const 0`: it validates only where wasm SIMD is
 * supported.
 */
const SIMD_PROBE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version 1
  0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b, // type section: () -> v128
  0x03, 0x02, 0x01, 0x00, // function section: one function of type 0
  0x0a, 0x16, 0x01, 0x14, 0x00, // code section: one body of 20 bytes, no locals
  0xfd, 0x0c, ...new Array<number>(16).fill(0), // v128.const with 16 zero bytes
  0x0b, // end
]);

const ADAPTER_TIMEOUT_MS = 3000;

/** Asks for a WebGPU adapter (at most ADAPTER_TIMEOUT_MS) and describes it. */
export async function probeWebgpu(): Promise<WebgpuFacts> {
  const none: WebgpuFacts = { adapter: false, name: null, fallback: false };
  const gpu = (navigator as unknown as { gpu?: GpuLike }).gpu;
  if (!gpu) return none;
  try {
    // Some drivers never answer; a missing answer counts as no adapter.
    const timeout = new Promise<null>((resolve) => setTimeout(() => resolve(null), ADAPTER_TIMEOUT_MS));
    const adapter = await Promise.race([gpu.requestAdapter(), timeout]);
    if (adapter === null || adapter === undefined) return none;
    const info = adapter.info ?? {};
    const parts = [info.vendor, info.architecture, info.device, info.description].filter((p): p is string => typeof p === 'string' && p.length > 0);
    // isFallbackAdapter moved from the adapter to its info in 2024; read both.
    const fallback = info.isFallbackAdapter === true || adapter.isFallbackAdapter === true;
    return { adapter: true, name: parts.length > 0 ? [...new Set(parts)].join(' / ') : null, fallback };
  } catch {
    return none;
  }
}

interface WebglFacts {
  webgl2: boolean;
  renderer: string | null;
  float32: boolean;
}

function probeWebgl(): WebglFacts {
  const canvas = document.createElement('canvas');
  let gl: WebGL2RenderingContext | null = null;
  try {
    gl = canvas.getContext('webgl2');
  } catch {
    gl = null;
  }
  if (!gl) return { webgl2: false, renderer: null, float32: false };
  try {
    const debug = gl.getExtension('WEBGL_debug_renderer_info');
    const raw: unknown = debug ? gl.getParameter(debug.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER);
    const renderer = typeof raw === 'string' && raw.length > 0 ? raw : null;
    const float32 = gl.getExtension('EXT_color_buffer_float') !== null;
    return { webgl2: true, renderer, float32 };
  } finally {
    // Browsers allow only a handful of live contexts; give this one back at once.
    gl.getExtension('WEBGL_lose_context')?.loseContext();
  }
}

function probeWasm(): { wasm: boolean; simd: boolean } {
  if (typeof WebAssembly !== 'object') return { wasm: false, simd: false };
  try {
    return { wasm: true, simd: WebAssembly.validate(SIMD_PROBE) };
  } catch {
    return { wasm: true, simd: false };
  }
}

/** Probes the browser (WebGPU adapter, WebGL 2 renderer, wasm SIMD, isolation, cores) and picks a backend. */
export async function detectHardware(): Promise<HardwareReport> {
  const webgpu = await probeWebgpu();
  const webgl = probeWebgl();
  const wasm = probeWasm();
  const capabilities: BackendCapabilities = {
    webgpuAdapter: webgpu.adapter,
    webgpuAdapterName: webgpu.name,
    webgpuFallbackAdapter: webgpu.fallback,
    // Running the gradient test needs TensorFlow.js, which only a demo loads.
    webgpuSmokeTestPassed: null,
    webgl2: webgl.webgl2,
    webglRenderer: webgl.renderer,
    webglFloat32RenderTarget: webgl.float32,
    wasm: wasm.wasm,
    wasmSimd: wasm.simd,
    crossOriginIsolated: globalThis.crossOriginIsolated === true,
    hardwareConcurrency: navigator.hardwareConcurrency || 0,
  };
  const memory = (navigator as Navigator & { deviceMemory?: number }).deviceMemory;
  return {
    capabilities,
    choice: chooseBackend(capabilities),
    deviceMemoryGiB: typeof memory === 'number' && memory > 0 ? memory : null,
    softwareRenderer: webgl.renderer !== null && isSoftwareRenderer(webgl.renderer),
  };
}

export type { BackendCapabilities, BackendChoice, BackendName } from '../lib/train/backendChoice';
export { isSoftwareWebgpu } from '../lib/train/backendChoice';
