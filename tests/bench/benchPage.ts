/** Entry of the Chromium bench page (bundled by scripts/bench.ts): exposes `courseBench.run`. */
import * as tf from '@tensorflow/tfjs';
import { getThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { prepareWasmThreads } from '../../src/lib/kernels/wasmThreads';
import { benchTrainingStep, type StepBenchConfig, type StepBenchResult } from '../../scripts/benchCore';

async function run(config: StepBenchConfig & { threads?: number }): Promise<{ results: StepBenchResult[]; isolated: boolean; threads: number; plan: string }> {
  const plan = prepareWasmThreads(globalThis as typeof globalThis & { crossOriginIsolated?: boolean }, config.threads);
  setWasmPaths(new URL('wasm/', location.href).href);
  if (!(await tf.setBackend('wasm'))) throw new Error('The wasm backend did not start.');
  await tf.ready();
  const threads = getThreadsCount();
  const results = await benchTrainingStep(config, { threads, log: (l) => console.log(l) });
  return { results, isolated: globalThis.crossOriginIsolated === true, threads, plan: plan.reason };
}

(globalThis as unknown as { courseBench: { run: typeof run } }).courseBench = { run };
