import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { isCourseKernelActive, registerCourseKernels, unregisterCourseKernels } from '../../../src/lib/kernels';
import { createRng, randomInt, uniform } from '../../../src/lib/random';
import { refBackpropFilter, refBackpropInput, refConv2d, refGeometry, relativeError, type RefGeometry } from './convReference';

const TOLERANCE = 1e-4;

interface Case { n: number; h: number; w: number; ci: number; co: number; k: number; s: number; pad: 'same' | 'valid' }

/** Many shapes: kernels 1, 3, 4; strides 1, 2; same and valid; odd and even sizes; batch 1–3; channels 1–5. */
function makeCases(): Case[] {
  const rng = createRng(2024);
  const cases: Case[] = [];
  for (const k of [1, 3, 4]) for (const s of [1, 2]) for (const pad of ['same', 'valid'] as const) {
    for (let r = 0; r < 3; r++) {
      cases.push({
        n: randomInt(rng, 1, 3), ci: randomInt(rng, 1, 5), co: randomInt(rng, 1, 5), k, s, pad,
        h: k + randomInt(rng, 0, 7), w: k + randomInt(rng, 0, 7),
      });
    }
  }
  // The lesson's shapes: pad 1 then 4×4 stride-2 valid on an even size, and odd sizes for each parity.
  cases.push({ n: 2, h: 10, w: 10, ci: 3, co: 4, k: 4, s: 2, pad: 'valid' });
  cases.push({ n: 1, h: 9, w: 8, ci: 5, co: 2, k: 4, s: 2, pad: 'same' });
  cases.push({ n: 3, h: 7, w: 11, ci: 2, co: 5, k: 3, s: 2, pad: 'valid' });
  return cases;
}

function randomValues(rng: () => number, size: number): Float32Array {
  return Float32Array.from({ length: size }, () => uniform(rng, -1, 1));
}

const label = (c: Case) => `n${c.n} ${c.h}×${c.w}×${c.ci}→${c.co} k${c.k} s${c.s} ${c.pad}`;

function gradientsOnBackend(c: Case, g: RefGeometry, x: Float32Array, w: Float32Array, dy: Float32Array) {
  return tf.tidy(() => {
    const xt = tf.tensor4d(x, [c.n, c.h, c.w, c.ci]);
    const wt = tf.tensor4d(w, [c.k, c.k, c.ci, c.co]);
    const dyt = tf.tensor4d(dy, [c.n, g.oh, g.ow, c.co]);
    const y = tf.conv2d(xt, wt, c.s, c.pad);
    const [dx, dw] = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
      tf.sum(tf.mul(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, c.s, c.pad), dyt)))([xt, wt]);
    const transposed = tf.conv2dTranspose(dyt, wt, [c.n, c.h, c.w, c.ci], c.s, c.pad);
    return { y: y.dataSync(), dx: dx.dataSync(), dw: dw.dataSync(), transposed: transposed.dataSync(), yShape: y.shape };
  });
}

for (const backend of ['wasm', 'cpu'] as const) {
  describe(`course convolution gradients on ${backend}`, () => {
    beforeAll(async () => {
      registerCourseKernels();
      expect(await tf.setBackend(backend)).toBe(true);
      await tf.ready();
      expect(tf.getBackend()).toBe(backend);
    });

    it('are the registered kernels', () => {
      expect(isCourseKernelActive(backend, 'Conv2DBackpropFilter')).toBe(true);
      expect(isCourseKernelActive(backend, 'Conv2DBackpropInput')).toBe(true);
    });

    it.each(makeCases().map((c) => [label(c), c] as const))('match a float64 reference: %s', (_name, c) => {
      const rng = createRng(c.n * 1000 + c.h * 100 + c.w * 10 + c.ci + c.co * 7 + c.k * 13 + c.s);
      const g = refGeometry(c.n, c.h, c.w, c.ci, c.k, c.k, c.co, c.s, c.pad);
      const x = randomValues(rng, c.n * c.h * c.w * c.ci);
      const w = randomValues(rng, c.k * c.k * c.ci * c.co);
      const dy = randomValues(rng, c.n * g.oh * g.ow * c.co);
      const before = tf.memory().numTensors;
      const got = gradientsOnBackend(c, g, x, w, dy);
      expect(tf.memory().numTensors).toBe(before);
      expect(got.yShape).toEqual([c.n, g.oh, g.ow, c.co]);
      expect(relativeError(got.y, refConv2d(g, x, w))).toBeLessThan(TOLERANCE);
      const dxRef = refBackpropInput(g, dy, w);
      expect(relativeError(got.dx, dxRef)).toBeLessThan(TOLERANCE);
      expect(relativeError(got.transposed, dxRef)).toBeLessThan(TOLERANCE);
      expect(relativeError(got.dw, refBackpropFilter(g, x, dy))).toBeLessThan(TOLERANCE);
    });
  });
}

describe('registerCourseKernels', () => {
  afterAll(() => registerCourseKernels());

  it('is idempotent and silent when called again', () => {
    const warn = vi.spyOn(console, 'warn');
    registerCourseKernels();
    registerCourseKernels({ backends: ['wasm'] });
    expect(warn).not.toHaveBeenCalled();
    warn.mockRestore();
  });

  it('restores the stock kernels on request and can switch to the filter-only mode', () => {
    const stockCpuInput = (() => { unregisterCourseKernels(); return tf.getKernel('Conv2DBackpropInput', 'cpu'); })();
    expect(stockCpuInput).toBeDefined();
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeUndefined();
    registerCourseKernels({ mode: 'filter-only' });
    expect(isCourseKernelActive('wasm', 'Conv2DBackpropFilter')).toBe(true);
    expect(isCourseKernelActive('wasm', 'Conv2DBackpropInput')).toBe(false);
    expect(tf.getKernel('Conv2DBackpropInput', 'cpu')).toBe(stockCpuInput);
    registerCourseKernels();
    expect(isCourseKernelActive('cpu', 'Conv2DBackpropInput')).toBe(true);
  });
});
