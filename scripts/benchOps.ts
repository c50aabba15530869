/** Scratch micro-benchmark of convolution-gradient formulations (Node, wasm, 1 thread). */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { registerCourseKernels } from '../src/lib/kernels';

registerCourseKernels();
await tf.setBackend('wasm');
const time = (label: string, f: () => tf.Tensor, macs: number) => {
  f().dispose(); f().dispose();
  const ts: number[] = [];
  for (let i = 0; i < 5; i++) { const t = performance.now(); const r = f(); r.dataSync(); r.dispose(); ts.push(performance.now() - t); }
  ts.sort((a, b) => a - b);
  console.log(`${label.padEnd(50)} ${ts[2].toFixed(1).padStart(7)} ms ${(2 * macs / ts[2] / 1e6).toFixed(1).padStart(6)} GFLOP/s`);
};
for (const [n, h, ci, co, k, s, pad] of [[16, 64, 40, 10, 3, 1, 'same'], [16, 66, 20, 30, 4, 2, 'valid'], [16, 32, 80, 30, 3, 1, 'same']] as const) {
  const x = tf.randomNormal([n, h, h, ci]) as tf.Tensor4D;
  const w = tf.randomNormal([k, k, ci, co]) as tf.Tensor4D;
  const y = tf.conv2d(x, w, s, pad);
  const dy = tf.randomNormal(y.shape) as tf.Tensor4D;
  const [, oh, ow] = y.shape;
  const macs = n * oh * ow * k * k * ci * co;
  console.log(`-- x ${x.shape} k${k} s${s} ${pad} → ${co}`);
  time('forward Conv2D', () => tf.conv2d(x, w, s, pad), macs);
  time('filter grad (ours)', () => tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, { strides: [s, s], pad, dataFormat: 'NHWC', filterShape: w.shape }) as tf.Tensor, macs);
  time('input grad (ours)', () => tf.engine().runKernel('Conv2DBackpropInput', { dy, filter: w }, { strides: [s, s], pad, dataFormat: 'NHWC', inputShape: x.shape }) as tf.Tensor, macs);
  // im2col as slices + concat, then one matmul with K = N·oh·ow.
  time('filter grad: im2col concat + matMul(tA)', () => tf.tidy(() => {
    const pt = pad === 'same' ? Math.floor(((oh - 1) * s + k - h) / 2) : 0;
    const pb = pad === 'same' ? (oh - 1) * s + k - h - pt : 0;
    const xp = tf.pad(x, [[0, 0], [pt, pb], [pt, pb], [0, 0]]);
    const cols: tf.Tensor[] = [];
    for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) cols.push(tf.stridedSlice(xp, [0, a, b, 0], [n, a + (oh - 1) * s + 1, b + (ow - 1) * s + 1, ci], [1, s, s, 1]));
    const p = tf.concat(cols, 3).reshape([n * oh * ow, k * k * ci]);
    return tf.matMul(p, dy.reshape([n * oh * ow, co]), true, false);
  }), macs);
  time('filter grad: per-tap matMul(tA)', () => tf.tidy(() => {
    const pt = pad === 'same' ? Math.floor(((oh - 1) * s + k - h) / 2) : 0;
    const pb = pad === 'same' ? (oh - 1) * s + k - h - pt : 0;
    const xp = tf.pad(x, [[0, 0], [pt, pb], [pt, pb], [0, 0]]);
    const d2 = dy.reshape([n * oh * ow, co]);
    const outs: tf.Tensor[] = [];
    for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) outs.push(tf.matMul(tf.stridedSlice(xp, [0, a, b, 0], [n, a + (oh - 1) * s + 1, b + (ow - 1) * s + 1, ci], [1, s, s, 1]).reshape([n * oh * ow, ci]), d2, true, false));
    return tf.stack(outs);
  }), macs);
  time('matMul only [R,kkCi]ᵀ×[R,Co] (tA)', (() => { const p = tf.randomNormal([n * oh * ow, k * k * ci]); const d2 = dy.reshape([n * oh * ow, co]); return () => tf.matMul(p, d2, true, false); })(), macs);
  time('matMul only [kkCi,R]×[R,Co]', (() => { const p = tf.randomNormal([k * k * ci, n * oh * ow]); const d2 = dy.reshape([n * oh * ow, co]); return () => tf.matMul(p, d2, false, false); })(), macs);
  time('transpose x', () => tf.transpose(x, [3, 1, 2, 0]), 0);
}
