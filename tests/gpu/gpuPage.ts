/** Entry of the backend comparison page (bundled by scripts/gpuCheckHarness.ts): exposes `courseGpu.run`. */
import { runBackends, runFault, type FaultResult } from './backendRun';
import type { BackendRunResult, CompareConfig } from './compareRuns';

async function run(config: CompareConfig): Promise<BackendRunResult[]> {
  return runBackends(config, new URL('wasm/', location.href).href, (line) => console.log(line));
}

async function fault(config: CompareConfig, backend: 'webgl' | 'webgpu'): Promise<FaultResult> {
  return runFault(config, backend, new URL('wasm/', location.href).href, (line) => console.log(line));
}

(globalThis as unknown as { courseGpu: { run: typeof run; fault: typeof fault } }).courseGpu = { run, fault };
