/**
 * Where one training step of the skip model goes, kernel by kernel (Node, wasm, 1 thread).
 * Usage: npm exec -- tsx scripts/benchProfile.ts [size=64] [batch=16] [mode=fast|xnnpack|filter-only]
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { prepareWasmConv, registerCourseKernels, type CourseKernelMode } from '../src/lib/kernels';
import { buildEncoderDecoder } from '../src/lib/models/encoderDecoder';

const size = Number(process.argv[2] ?? 64);
const batch = Number(process.argv[3] ?? 16);
const mode = (process.argv[4] ?? 'fast') as CourseKernelMode;
await prepareWasmConv({ threads: 1 });

registerCourseKernels({ mode });
if (!(await tf.setBackend('wasm'))) throw new Error('wasm backend did not start');
const model = buildEncoderDecoder({ height: size, width: size, skips: true, output: 'linear', seed: 1 });
const x = tf.randomUniform([batch, size, size, 1]);
const y = tf.randomUniform([batch, size, size, 1]);
const opt = tf.train.adam(1e-3);
const step = () => {
  const loss = opt.minimize(() => tf.losses.absoluteDifference(y, model.apply(x, { training: true }) as tf.Tensor), true);
  loss?.dataSync();
  loss?.dispose();
};
step(); step();
let t = performance.now();
step();
console.log(`step ${(performance.now() - t).toFixed(0)} ms`);
const info = await tf.profile(step);
const byKernel = new Map<string, { ms: number; n: number }>();
for (const k of info.kernels) {
  const key = `${k.name} ${JSON.stringify(k.inputShapes)}`;
  const e = byKernel.get(key) ?? { ms: 0, n: 0 };
  e.ms += Number(k.kernelTimeMs); e.n++;
  byKernel.set(key, e);
}
const total = [...byKernel.values()].reduce((s, e) => s + e.ms, 0);
const byName = new Map<string, number>();
for (const [k, e] of byKernel) byName.set(k.split(' ')[0], (byName.get(k.split(' ')[0]) ?? 0) + e.ms);
console.log(`kernel total ${total.toFixed(0)} ms`);
for (const [k, ms] of [...byName].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`${ms.toFixed(1).padStart(8)} ms  ${k}`);
console.log('--- top kernel calls');
for (const [k, e] of [...byKernel].sort((a, b) => b[1].ms - a[1].ms).slice(0, 30)) console.log(`${e.ms.toFixed(1).padStart(8)} ms ×${e.n}  ${k}`);
t = performance.now();
