import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { isCourseKernelActive, unregisterCourseKernels } from '../../../src/lib/kernels';
import { setupBackend } from '../../../src/lib/train/backend';
import { gradientSmokeTest } from '../../../src/lib/train/backendSmokeTest';
import type { BackendCapabilities } from '../../../src/lib/train/backendChoice';
import { SettingsError } from '../../../src/lib/errors';

/** What Node offers: no GPU at all, wasm with SIMD, not cross-origin isolated. */
const nodeCaps: BackendCapabilities = {
  webgpuAdapter: false,
  webgpuSmokeTestPassed: null,
  webgl2: false,
  webglRenderer: null,
  webglFloat32RenderTarget: false,
  wasm: true,
  wasmSimd: true,
  crossOriginIsolated: false,
  hardwareConcurrency: 2,
};

describe('setupBackend', () => {
  it('picks wasm when the capabilities show no GPU, and says why', async () => {
    const logs: string[] = [];
    const report = await setupBackend({ capabilities: nodeCaps, onLog: (m) => logs.push(m) });
    expect(report.backend).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(report.preferred).toBe('auto');
    expect(report.attempts).toEqual([expect.objectContaining({ backend: 'wasm', ok: true })]);
    expect(report.reason).toMatch(/No WebGPU adapter/);
    expect(report.reason).toMatch(/WebGL 2 is not available/);
    expect(report.capabilities).toEqual(nodeCaps);
    expect(report.smokeTests).toEqual([]);
    // Node runs the single-threaded SIMD build (the threaded one cannot start there).
    expect(report.threads).toBe(1);
    expect(report.wasmSimd).toBe(true);
    expect(report.wasmMultithreaded).toBe(false);
    expect(report.tfjsVersion).toBe(tf.version.tfjs);
    expect(logs.some((m) => m.includes('wasm'))).toBe(true);
  });

  it('reports a failed preference and falls back to wasm', async () => {
    const report = await setupBackend({ preferred: 'webgl', capabilities: nodeCaps });
    expect(report.backend).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(report.attempts.map((a) => [a.backend, a.ok])).toEqual([
      ['webgl', false],
      ['wasm', true],
    ]);
    expect(report.attempts[0].detail).toMatch(/failed to start/);
    expect(report.reason).toMatch(/Tried first: webgl/);
  });

  it('does not trust a WebGPU adapter that cannot start, and reports the smoke test as failed', async () => {
    const report = await setupBackend({ capabilities: { ...nodeCaps, webgpuAdapter: true } });
    expect(report.backend).toBe('wasm');
    expect(report.attempts.map((a) => a.backend)).toEqual(['webgpu', 'wasm']);
    expect(report.attempts[0].ok).toBe(false);
  });

  it('honours an explicit cpu preference and warns that it is slow', async () => {
    const report = await setupBackend({ preferred: 'cpu', capabilities: nodeCaps });
    expect(report.backend).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    expect(report.reason).toMatch(/far too slow/);
    expect(report.threads).toBe(1);
    expect(report.wasmSimd).toBeNull();
    await setupBackend({ preferred: 'wasm', capabilities: nodeCaps });
    expect(tf.getBackend()).toBe('wasm');
  });

  it('falls through to cpu when wasm is not available', async () => {
    const report = await setupBackend({ capabilities: { ...nodeCaps, wasm: false } });
    expect(report.backend).toBe('cpu');
    expect(report.expectation).toMatch(/too slow/);
    await setupBackend({ preferred: 'wasm', capabilities: nodeCaps });
  });

  it('rejects an unknown preference with a SettingsError', async () => {
    // @ts-expect-error an invalid value, as it could arrive from a message
    await expect(setupBackend({ preferred: 'tpu', capabilities: nodeCaps })).rejects.toBeInstanceOf(SettingsError);
  });
});

describe('setupBackend and the course kernels', () => {
  it('installs them on wasm only, so the cpu reference of the smoke test runs stock kernels; on cpu when cpu is chosen', async () => {
    unregisterCourseKernels({ backends: ['cpu'] }); // an earlier test chose cpu
    await setupBackend({ preferred: 'wasm', capabilities: nodeCaps });
    expect(isCourseKernelActive('wasm', 'Conv2DBackpropFilter')).toBe(true);
    expect(isCourseKernelActive('wasm', 'Conv2DBackpropInput')).toBe(true);
    expect(isCourseKernelActive('cpu', 'Conv2DBackpropFilter')).toBe(false);
    expect(isCourseKernelActive('cpu', 'Conv2DBackpropInput')).toBe(false);
    await setupBackend({ preferred: 'cpu', capabilities: nodeCaps });
    expect(isCourseKernelActive('cpu', 'Conv2DBackpropInput')).toBe(true);
    await setupBackend({ preferred: 'wasm', capabilities: nodeCaps });
  });
});

describe('gradientSmokeTest', () => {
  it('passes for wasm against cpu (the course kernels agree with the reference)', async () => {
    await setupBackend({ preferred: 'wasm', capabilities: nodeCaps });
    const before = tf.memory().numTensors;
    const result = await gradientSmokeTest('wasm');
    expect(result.detail).toBe('');
    expect(result.passed).toBe(true);
    expect(result.maxRelativeError).toBeLessThan(1e-5);
    expect(tf.getBackend()).toBe('wasm');
    expect(tf.memory().numTensors).toBe(before);
  });

  it('fails, without throwing, for a backend that does not exist', async () => {
    const result = await gradientSmokeTest('no-such-backend');
    expect(result.passed).toBe(false);
    expect(result.detail).not.toBe('');
    await setupBackend({ preferred: 'wasm', capabilities: nodeCaps });
  });
});
