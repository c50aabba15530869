import { describe, expect, it } from 'vitest';
import { prepareWasmThreads } from '../../src/lib/kernels/wasmThreads';
import {
  chooseBackend,
  isSoftwareRenderer,
  isSoftwareWebgpu,
  MAX_WASM_THREADS,
  wasmThreadCount,
  type BackendCapabilities,
} from '../../src/lib/train/backendChoice';

/** A laptop with a real GPU, everything available, WebGPU not yet smoke-tested. */
const laptop: BackendCapabilities = {
  webgpuAdapter: true,
  webgpuSmokeTestPassed: null,
  webgl2: true,
  webglRenderer: 'ANGLE (Intel, Intel(R) Iris(R) Xe Graphics Direct3D11 vs_5_0 ps_5_0, D3D11)',
  webglFloat32RenderTarget: true,
  wasm: true,
  wasmSimd: true,
  crossOriginIsolated: true,
  hardwareConcurrency: 8,
};

/** Headless Chromium on the course's CI machines: SwiftShader WebGL, no WebGPU adapter. */
const headless: BackendCapabilities = {
  ...laptop,
  webgpuAdapter: false,
  webglRenderer: 'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)',
  crossOriginIsolated: false,
  hardwareConcurrency: 2,
};

describe('isSoftwareRenderer', () => {
  it.each([
    'Google SwiftShader',
    'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero)), SwiftShader driver)',
    'llvmpipe (LLVM 15.0.6, 256 bits)',
    'Mesa softpipe',
    'Apple Software Renderer',
    'ANGLE (Microsoft, Microsoft Basic Render Driver Direct3D11 vs_5_0 ps_5_0, D3D11)',
  ])('flags %s', (renderer) => {
    expect(isSoftwareRenderer(renderer)).toBe(true);
  });

  it.each(['ANGLE (NVIDIA, NVIDIA GeForce RTX 3060 Direct3D11 vs_5_0 ps_5_0, D3D11)', 'Apple M2', 'Mali-G78', 'AMD Radeon Pro 5500M OpenGL Engine'])(
    'accepts %s',
    (renderer) => {
      expect(isSoftwareRenderer(renderer)).toBe(false);
    },
  );
});

describe('wasmThreadCount', () => {
  it('uses one thread when the page is not cross-origin isolated', () => {
    expect(wasmThreadCount({ crossOriginIsolated: false, hardwareConcurrency: 16 })).toBe(1);
  });

  it('uses every core up to 2, one fewer above, at most the cap, when isolated (what the engine worker asks for)', () => {
    expect(wasmThreadCount({ crossOriginIsolated: true, hardwareConcurrency: 1 })).toBe(1);
    expect(wasmThreadCount({ crossOriginIsolated: true, hardwareConcurrency: 2 })).toBe(2);
    expect(wasmThreadCount({ crossOriginIsolated: true, hardwareConcurrency: 4 })).toBe(3);
    expect(wasmThreadCount({ crossOriginIsolated: true, hardwareConcurrency: 7 })).toBe(6);
    expect(wasmThreadCount({ crossOriginIsolated: true, hardwareConcurrency: 64 })).toBe(MAX_WASM_THREADS);
  });

  it('agrees with the thread count the engine worker requests (prepareWasmThreads)', () => {
    for (let cores = 1; cores <= 16; cores++) {
      const env = { crossOriginIsolated: true, navigator: { hardwareConcurrency: cores } };
      expect(wasmThreadCount({ crossOriginIsolated: true, hardwareConcurrency: cores }), `${cores} cores`).toBe(prepareWasmThreads(env).threads);
    }
  });

  it('falls back to one thread when the core count is unknown', () => {
    expect(wasmThreadCount({ crossOriginIsolated: true, hardwareConcurrency: 0 })).toBe(1);
    expect(wasmThreadCount({ crossOriginIsolated: true, hardwareConcurrency: Number.NaN })).toBe(1);
  });
});

