import * as tf from '@tensorflow/tfjs';
import { getThreadsCount, setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { prepareWasmConv, registerCourseKernels } from '../kernels';
import { registerWebgpuKernels } from '../kernels/gpuKernels';
import { SettingsError, TrainingError } from '../errors';
import { chooseBackend, isSoftwareRenderer, isSoftwareWebgpu, type BackendCapabilities, type BackendName } from './backendChoice';
import { gradientSmokeTest, type SmokeTestResult } from './backendSmokeTest';

/** What the learner (or a test) asks for; 'auto' takes the fastest backend that works. */
export type BackendPreference = 'auto' | BackendName;

export const BACKEND_PREFERENCES: readonly BackendPreference[] = ['auto', 'webgpu', 'webgl', 'wasm', 'cpu'];

/** URLs of the wasm backend's binaries, by file name, or one folder prefix for all three. */
export type WasmPaths =
  | string
  | {
      'tfjs-backend-wasm.wasm'?: string;
      'tfjs-backend-wasm-simd.wasm'?: string;
      'tfjs-backend-wasm-threaded-simd.wasm'?: string;
    };

export interface SetupBackendOptions {
  preferred?: BackendPreference;
  /** What the environment reported (see src/client/hardware.ts); plain data. */
  capabilities: BackendCapabilities;
  /** Where the browser finds the wasm binaries; omit in Node (they load from node_modules). */
  wasmPaths?: WasmPaths;
  /** Threads for the wasm backend (tfjs-backend-wasm `setThreadsCount`); only takes effect before wasm first starts. */
  threads?: number;
  onLog?: (message: string) => void;
}

/** One backend that was tried, in order. */
export interface BackendAttempt {
  backend: BackendName;
  ok: boolean;
  /** Why it was accepted or rejected, in a sentence. */
  detail: string;
  durationMs: number;
}

/** Which backend training runs on and why; plain data for the UI's backend badge. */
export interface BackendReport {
  backend: BackendName;
  preferred: BackendPreference;
  /** Why this backend, including what failed before it. */
  reason: string;
  /** What speed to expect (estimates, stated as such). */
  expectation: string;
  /** Every backend tried, in order; all but the last failed. */
  attempts: BackendAttempt[];
  /** The capabilities that were passed in, with the smoke-test result filled in when one ran. */
  capabilities: BackendCapabilities;
  /** Gradient smoke tests that ran (GPU backends only). */
  smokeTests: SmokeTestResult[];
  /** Threads the wasm backend uses (1 for other backends). */
  threads: number;
  /** Whether the wasm backend runs its SIMD build; null for other backends. */
  wasmSimd: boolean | null;
  /** Whether the wasm backend runs its multi-threaded build; null for other backends. */
  wasmMultithreaded: boolean | null;
  tfjsVersion: string;
}

type Outcome = { ok: true; detail: string } | { ok: false; detail: string };

/** Knocks out the capability that made chooseBackend pick `backend`, so the next call picks the next best. */
function withoutBackend(caps: BackendCapabilities, backend: BackendName): BackendCapabilities {
  switch (backend) {
    case 'webgpu':
      return { ...caps, webgpuSmokeTestPassed: false };
    case 'webgl':
      return { ...caps, webgl2: false };
    case 'wasm':
      return { ...caps, wasm: false };
    case 'cpu':
      return caps;
  }
}

/** chooseBackend's expectation for `backend`, asked with capabilities under which it would pick it. */
function expectationFor(backend: BackendName, caps: BackendCapabilities, wasmThreads: number): string {
  const none = { webgpuAdapter: false, webgpuSmokeTestPassed: false, webgl2: false, wasm: false };
  const forced: Record<BackendName, BackendCapabilities> = {
    webgpu: { ...caps, webgpuAdapter: true, webgpuSmokeTestPassed: true, webgpuFallbackAdapter: false, webgpuAdapterName: null },
    webgl: { ...caps, ...none, webgl2: true, webglFloat32RenderTarget: true, webglRenderer: null },
    wasm: { ...caps, ...none, wasm: true },
    cpu: { ...caps, ...none },
  };
  const expectation = chooseBackend(forced[backend], { wasmThreads }).expectation;
  if (backend === 'webgl' && caps.webglRenderer !== null && isSoftwareRenderer(caps.webglRenderer)) {
    return 'WebGL runs on a software renderer here: expect training to be about ten times slower than wasm.';
  }
  if (backend === 'webgpu' && isSoftwareWebgpu(caps)) {
    return 'WebGPU runs on a software adapter here: expect training to be far slower than wasm (seconds per step even on tiny images).';
  }
  return expectation;
}

async function setBackendChecked(name: BackendName): Promise<Outcome> {
  let ok: boolean;
  try {
    ok = await tf.setBackend(name);
    await tf.ready();
  } catch (error) {
    return { ok: false, detail: `It failed to start: ${error instanceof Error ? error.message : String(error)}` };
  }
  // setBackend may resolve false and quietly keep the previous backend: trust only getBackend().
  const active = tf.getBackend();
  if (!ok || active !== name) return { ok: false, detail: `It failed to start (TensorFlow.js stayed on '${active}').` };
  return { ok: true, detail: 'It started.' };
}

/**
 * Registers the course kernels (wasm; cpu only when chosen), then tries backends best first (or the preferred one first):
 * WebGPU after a gradient smoke test, WebGL on a real GPU with float32 render targets, wasm, cpu.
 * Resolves with what is active now and why; throws TrainingError only when no backend starts.
 */
export async function setupBackend(options: SetupBackendOptions): Promise<BackendReport> {
  const preferred = options.preferred ?? 'auto';
  if (!BACKEND_PREFERENCES.includes(preferred)) {
    throw new SettingsError(`Unknown backend '${String(preferred)}'.`, `Choose one of ${BACKEND_PREFERENCES.join(', ')}.`);
  }
  const log = options.onLog ?? (() => {});
  // wasm only: the GPU backends' smoke test compares with the cpu backend, which must run its stock
  // kernels to be an independent reference. cpu gets the course kernels only when it is chosen.
  registerCourseKernels({ backends: ['wasm'] });

  const attempts: BackendAttempt[] = [];
  const smokeTests: SmokeTestResult[] = [];
  // What was seen (reported back) and what is still worth trying (knocked out as backends fail).
  // A WebGPU adapter is a candidate until its own smoke test, run here, says otherwise.
  let seen: BackendCapabilities = { ...options.capabilities };
  let caps: BackendCapabilities = {
    ...seen,
    webgpuSmokeTestPassed: seen.webgpuAdapter && seen.webgpuSmokeTestPassed !== false,
  };

  const tryOne = async (name: BackendName): Promise<Outcome> => {
    if (name === 'webgpu') {
      await import('@tensorflow/tfjs-backend-webgpu').catch(() => undefined);
      registerWebgpuKernels();
    }
    if (name === 'wasm') {
      if (options.wasmPaths !== undefined) setWasmPaths(options.wasmPaths);
      if (options.threads !== undefined) {
        if (tf.findBackend('wasm') !== null) log('The wasm backend has already started; the thread count stays as it was.');
        setThreadsCount(Math.max(1, Math.floor(options.threads)));
      }
    }
    const started = await setBackendChecked(name);
    if (!started.ok) return started;
    if (name === 'webgl' && !tf.env().getBool('WEBGL_RENDER_FLOAT32_CAPABLE')) {
      return { ok: false, detail: 'It cannot render to float32 textures, which training needs.' };
    }
    if (name === 'webgpu' || name === 'webgl') {
      const smoke = await gradientSmokeTest(name);
      smokeTests.push(smoke);
      if (name === 'webgpu') seen = { ...seen, webgpuSmokeTestPassed: smoke.passed };
      if (!smoke.passed) return { ok: false, detail: `Its gradient smoke test failed: ${smoke.detail}` };
      return { ok: true, detail: `It started and its gradients matched the cpu backend (relative error ${smoke.maxRelativeError.toExponential(1)}).` };
    }
    return started;
  };

  const attempt = async (name: BackendName): Promise<boolean> => {
    const start = Date.now();
    log(`Trying the ${name} backend…`);
    const outcome = await tryOne(name);
    attempts.push({ backend: name, ok: outcome.ok, detail: outcome.detail, durationMs: Date.now() - start });
    log(`${name}: ${outcome.detail}`);
    if (!outcome.ok) caps = withoutBackend(caps, name);
    return outcome.ok;
  };

  let reason = '';
  let chosen: BackendName | null = null;
  /** The capabilities the automatic choice was made from (to say it again with the real thread count). */
  let choiceCaps: BackendCapabilities | null = null;
  if (preferred !== 'auto' && (await attempt(preferred))) {
    chosen = preferred;
    reason = `You asked for ${preferred}.`;
    if (preferred === 'webgl' && caps.webglRenderer !== null && isSoftwareRenderer(caps.webglRenderer)) {
      reason += ` Note: WebGL runs on a software renderer (${caps.webglRenderer}), usually far slower than wasm.`;
    }
    if (preferred === 'webgpu' && isSoftwareWebgpu(caps)) {
      reason += ` Note: WebGPU runs on a software adapter (${caps.webgpuAdapterName ?? 'a fallback adapter'}), far slower than wasm.`;
    }
    if (preferred === 'cpu') reason += ' Note: the cpu backend is far too slow to train the lesson models.';
  }
  while (chosen === null) {
    const choice = chooseBackend(caps);
    if (attempts.some((a) => a.backend === choice.backend)) {
      if (choice.backend === 'cpu') break;
      caps = withoutBackend(caps, choice.backend);
      continue;
    }
    if (await attempt(choice.backend)) {
      chosen = choice.backend;
      reason = choice.reason;
      choiceCaps = caps;
    } else if (choice.backend === 'cpu') {
      break;
    }
  }
  if (chosen === null) {
    throw new TrainingError(
      `No TensorFlow.js backend could start (tried ${attempts.map((a) => a.backend).join(', ')}).`,
      'Reload the page; if it persists, try a recent Chrome, Edge, Firefox or Safari.',
    );
  }

  // The stock cpu gradients take minutes per step; ours make the last resort merely slow.
  if (chosen === 'cpu') registerCourseKernels({ backends: ['cpu'] });

  const isWasm = chosen === 'wasm';
  const threads = isWasm ? getThreadsCount() : 1;
  // The reason names the threads wasm really got (the engine's worker may lift tfjs's own cap).
  if (isWasm && choiceCaps !== null) reason = chooseBackend(choiceCaps, { wasmThreads: threads }).reason;

  const failed = attempts.filter((a) => !a.ok);
  if (failed.length > 0) reason += ` Tried first: ${failed.map((a) => `${a.backend} (${a.detail})`).join('; ')}`;
  const wasmMultithreaded = isWasm ? await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT') === true : null;
  // The course's own WebAssembly filter gradient, on as many threads as the wasm backend uses (it
  // serves the cpu backend too); until it is ready, and if it cannot start, the XNNPACK form runs.
  if (isWasm || chosen === 'cpu') {
    const own = await prepareWasmConv({ threads: isWasm ? getThreadsCount() : 1 }).catch((e: unknown) => ({ detail: String(e) }));
    log(`Course convolution kernels: ${own.detail}`);
  }
  return {
    backend: chosen,
    preferred,
    reason,
    expectation: expectationFor(chosen, seen, threads),
    attempts,
    capabilities: seen,
    smokeTests,
    threads,
    wasmSimd: isWasm ? (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) === true : null,
    wasmMultithreaded,
    tfjsVersion: tf.version.tfjs,
  };
}
