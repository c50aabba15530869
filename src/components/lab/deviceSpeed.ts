/**
 * How fast this device trains: measured once per backend by the engine when it can
 * (`client.measureSpeed`, feature-detected), otherwise estimated from the backend report.
 * One measurement serves every panel on the page.
 */
import type { EngineReport } from '../../client/trainingClient';
import type { ModelKind } from '../../lib/train/types';
import { estimateMsPerStep64, REFERENCE_BATCH, REFERENCE_SIZE, type BackendKind } from './defaults';
import { activeRunId, getClient } from './session';

export interface DeviceSpeed {
  /** One training step of 16 slices at 64×64. */
  msPerStep64: number;
  measured: boolean;
  backend: BackendKind;
  threads: number;
}

interface SpeedProbe {
  measureSpeed(options: { model: ModelKind; height: number; width: number; batchSize: number; steps: number }): Promise<{ msPerStep: number }>;
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
 * Measures a few steps of the skip model at 64×64, batch 16, when the client offers measureSpeed
 * and nothing is training; otherwise (or if measuring fails) resolves with the estimate.
 */
export function deviceSpeed(report: EngineReport): Promise<DeviceSpeed> {
  const key = `${report.backend}:${report.threads}`;
  const known = cache.get(key);
  if (known) return known;
  const estimate = estimatedSpeed(report);
  const client = getClient() as unknown as Partial<SpeedProbe>;
  if (typeof client.measureSpeed !== 'function' || activeRunId.value !== null) return Promise.resolve(estimate);
  const measuring = client
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
