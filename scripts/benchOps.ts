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
// dW-dir: the course's direct filter-gradient kernel; *-own: what the course runs now (Winograd where it fits).
console.log('layer'.padEnd(30) + 'fw-xnn  fw-own  dW-xnn  dW-dir  dW-own  dX-xnn  dX-own   (ms CPU; GFLOP/s of fw-own, dW-own, dX-own)');
for (const [n, h, ci, co, k, s, pad] of layers) {
  const x = tf.randomNormal([n, h, h, ci]) as tf.Tensor4D, w = tf.randomNormal([k, k, ci, co]) as tf.Tensor4D;
  const y = tf.conv2d(x, w, s, pad), dy = tf.randomNormal(y.shape) as tf.Tensor4D, b = tf.randomNormal([co]) as tf.Tensor1D;
  const attrs = { strides: [s, s], pad, dataFormat: 'NHWC' };
  const run = (name: string, mode: 'fast' | 'xnnpack', winograd = true) => () => {
    registerCourseKernels({ mode, winograd });
    const c = cpuMs();
    const r = name === 'fwd' ? tf.fused.conv2d({ x, filter: w, strides: s, pad, bias: b, activation: 'relu' })
      : name === 'dW' ? tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, { ...attrs, filterShape: w.shape }) as tf.Tensor
      : tf.engine().runKernel('Conv2DBackpropInput', { dy, filter: w }, { ...attrs, inputShape: x.shape }) as tf.Tensor;
    r.dataSync(); r.dispose();
    return cpuMs() - c;
  };
  // 'xnnpack' mode: every convolution on XNNPACK (the previous kernels); 'fast': the course's own where they fit.
  const variants = [run('fwd', 'xnnpack'), run('fwd', 'fast'), run('dW', 'xnnpack'), run('dW', 'fast', false), run('dW', 'fast'), run('dX', 'xnnpack'), run('dX', 'fast')];
  const ts: number[][] = variants.map(() => []);
  for (const v of variants) v();
  for (let i = 0; i < reps; i++) variants.forEach((v, j) => ts[j].push(v()));
  const [fx, fo, wx, wd, wo, dxx, dxo] = ts.map(median);
  const gflop = 2 * n * y.shape[1] * y.shape[2] * k * k * ci * co / 1e9;
  console.log(`${`${h}²×${ci}→${co} k${k} s${s} ${pad}`.padEnd(30)}${[fx, fo, wx, wd, wo, dxx, dxo].map((v) => v.toFixed(0).padStart(7)).join(' ')}   ${[fo, wo, dxo].map((v) => (gflop / v * 1000).toFixed(1)).join(', ')}`);
  tf.dispose([x, w, y, dy, b]);
}
registerCourseKernels();
