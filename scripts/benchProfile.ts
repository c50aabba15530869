/**
 * Where one training step of the skip model goes, kernel by kernel (Node, wasm, 1 thread), in
 * process CPU time per kernel call (steadier than tf.profile's wall time on a shared machine):
 * every wasm kernel is wrapped to read process.cpuUsage() before and after it runs. Kernels that
 * call other kernels (ours do) count their callees too, so rows nest; the top-level share is exact.
 * Usage: npm exec -- tsx scripts/benchProfile.ts [size=64] [batch=16] [mode=fast|no-winograd|xnnpack|filter-only] [steps=3]
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { prepareWasmConv, registerCourseKernels, type CourseKernelMode } from '../src/lib/kernels';
import { buildEncoderDecoder } from '../src/lib/models/encoderDecoder';

const size = Number(process.argv[2] ?? 64);
const batch = Number(process.argv[3] ?? 16);
const modeArg = process.argv[4] ?? 'fast';
// no-winograd: the course's kernels without the Winograd 3×3 convolutions (XNNPACK's instead), for comparison.
const mode = (modeArg === 'no-winograd' ? 'fast' : modeArg) as CourseKernelMode;
const steps = Number(process.argv[5] ?? 3);

await prepareWasmConv({ threads: 1 });
registerCourseKernels({ mode, winograd: modeArg !== 'no-winograd' });
if (!(await tf.setBackend('wasm'))) throw new Error('wasm backend did not start');
const model = buildEncoderDecoder({ height: size, width: size, skips: true, output: 'linear', seed: 1 });
const x = tf.randomUniform([batch, size, size, 1]);
const y = tf.randomUniform([batch, size, size, 1]);
const opt = tf.train.adam(1e-3);
const cpuMs = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const step = () => {
  const loss = opt.minimize(() => tf.losses.absoluteDifference(y, model.apply(x, { training: true }) as tf.Tensor), true);
  loss?.dataSync();
  loss?.dispose();
};
step(); step();

// Wrap every wasm kernel (after ours are installed) to charge its CPU time to "name shapes".
const byCall = new Map<string, { ms: number; n: number }>();
let depth = 0, topLevelMs = 0;
for (const k of tf.getKernelsForBackend('wasm')) {
  const inner = k.kernelFunc;
  tf.unregisterKernel(k.kernelName, 'wasm');
  tf.registerKernel({
    ...k,
    kernelFunc: (args) => {
      const c = cpuMs();
      depth++;
      try { return inner(args); } finally {
        depth--;
        const ms = cpuMs() - c;
        if (depth === 0) topLevelMs += ms;
        const inputs = Object.values(args.inputs as Record<string, tf.TensorInfo | undefined>).map((t) => t?.shape ?? null);
        const key = `${depth > 0 ? '  (inside) ' : ''}${k.kernelName} ${JSON.stringify(inputs)}`;
        const e = byCall.get(key) ?? { ms: 0, n: 0 };
        e.ms += ms; e.n++;
        byCall.set(key, e);
      }
    },
  });
}
const c0 = cpuMs(), t0 = performance.now();
for (let i = 0; i < steps; i++) step();
const stepCpu = (cpuMs() - c0) / steps, stepWall = (performance.now() - t0) / steps;
const byName = new Map<string, number>();
for (const [key, e] of byCall) if (!key.startsWith('  ')) byName.set(key.split(' ')[0], (byName.get(key.split(' ')[0]) ?? 0) + e.ms / steps);
console.log(`${size}×${size}, batch ${batch}, mode ${modeArg}: ${stepCpu.toFixed(0)} ms CPU per step (wall ${stepWall.toFixed(0)} ms); kernels ${(topLevelMs / steps).toFixed(0)} ms, the rest (JS: tape, Adam bookkeeping) ${(stepCpu - topLevelMs / steps).toFixed(0)} ms`);
for (const [k, ms] of [...byName].sort((a, b) => b[1] - a[1]).slice(0, 16)) console.log(`${ms.toFixed(1).padStart(8)} ms ${(100 * ms / stepCpu).toFixed(1).padStart(5)} %  ${k}`);
console.log('--- top kernel calls (ms per step, calls per step)');
for (const [k, e] of [...byCall].sort((a, b) => b[1].ms - a[1].ms).slice(0, 30)) console.log(`${(e.ms / steps).toFixed(1).padStart(8)} ms ×${e.n / steps}  ${k}`);
