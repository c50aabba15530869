import { describe, expect, it } from 'vitest';
import { backendFacts, deviceOf, formatDiagnostics, onRealGpu } from '../../../src/client/diagnostics';
import type { EngineReport } from '../../../src/client/trainingClient';

const wasmReport: EngineReport = {
  backend: 'wasm', preferred: 'auto',
  reason: 'WebGPU runs on a software adapter (google / swiftshader), which trains far slower than WebAssembly, so it is not used. WebAssembly with SIMD runs on the CPU with 2 threads (your device has 2 logical cores; the page is cross-origin isolated).',
  expectation: 'Expect roughly 1 s per training step at 64×64.',
  attempts: [{ backend: 'wasm', ok: true, detail: 'It started.', durationMs: 120 }],
  capabilities: {
    webgpuAdapter: true, webgpuAdapterName: 'google / swiftshader', webgpuFallbackAdapter: true, webgpuSmokeTestPassed: null,
    webgl2: true, webglRenderer: 'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero)), SwiftShader driver)', webglFloat32RenderTarget: true,
    wasm: true, wasmSimd: true, crossOriginIsolated: true, hardwareConcurrency: 2,
  },
  smokeTests: [], threads: 2, wasmSimd: true, wasmMultithreaded: true, tfjsVersion: '4.22.0',
  host: 'worker', hostReason: 'Training runs in a background worker.',
};

describe('backendFacts', () => {
  it('lists backend, threads of cores, isolation, host and the measured step time, in agreement with the report', () => {
    const facts = Object.fromEntries(backendFacts(wasmReport, { msPerStep: 870, measured: true, what: 'skip model, 64×64, batch 16' }));
    expect(facts).toEqual({
      Backend: 'WebAssembly',
      Threads: '2 threads of 2 logical cores',
      'Cross-origin isolated': 'yes',
      'Engine runs': 'in a background worker',
      'Step time': '870 ms per step (skip model, 64×64, batch 16; measured here)',
    });
    expect(wasmReport.reason).toContain('2 threads');
  });

  it('names the GPU for the GPU backends and flags software ones', () => {
    const webgpu = { ...wasmReport, backend: 'webgpu' as const, threads: 1 };
    expect(deviceOf(webgpu)).toBe('google / swiftshader (software, no GPU)');
    expect(deviceOf({ ...webgpu, capabilities: { ...webgpu.capabilities, webgpuAdapterName: 'nvidia / ampere', webgpuFallbackAdapter: false } })).toBe('nvidia / ampere');
    const facts = Object.fromEntries(backendFacts({ ...wasmReport, backend: 'webgl', threads: 1 }, { msPerStep: 44_000, measured: false, what: 'x' }));
    expect(facts.Renderer).toMatch(/SwiftShader driver\) \(software, no GPU\)$/);
    expect(facts['Step time']).toBe('44 s per step (x; an estimate, not measured)');
    expect(deviceOf(wasmReport)).toBeNull();
  });
});

describe('onRealGpu', () => {
  it('is true only for a GPU backend on a real device', () => {
    const caps = wasmReport.capabilities;
    expect(onRealGpu(wasmReport)).toBe(false);
    expect(onRealGpu({ backend: 'webgl', capabilities: caps })).toBe(false);
    expect(onRealGpu({ backend: 'webgpu', capabilities: caps })).toBe(false);
    expect(onRealGpu({ backend: 'webgl', capabilities: { ...caps, webglRenderer: 'ANGLE (NVIDIA, NVIDIA GeForce RTX 3060 Direct3D11 vs_5_0 ps_5_0, D3D11)' } })).toBe(true);
    expect(onRealGpu({ backend: 'webgl', capabilities: { ...caps, webglRenderer: null } })).toBe(true);
    expect(onRealGpu({ backend: 'webgpu', capabilities: { ...caps, webgpuAdapterName: 'apple / metal-3', webgpuFallbackAdapter: false } })).toBe(true);
  });
});

describe('formatDiagnostics', () => {
  it('holds the page, browser, versions, the facts, the reasons and what the browser offers', () => {
    const text = formatDiagnostics(wasmReport, null, { url: 'http://localhost/lessons/segmentation/', userAgent: 'TestBrowser/1.0', courseVersion: '0.1.0' });
    for (const expected of [
      'Page: http://localhost/lessons/segmentation/', 'Browser: TestBrowser/1.0', 'Course: 0.1.0', 'TensorFlow.js: 4.22.0',
      'Backend: WebAssembly', 'Threads: 2 threads of 2 logical cores', 'Step time: not measured yet', 'Requested: auto',
      'wasm SIMD: yes; threaded build: yes', `Why: ${wasmReport.reason}`, 'wasm: ok in 120 ms (It started.)',
      'WebGPU adapter: google / swiftshader (fallback adapter)', 'float32 render targets: yes', 'logical cores: 2',
    ]) expect(text).toContain(expected);
  });
});
