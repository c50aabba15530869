import { describe, expect, it } from 'vitest';
import { estimateDeviceSpeed } from '../../../src/lib/plan/deviceSpeed';
import { estimateMsPerStep64 } from '../../../src/lib/plan/stepCost';

describe('estimateDeviceSpeed', () => {
  it('is the step estimate for the backend and threads, never a measurement', () => {
    for (const [backend, threads] of [['wasm', 1], ['wasm', 4], ['webgpu', 1], ['cpu', 1]] as const) {
      expect(estimateDeviceSpeed({ backend, threads, webglRenderer: null })).toEqual({ msPerStep64: estimateMsPerStep64({ backend, threads }), measured: false, backend, threads });
    }
  });

  it('plans software WebGL at its own speed, a hardware renderer at a GPU\'s', () => {
    const software = estimateMsPerStep64({ backend: 'webgl', softwareRenderer: true });
    for (const renderer of ['Google SwiftShader', 'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero)), SwiftShader driver)', 'llvmpipe (LLVM 15.0.6, 256 bits)', 'Microsoft Basic Render Driver']) {
      expect(estimateDeviceSpeed({ backend: 'webgl', threads: 1, webglRenderer: renderer }).msPerStep64).toBe(software);
    }
    const gpu = estimateMsPerStep64({ backend: 'webgl' });
    expect(estimateDeviceSpeed({ backend: 'webgl', threads: 1, webglRenderer: 'ANGLE (NVIDIA, NVIDIA GeForce RTX 3060)' }).msPerStep64).toBe(gpu);
    expect(estimateDeviceSpeed({ backend: 'webgl', threads: 1, webglRenderer: null }).msPerStep64).toBe(gpu);
    // The renderer matters only to WebGL.
    expect(estimateDeviceSpeed({ backend: 'wasm', threads: 2, webglRenderer: 'Google SwiftShader' }).msPerStep64).toBe(estimateMsPerStep64({ backend: 'wasm', threads: 2 }));
  });
});
