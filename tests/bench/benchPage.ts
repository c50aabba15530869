/** Entry of the Chromium bench page (bundled by scripts/bench.ts): exposes `courseBench.start` and `courseBench.run`. */
import * as tf from '@tensorflow/tfjs';
import { getThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { prepareWasmConv } from '../../src/lib/kernels';
import { prepareWasmThreads } from '../../src/lib/kernels/wasmThreads';
import { benchTrainingStep, type StepBenchConfig, type StepBenchResult } from '../../scripts/benchCore';

let threads = 1;

async function start(wanted?: number): Promise<{ isolated: boolean; threads: number; plan: string }> {
  const plan = prepareWasmThreads(globalThis as typeof globalThis & { crossOriginIsolated?: boolean }, wanted);
  setWasmPaths(new URL('wasm/', location.href).href);
  if (!(await tf.setBackend('wasm'))) throw new Error('The wasm backend did not start.');
  await tf.ready();
  threads = getThreadsCount();
  const own = await prepareWasmConv({
    threads,
    createWorker: (source) => new Worker(URL.createObjectURL(new Blob([source], { type: 'text/javascript' }))),
  });
  return { isolated: globalThis.crossOriginIsolated === true, threads, plan: `${plan.reason}; course kernels: ${own.detail}` };
}

async function run(config: StepBenchConfig): Promise<StepBenchResult[]> {
  return benchTrainingStep(config, { threads, log: (l) => console.log(l) });
}

(globalThis as unknown as { courseBench: { start: typeof start; run: typeof run } }).courseBench = { start, run };
