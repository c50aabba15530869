/**
 * How fast this device trains, for the panels' suggested settings: the plan's estimate for the device
 * class (src/lib/plan/deviceSpeed), kept per backend and thread count for the page.
 */
import type { EngineReport } from '../../client/trainingClient';
import { estimateDeviceSpeed, type DeviceSpeed } from '../../lib/plan/deviceSpeed';

const cache = new Map<string, Promise<DeviceSpeed>>();

/**
 * The speed the panels plan with: the estimate for this device class (backend and thread count),
 * so that the suggested settings are the same on every visit. Timing a few steps on page load
 * flipped them between visits on the same machine (3, 4, 5 or 7 epochs), because a shared or busy
 * machine times differently each time; the run itself reports the real time per epoch.
 */
export function deviceSpeed(report: EngineReport): Promise<DeviceSpeed> {
  const key = `${report.backend}:${report.threads}`;
  const known = cache.get(key);
  if (known) return known;
  const estimate = Promise.resolve(estimateDeviceSpeed({ backend: report.backend, threads: report.threads, webglRenderer: report.capabilities.webglRenderer }));
  cache.set(key, estimate);
  return estimate;
}

/** Settles when no speed measurement is in flight (a run must not start while the engine is timing steps). */
export function measurementsSettled(): Promise<unknown> {
  return Promise.allSettled([...cache.values()]);
}
