/**
 * How fast this device trains, as the plans use it: the estimate for the device class (backend,
 * threads, whether WebGL renders in software), never a timing taken on page load.
 */
import type { BackendName } from '../train/backendChoice';
import { estimateMsPerStep64 } from './stepCost';

export interface DeviceSpeed {
  /** One training step of 16 slices at 64×64. */
  msPerStep64: number;
  measured: boolean;
  backend: BackendName;
  threads: number;
}

// The renderers that speed estimates treat as software WebGL (SwiftShader's 44 s step, not a GPU's 0.2 s).
const SOFTWARE_RENDERER = /swiftshader|llvmpipe|softpipe|software|basic render/i;

/** The estimated speed of an engine on `backend` with `threads`, its WebGL renderer named by the browser (or null). */
export function estimateDeviceSpeed({ backend, threads, webglRenderer }: { backend: BackendName; threads: number; webglRenderer: string | null }): DeviceSpeed {
  const softwareRenderer = backend === 'webgl' && webglRenderer !== null && SOFTWARE_RENDERER.test(webglRenderer);
  return { msPerStep64: estimateMsPerStep64({ backend, threads, softwareRenderer }), measured: false, backend, threads };
}
