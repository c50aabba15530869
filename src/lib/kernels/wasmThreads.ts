import { setThreadsCount } from '@tensorflow/tfjs-backend-wasm';

/** What the wasm thread setup needs from its environment (a Window or WorkerGlobalScope fits). */
export interface WasmThreadEnvironment {
  navigator?: { hardwareConcurrency?: number };
  crossOriginIsolated?: boolean;
}

/** Result of `prepareWasmThreads`: how many threads were asked for, and why. */
export interface WasmThreadPlan {
  threads: number;
  reason: string;
}

/**
 * Lifts tfjs-wasm 4.22's cap of hardwareConcurrency / 2 threads. Its C++ start-up code computes
 * `num_cores = emscripten_num_logical_cores() / 2` (navigator.hardwareConcurrency / 2) and clamps
 * every requested count to it, so `setThreadsCount` alone cannot go higher: one thread on a 2-core
 * machine. Call this before the wasm backend is first initialised, in the thread that trains (best a
 * dedicated worker): it makes `hardwareConcurrency` read twice the wanted count on that navigator
 * only, and requests the count. Default: every logical core up to 2, one fewer above 2 (the page
 * keeps a core), at most 8 (the pthread pool tfjs pre-creates). Threads need cross-origin isolation;
 * without it nothing is changed and 1 thread is reported.
 */
export function prepareWasmThreads(env: WasmThreadEnvironment, wanted?: number): WasmThreadPlan {
  if (env.crossOriginIsolated !== true || env.navigator === undefined) {
    return { threads: 1, reason: 'not cross-origin isolated: the wasm backend runs single-threaded' };
  }
  const cores = Math.max(1, Math.floor(env.navigator.hardwareConcurrency ?? 1));
  const threads = Math.max(1, Math.min(8, Math.floor(wanted ?? (cores <= 2 ? cores : cores - 1))));
  const reported = threads * 2;
  if (cores < reported) {
    // An own property shadows the prototype's getter for this navigator object only.
    Object.defineProperty(env.navigator, 'hardwareConcurrency', { configurable: true, get: () => reported });
  }
  setThreadsCount(threads);
  return { threads, reason: `${threads} of ${cores} logical cores` };
}
