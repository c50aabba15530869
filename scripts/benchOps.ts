/**
 * Micro-benchmark of the convolution-gradient kernels on the skip model's layer shapes (Node, wasm,
 * 1 thread), in process CPU time (steadier than wall time on a shared machine).
 * Usage: npm exec -- tsx scripts/benchOps.ts [reps=5]
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { registerCourseKernels } from '../src/lib/kernels';

const reps = Number(process.argv[2] ?? 5);
await tf.setBackend('wasm');
const cpuMs = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const time = (f: () => tf.Tensor): number => {
  f().dispose();
  const ts: number[] = [];
  for (let i = 0; i < reps; i++) { const c = cpuMs(); const r = f(); r.dataSync(); r.dispose(); ts.push(cpuMs() - c); }
  return ts.sort((a, b) => a - b)[Math.floor(reps / 2)];
};
// [batch, size, inC, outC, kernel, stride, padding]: the skip model's convolutions at 64×64.
const layers = [[16, 64, 10, 20, 3, 1, 'same'], [16, 66, 20, 30, 4, 2, 'valid'], [16, 32, 80, 30, 3, 1, 'same'], [16, 64, 40, 10, 3, 1, 'same'], [16, 18, 40, 40, 4, 2, 'valid']] as const;
console.log('layer'.padEnd(34) + 'forward  dW-ours  dX-stock  dX-ours   (ms CPU, GFLOP/s of forward)');
for (const [n, h, ci, co, k, s, pad] of layers) {
  const x = tf.randomNormal([n, h, h, ci]) as tf.Tensor4D, w = tf.randomNormal([k, k, ci, co]) as tf.Tensor4D;
  const y = tf.conv2d(x, w, s, pad), dy = tf.randomNormal(y.shape) as tf.Tensor4D;
  const attrs = { strides: [s, s], pad, dataFormat: 'NHWC' };
  const dW = () => tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, { ...attrs, filterShape: w.shape }) as tf.Tensor;
  const dX = () => tf.engine().runKernel('Conv2DBackpropInput', { dy, filter: w }, { ...attrs, inputShape: x.shape }) as tf.Tensor;
  registerCourseKernels({ mode: 'filter-only' });
  const stockX = time(dX);
  registerCourseKernels();
  const fwd = time(() => tf.conv2d(x, w, s, pad)), ow = time(dW), ox = time(dX);
  const gflop = 2 * n * y.shape[1] * y.shape[2] * k * k * ci * co / 1e9;
  console.log(`${`${h}²×${ci}→${co} k${k} s${s} ${pad}`.padEnd(34)}${[fwd, ow, stockX, ox].map((v) => v.toFixed(0).padStart(7)).join('  ')}   ${(gflop / fwd * 1000).toFixed(1)}`);
  tf.dispose([x, w, y, dy]);
}
