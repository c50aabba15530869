/**
 * How fast this device trains, for the panels' suggested settings: the estimate for the device
 * class (backend, threads), never a timing taken on page load (see deviceSpeed).
 */
import type { EngineReport } from '../../client/trainingClient';
import { estimateMsPerStep64, type BackendKind } from './defaults';

export interface DeviceSpeed {
  /** One training step of 16 slices at 64×64. */
  msPerStep64: number;
  measured: boolean;
  backend: BackendKind;
  threads: number;
}

const SOFTWARE_RENDERER = /swiftshader|llvmpipe|softpipe|software|basic render/i;
const cache = new Map<string, Promise<DeviceSpeed>>();

/** The estimate for an engine report (no measurement). */
export function estimatedSpeed(report: Pick<EngineReport, 'backend' | 'threads' | 'capabilities'>): DeviceSpeed {
  const renderer = report.capabilities.webglRenderer;
  const softwareRenderer = report.backend === 'webgl' && renderer !== null && SOFTWARE_RENDERER.test(renderer);
  return {
    msPerStep64: estimateMsPerStep64({ backend: report.backend, threads: report.threads, softwareRenderer }),
    measured: false,
    backend: report.backend,
    threads: report.threads,
  };
}

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
  const estimate = Promise.resolve(estimatedSpeed(report));
  cache.set(key, estimate);
  return estimate;
}

/** Settles when no speed measurement is in flight (a run must not start while the engine is timing steps). */
export function measurementsSettled(): Promise<unknown> {
  return Promise.allSettled([...cache.values()]);
}
