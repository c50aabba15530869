import { describe, expect, it } from 'vitest';
import { prepareWasmThreads } from '../../../src/lib/kernels/wasmThreads';

describe('prepareWasmThreads', () => {
  it('leaves a page that is not cross-origin isolated alone (1 thread)', () => {
    const navigator = { hardwareConcurrency: 2 };
    expect(prepareWasmThreads({ navigator, crossOriginIsolated: false }).threads).toBe(1);
    expect(navigator.hardwareConcurrency).toBe(2);
  });

  it('uses both cores of a 2-core machine by making tfjs see 4 (it keeps half)', () => {
    const navigator = { hardwareConcurrency: 2 };
    const plan = prepareWasmThreads({ navigator, crossOriginIsolated: true });
    expect(plan.threads).toBe(2);
    expect(navigator.hardwareConcurrency).toBe(4);
  });

  it('keeps one core for the page above 2 cores, honours an explicit count, and stops at 8', () => {
    const eight = { hardwareConcurrency: 8 };
    expect(prepareWasmThreads({ navigator: eight, crossOriginIsolated: true }).threads).toBe(7);
    expect(eight.hardwareConcurrency).toBe(14);
    const four = { hardwareConcurrency: 4 };
    expect(prepareWasmThreads({ navigator: four, crossOriginIsolated: true }, 2).threads).toBe(2);
    expect(four.hardwareConcurrency).toBe(4); // 2 threads need 4 reported: already true, untouched
    expect(prepareWasmThreads({ navigator: { hardwareConcurrency: 64 }, crossOriginIsolated: true }).threads).toBe(8);
  });
});
