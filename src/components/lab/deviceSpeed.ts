/**
 * How fast this device trains: measured once per backend by the engine (`client.measureSpeed`),
 * or estimated from the backend report when measuring is not possible. One measurement serves
 * every panel on the page.
 */
import type { EngineReport } from '../../client/trainingClient';
import { estimateMsPerStep64, REFERENCE_BATCH, REFERENCE_SIZE, type BackendKind } from './defaults';
import { activeRunId } from './page/signals';
import { getClient } from './page/engineStart';

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
 * Measures a few steps of the skip model at 64×64, batch 16, unless something is training (the
 * engine trains one model at a time); resolves with the estimate then, or if measuring fails.
 */
export function deviceSpeed(report: EngineReport): Promise<DeviceSpeed> {
  const key = `${report.backend}:${report.threads}`;
  const known = cache.get(key);
  if (known) return known;
  const estimate = estimatedSpeed(report);
  if (activeRunId.value !== null) return Promise.resolve(estimate);
  const measuring = getClient()
    .measureSpeed({ model: 'skip', height: REFERENCE_SIZE, width: REFERENCE_SIZE, batchSize: REFERENCE_BATCH, steps: 3 })
    .then(
      ({ msPerStep }) => (Number.isFinite(msPerStep) && msPerStep > 0 ? { ...estimate, msPerStep64: msPerStep, measured: true } : estimate),
      () => {
        cache.delete(key);
        return estimate;
      },
    );
  cache.set(key, measuring);
  return measuring;
}

/** Settles when no speed measurement is in flight (a run must not start while the engine is timing steps). */
export function measurementsSettled(): Promise<unknown> {
  return Promise.allSettled([...cache.values()]);
}
