import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isCourseKernelActive, registerCourseKernels, unregisterCourseKernels } from '../../../src/lib/kernels';

/** Runs `f` with the course kernels and with the stock ones; returns both results as plain arrays. */
function both(f: () => tf.Tensor | tf.Tensor[]): { ours: number[][]; stock: number[][]; shapes: number[][] } {
  const collect = () => tf.tidy(() => { const r = f(); const list = Array.isArray(r) ? r : [r]; return list.map((t) => ({ v: Array.from(t.dataSync()), s: t.shape })); });
  registerCourseKernels();
  const ours = collect();
  unregisterCourseKernels();
  const stock = collect();
  registerCourseKernels();
  expect(ours.map((o) => o.s)).toEqual(stock.map((o) => o.s));
  return { ours: ours.map((o) => o.v), stock: stock.map((o) => o.v), shapes: ours.map((o) => o.s) };
}

describe('wasm copy kernels (Concat, SplitV, Slice)', () => {
  let a: tf.Tensor4D, b: tf.Tensor4D, c: tf.Tensor4D;
  beforeAll(async () => {
    registerCourseKernels();
    expect(await tf.setBackend('wasm')).toBe(true);
    registerCourseKernels(); // the copy kernels need the wasm package's own to be there first
    a = tf.tensor4d(Float32Array.from({ length: 2 * 3 * 4 * 5 }, (_, i) => i), [2, 3, 4, 5]);
    b = tf.tensor4d(Float32Array.from({ length: 2 * 3 * 4 * 2 }, (_, i) => -i - 0.5), [2, 3, 4, 2]);
    c = tf.tensor4d(Float32Array.from({ length: 2 * 3 * 4 * 1 }, (_, i) => 1000 + i), [2, 3, 4, 1]);
  });
  afterAll(() => { tf.dispose([a, b, c]); registerCourseKernels(); });

  it('are active on wasm', () => {
    for (const name of ['Concat', 'SplitV', 'Slice'] as const) expect(isCourseKernelActive('wasm', name)).toBe(true);
  });

  it('concatenate along channels exactly like the stock kernel', () => {
    const r = both(() => tf.concat([a, b, c], 3));
    expect(r.shapes[0]).toEqual([2, 3, 4, 8]);
    expect(r.ours).toEqual(r.stock);
    // Hand-checked: pixel 0 is a[0..4], then b[0..1], then c[0].
    expect(r.ours[0].slice(0, 8)).toEqual([0, 1, 2, 3, 4, -0.5, -1.5, 1000]);
  });

  it('fall back to the stock kernel off the last axis and for int32', () => {
    expect(both(() => tf.concat([a, a], 1)).ours).toEqual(both(() => tf.concat([a, a], 1)).stock);
    const ints = both(() => tf.concat([a.toInt(), a.toInt()], 3));
    expect(ints.ours).toEqual(ints.stock);
  });

  it('split along channels (the concat gradient) exactly like the stock kernel', () => {
    const r = both(() => tf.split(a, [2, 3], 3));
    expect(r.shapes).toEqual([[2, 3, 4, 2], [2, 3, 4, 3]]);
    expect(r.ours).toEqual(r.stock);
    expect(r.ours[1].slice(0, 3)).toEqual([2, 3, 4]);
    const other = both(() => tf.split(a, [1, 2], 1));
    expect(other.ours).toEqual(other.stock);
  });

  it('slice 4-D tensors (whole and partial channels) exactly like the stock kernel', () => {
    for (const [begin, size] of [[[0, 1, 1, 0], [2, 2, 2, 5]], [[1, 0, 2, 1], [1, 3, 2, 3]], [[0, 0, 0, 0], [-1, -1, -1, -1]], [[1, 2, 3, 4], [1, 1, 1, 1]]]) {
      const r = both(() => tf.slice(a, begin, size));
      expect(r.ours).toEqual(r.stock);
    }
    expect(both(() => tf.slice(a, [0, 1, 1, 0], [1, 1, 1, 5])).ours[0]).toEqual([25, 26, 27, 28, 29]);
  });
});
