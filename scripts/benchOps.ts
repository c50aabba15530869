/**
 * Micro-benchmark of the convolution kernels on the skip model's layer shapes (Node, wasm, 1
 * thread), in process CPU time (steadier than wall time on a shared machine), variants interleaved.
 * Usage: npm exec -- tsx scripts/benchOps.ts [reps=5] [size=64]
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { prepareWasmConv, registerCourseKernels } from '../src/lib/kernels';

const reps = Number(process.argv[2] ?? 5);
const size = Number(process.argv[3] ?? 64);
await tf.setBackend('wasm');
await prepareWasmConv({ threads: 1 });
const cpuMs = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const median = (ts: number[]) => [...ts].sort((a, b) => a - b)[Math.floor(ts.length / 2)];
// [batch, size, inC, outC, kernel, stride, padding]: the skip model's convolutions, scaled to `size`.
const f = size / 64;
const layers = [[16, 64 * f, 1, 10, 3, 1, 'same'], [16, 64 * f, 10, 20, 3, 1, 'same'], [16, 64 * f + 2, 20, 30, 4, 2, 'valid'],
  [16, 32 * f, 30, 30, 3, 1, 'same'], [16, 32 * f, 80, 30, 3, 1, 'same'], [16, 64 * f, 40, 10, 3, 1, 'same'],
  [16, 16 * f, 50, 50, 3, 1, 'same'], [16, 16 * f + 2, 40, 40, 4, 2, 'valid']] as const;
console.log('layer'.padEnd(30) + 'forward  dW-xnn  dW-own  dX-xnn   (ms CPU; GFLOP/s of forward, of dW-own)');
for (const [n, h, ci, co, k, s, pad] of layers) {
  const x = tf.randomNormal([n, h, h, ci]) as tf.Tensor4D, w = tf.randomNormal([k, k, ci, co]) as tf.Tensor4D;
  const y = tf.conv2d(x, w, s, pad), dy = tf.randomNormal(y.shape) as tf.Tensor4D;
  const attrs = { strides: [s, s], pad, dataFormat: 'NHWC' };
  const run = (name: string, mode: 'fast' | 'xnnpack') => () => {
    registerCourseKernels({ mode });
    const c = cpuMs();
    const r = name === 'fwd' ? tf.conv2d(x, w, s, pad)
      : name === 'dW' ? tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, { ...attrs, filterShape: w.shape }) as tf.Tensor
      : tf.engine().runKernel('Conv2DBackpropInput', { dy, filter: w }, { ...attrs, inputShape: x.shape }) as tf.Tensor;
    r.dataSync(); r.dispose();
    return cpuMs() - c;
  };
  const variants = [run('fwd', 'fast'), run('dW', 'xnnpack'), run('dW', 'fast'), run('dX', 'fast')];
  const ts: number[][] = variants.map(() => []);
  for (const v of variants) v();
  for (let i = 0; i < reps; i++) variants.forEach((v, j) => ts[j].push(v()));
  const [fwd, wx, wo, dx] = ts.map(median);
  const gflop = 2 * n * y.shape[1] * y.shape[2] * k * k * ci * co / 1e9;
  console.log(`${`${h}²×${ci}→${co} k${k} s${s} ${pad}`.padEnd(30)}${[fwd, wx, wo, dx].map((v) => v.toFixed(0).padStart(7)).join(' ')}   ${(gflop / fwd * 1000).toFixed(1)}, ${(gflop / wo * 1000).toFixed(1)}`);
  tf.dispose([x, w, y, dy]);
}
registerCourseKernels();