describe('chooseBackend', () => {
  it('picks WebGPU only when an adapter exists and the smoke test passed', () => {
    expect(chooseBackend({ ...laptop, webgpuSmokeTestPassed: true }).backend).toBe('webgpu');
    expect(chooseBackend({ ...laptop, webgpuAdapter: false, webgpuSmokeTestPassed: true }).backend).toBe('webgl');
  });

  it('says WebGPU will be checked later while the smoke test has not run', () => {
    const choice = chooseBackend(laptop);
    expect(choice.backend).toBe('webgl');
    expect(choice.reason).toMatch(/tried when a demo starts/);
    expect(choice.threads).toBe(1);
  });

  it('distrusts WebGPU whose smoke test failed', () => {
    const choice = chooseBackend({ ...laptop, webgpuSmokeTestPassed: false });
    expect(choice.backend).toBe('webgl');
    expect(choice.reason).toMatch(/failed a quick gradient test/);
  });

  it('avoids WebGL on a software renderer and explains why', () => {
    const choice = chooseBackend(headless);
    expect(choice.backend).toBe('wasm');
    expect(choice.reason).toMatch(/software renderer \(ANGLE \(Google, Vulkan/);
    expect(choice.threads).toBe(1);
    expect(choice.reason).toMatch(/not cross-origin isolated/);
  });

  it('avoids WebGL without float32 render targets', () => {
    const choice = chooseBackend({ ...laptop, webgpuAdapter: false, webglFloat32RenderTarget: false });
    expect(choice.backend).toBe('wasm');
    expect(choice.reason).toMatch(/float32/);
    expect(choice.threads).toBe(7);
  });

  it('trusts WebGL when the renderer name is hidden but float32 rendering works', () => {
    const choice = chooseBackend({ ...laptop, webgpuAdapter: false, webglRenderer: null });
    expect(choice.backend).toBe('webgl');
    expect(choice.reason).toMatch(/hides/);
  });

  it('uses wasm threads only when cross-origin isolated', () => {
    const noGpu = { ...laptop, webgpuAdapter: false, webgl2: false };
    expect(chooseBackend(noGpu)).toMatchObject({ backend: 'wasm', threads: 7 });
    expect(chooseBackend({ ...noGpu, crossOriginIsolated: false })).toMatchObject({ backend: 'wasm', threads: 1 });
  });

  it('names the thread count it is told the engine runs with, and the cores, in one consistent sentence', () => {
    const twoCores = { ...headless, crossOriginIsolated: true };
    const predicted = chooseBackend(twoCores);
    expect(predicted).toMatchObject({ backend: 'wasm', threads: 2 });
    expect(predicted.reason).toMatch(/with 2 threads \(your device has 2 logical cores; the page is cross-origin isolated\)/);
    const told = chooseBackend(twoCores, { wasmThreads: 1 });
    expect(told.threads).toBe(1);
    expect(told.reason).toMatch(/with 1 thread \(your device has 2 logical cores/);
    expect(told.reason).not.toMatch(/half/);
  });

  it('never picks a software WebGPU adapter (SwiftShader, a fallback adapter), even when its smoke test passed', () => {
    const swiftshader = { ...headless, webgpuAdapter: true, webgpuSmokeTestPassed: true, webgpuAdapterName: 'google / swiftshader', webgpuFallbackAdapter: false };
    const choice = chooseBackend(swiftshader);
    expect(choice.backend).toBe('wasm');
    expect(choice.reason).toMatch(/WebGPU runs on a software adapter \(google \/ swiftshader\)/);
    expect(chooseBackend({ ...swiftshader, webgpuAdapterName: 'nvidia / ampere', webgpuFallbackAdapter: true }).backend).toBe('wasm');
    expect(chooseBackend({ ...swiftshader, webgpuAdapterName: 'nvidia / ampere' }).backend).toBe('webgpu');
    expect(chooseBackend({ ...swiftshader, webgpuAdapterName: undefined, webgpuFallbackAdapter: undefined }).backend).toBe('webgpu');
  });
});

describe('isSoftwareWebgpu', () => {
  it('flags fallback adapters and software names, and accepts real ones or unknown ones', () => {
    expect(isSoftwareWebgpu({ webgpuFallbackAdapter: true, webgpuAdapterName: 'intel / gen-12lp' })).toBe(true);
    expect(isSoftwareWebgpu({ webgpuAdapterName: 'google / swiftshader / SwiftShader driver 5.0.0' })).toBe(true);
    expect(isSoftwareWebgpu({ webgpuAdapterName: 'mesa / lavapipe' })).toBe(true);
    expect(isSoftwareWebgpu({ webgpuAdapterName: 'apple / metal-3' })).toBe(false);
    expect(isSoftwareWebgpu({})).toBe(false);
  });

  it('still uses wasm without SIMD, with a slower estimate', () => {
    const choice = chooseBackend({ ...headless, wasmSimd: false });
    expect(choice.backend).toBe('wasm');
    expect(choice.expectation).toMatch(/Without SIMD/);
  });

  it('falls back to cpu when nothing else works', () => {
    const choice = chooseBackend({ ...headless, webgl2: false, wasm: false, wasmSimd: false });
    expect(choice).toMatchObject({ backend: 'cpu', threads: 1 });
    expect(choice.expectation).toMatch(/far too slow/);
  });

  it('does not modify its input', () => {
    const caps = { ...headless };
    const frozen = Object.freeze({ ...caps });
    chooseBackend(frozen);
    expect(frozen).toEqual(caps);
  });
});
