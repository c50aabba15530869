import { describe, expect, it } from 'vitest';
import {
  estimateMsPerStep64, formatStep, msPerStepAt, PIXEL_SIZE_EXPONENT, REFERENCE_BATCH, REFERENCE_SIZE, sizeExponentFor, WASM_SIZE_EXPONENT,
} from '../../../src/lib/plan/stepCost';

describe('estimateMsPerStep64', () => {
  it('is calibrated on the wasm measurements of docs/performance.md: 456 ms on one thread, 323 ms on two', () => {
    expect(estimateMsPerStep64({ backend: 'wasm', threads: 1 })).toBe(456);
    expect(estimateMsPerStep64({ backend: 'wasm', threads: 2 })).toBe(323);
  });

  it('gets faster with every doubling of wasm threads, by the same factor as from one to two', () => {
    const times = [1, 2, 4, 8].map((threads) => estimateMsPerStep64({ backend: 'wasm', threads }));
    for (let i = 1; i < times.length; i++) {
      expect(times[i]).toBeLessThan(times[i - 1]);
      expect(times[i] / times[i - 1]).toBeCloseTo(323 / 456, 2);
    }
    // No threads reported counts as one.
    expect(estimateMsPerStep64({ backend: 'wasm', threads: 0 })).toBe(estimateMsPerStep64({ backend: 'wasm', threads: 1 }));
  });

  it('puts real GPUs ahead of wasm on a laptop\'s cores, and software WebGL and plain JavaScript far behind it', () => {
    const wasm = estimateMsPerStep64({ backend: 'wasm', threads: 4 });
    for (const backend of ['webgl', 'webgpu'] as const) expect(estimateMsPerStep64({ backend })).toBeLessThan(wasm);
    const oneThread = estimateMsPerStep64({ backend: 'wasm', threads: 1 });
    expect(estimateMsPerStep64({ backend: 'webgl', softwareRenderer: true })).toBeGreaterThan(10 * oneThread);
    expect(estimateMsPerStep64({ backend: 'cpu' })).toBeGreaterThan(10 * oneThread);
  });
});

describe('msPerStepAt', () => {
  it('is the reference step at the reference size and batch', () => {
    for (const exponent of [PIXEL_SIZE_EXPONENT, WASM_SIZE_EXPONENT]) expect(msPerStepAt(900, REFERENCE_SIZE, REFERENCE_BATCH, exponent)).toBe(900);
  });

  it('grows linearly with the batch and with the side to the backend\'s exponent', () => {
    for (const exponent of [PIXEL_SIZE_EXPONENT, WASM_SIZE_EXPONENT]) {
      for (const [size, batch] of [[32, 4], [64, 16], [96, 8], [128, 32]]) {
        const base = msPerStepAt(700, size, batch, exponent);
        expect(msPerStepAt(700, size, 2 * batch, exponent)).toBeCloseTo(2 * base, 9);
        expect(msPerStepAt(700, 2 * size, batch, exponent)).toBeCloseTo(2 ** exponent * base, 9);
      }
    }
    // Without an exponent the pixels count.
    expect(msPerStepAt(700, 128, 16)).toBeCloseTo(4 * 700, 9);
  });

  it('on wasm a doubled side costs more than twice and less than four times as much; elsewhere four times', () => {
    const ratio = (backend: 'wasm' | 'webgl' | 'webgpu' | 'cpu') => msPerStepAt(500, 128, 16, sizeExponentFor(backend)) / msPerStepAt(500, 64, 16, sizeExponentFor(backend));
    expect(ratio('wasm')).toBeGreaterThan(2);
    expect(ratio('wasm')).toBeLessThan(4);
    for (const backend of ['webgl', 'webgpu', 'cpu'] as const) expect(ratio(backend)).toBeCloseTo(4, 9);
  });
});

describe('formatStep', () => {
  it('gives tenths of a second under ten seconds and whole seconds above', () => {
    expect(formatStep(471)).toBe('about 0.5 s');
    expect(formatStep(9_949)).toBe('about 9.9 s');
    expect(formatStep(44_000)).toBe('about 44 s');
  });
});
