import { Worker } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { disposeWasmConv, prepareWasmConv, registerCourseKernels } from '../../../src/lib/kernels';
import { resolveConvGeometry } from '../../../src/lib/kernels/convGeometry';
import { wasmConv } from '../../../src/lib/kernels/wasmConv';
import { inputGradientGeometry, runWinograd, runWinogradFilterGrad, winogradFilterGradGeometry, winogradFits } from '../../../src/lib/kernels/wasmWinograd';
import { createRng, randomInt, uniform } from '../../../src/lib/random';
import { refBackpropFilter, refBackpropInput, refConv2d, refGeometry, relativeError } from './convReference';

/** Issue 25 asks for 1e-4 relative to a float64 reference; F(2×2, 3×3) stays far inside it. */
const TOLERANCE = 1e-4;

interface Case { n: number; h: number; w: number; ci: number; co: number; pad: 'same' | 'valid' | 1 | 2; k?: 2 | 3 }

/**
 * Shapes that reach every path of wasm/winograd.c: odd and even sides (partial 2×2 tiles at the
 * bottom and right), images of one tile and of several 32-tile blocks, input channels with and without
 * a tail below 4, output channels 1–30 (1–3 vectors, tails of 1–3 lanes, several 12-wide tiles).
 */
function makeCases(): Case[] {
  const rng = createRng(2025);
  const cases: Case[] = [];
  for (const pad of ['same', 'valid', 2] as const) for (let r = 0; r < 5; r++) {
    cases.push({ n: randomInt(rng, 1, 4), h: randomInt(rng, 3, 13), w: randomInt(rng, 3, 13), ci: randomInt(rng, 1, 11), co: randomInt(rng, 1, 30), pad });
  }
  cases.push({ n: 2, h: 16, w: 16, ci: 20, co: 30, pad: 'same' }, { n: 1, h: 19, w: 23, ci: 8, co: 16, pad: 'same' }, { n: 3, h: 2, w: 2, ci: 4, co: 4, pad: 'same' });
  cases.push({ n: 2, h: 18, w: 18, ci: 20, co: 20, pad: 'valid' }, { n: 1, h: 1, w: 2, ci: 3, co: 5, pad: 2 });
  // 2×2 filters (F(3×3, 2×2)): outputs in tiles of 3, with every remainder.
  for (const pad of ['same', 'valid', 1] as const) for (let r = 0; r < 3; r++) {
    cases.push({ n: randomInt(rng, 1, 3), h: randomInt(rng, 2, 14), w: randomInt(rng, 2, 14), ci: randomInt(rng, 1, 11), co: randomInt(rng, 1, 30), pad, k: 2 });
  }
  return cases;
}

const label = (c: Case) => `n${c.n} ${c.h}×${c.w}×${c.ci}→${c.co} k${c.k ?? 3} pad ${c.pad}`;
const values = (rng: () => number, size: number) => Float32Array.from({ length: size }, () => uniform(rng, -1, 1));
const nodeWorker = (source: string) => new Worker(source, { eval: true });

function inputs(c: Case) {
  const rng = createRng(c.n * 7919 + c.h * 131 + c.w * 17 + c.ci * 5 + c.co * 3);
  const k = c.k ?? 3;
  const g = resolveConvGeometry([c.n, c.h, c.w, c.ci], [k, k, c.ci, c.co], 1, c.pad, 'NHWC');
  // The float64 reference reads the output size and padding from the resolved geometry.
  const ref = { ...refGeometry(c.n, c.h, c.w, c.ci, k, k, c.co, 1, 'valid'), oh: g.outHeight, ow: g.outWidth, pt: g.padTop, pl: g.padLeft };
  return {
    g, ref,
    x: values(rng, c.n * c.h * c.w * c.ci), w: values(rng, k * k * c.ci * c.co), bias: values(rng, c.co), dy: values(rng, c.n * g.outHeight * g.outWidth * c.co),
  };
}

describe('the course Winograd F(2×2, 3×3) kernel', () => {
  afterAll(() => { disposeWasmConv(); registerCourseKernels(); });

  for (const [threads, relaxed] of [[1, false], [3, false], [1, true], [3, true]] as const) {
    describe(`on ${threads} thread${threads > 1 ? 's' : ''}, ${relaxed ? 'relaxed-SIMD multiply-add' : 'plain SIMD'}`, () => {
      beforeAll(async () => {
        expect(await prepareWasmConv({ threads, createWorker: nodeWorker, relaxed })).toMatchObject({ ready: true, threads, relaxed });
      });

      it.each(makeCases().map((c) => [label(c), c] as const))('matches float64 references (forward with bias and ReLU, input and filter gradients): %s', (_name, c) => {
        const { g, ref, x, w, bias, dy } = inputs(c);
        const plain = new Float32Array(c.n * g.outHeight * g.outWidth * c.co);
        runWinograd(wasmConv()!, { x, filter: w, g }, plain);
        const expected = refConv2d(ref, x, w);
        expect(relativeError(plain, expected)).toBeLessThan(TOLERANCE);

        const fused = new Float32Array(plain.length);
        runWinograd(wasmConv()!, { x, filter: w, bias, relu: true, g }, fused);
        const activated = expected.map((v, i) => Math.max(0, v + bias[i % c.co]));
        expect(relativeError(fused, activated)).toBeLessThan(TOLERANCE);

        if (c.k === 2) {
          // 2×2 filters: the forward pass and the filter gradient (the strided layers' space-to-depth form).
          expect(relativeError(runWinogradFilterGrad(wasmConv()!, { x, dy, g }), refBackpropFilter(ref, x, dy))).toBeLessThan(TOLERANCE);
          return;
        }
        const dx = new Float32Array(c.n * c.h * c.w * c.ci);
        runWinograd(wasmConv()!, { x: dy, filter: w, flip: true, g: inputGradientGeometry(g) }, dx);
        expect(relativeError(dx, refBackpropInput(ref, dy, w))).toBeLessThan(TOLERANCE);

        const dw = runWinogradFilterGrad(wasmConv()!, { x, dy, g });
        expect(relativeError(dw, refBackpropFilter(ref, x, dy))).toBeLessThan(TOLERANCE);
      });
    });
  }

  it('takes only 3×3 stride-1 layers padded by at most 2 with enough channels', () => {
    const fits = (shape: number[], filter: number[], s: number, pad: 'same' | 'valid' | number) => winogradFits(resolveConvGeometry(shape, filter, s, pad, 'NHWC'));
    expect(fits([2, 16, 16, 10], [3, 3, 10, 20], 1, 'same')).toBe(true);
    expect(fits([2, 16, 16, 10], [3, 3, 10, 20], 1, 'valid')).toBe(true);
    expect(fits([2, 16, 16, 10], [3, 3, 10, 20], 1, 2)).toBe(true);
    expect(fits([2, 16, 16, 10], [3, 3, 10, 20], 1, 3)).toBe(false);
    expect(fits([2, 16, 16, 10], [2, 2, 10, 20], 1, 'same')).toBe(true);
    expect(fits([2, 16, 16, 10], [2, 2, 10, 20], 1, 2)).toBe(false);
    expect(fits([2, 16, 16, 10], [3, 2, 10, 20], 1, 'same')).toBe(false);
    expect(fits([2, 16, 16, 10], [3, 3, 10, 20], 2, 'same')).toBe(false);
    expect(fits([2, 16, 16, 10], [4, 4, 10, 20], 1, 'same')).toBe(false);
    expect(fits([2, 16, 16, 1], [3, 3, 1, 20], 1, 'same')).toBe(false);
    expect(fits([2, 16, 16, 40], [3, 3, 40, 10], 1, 'same')).toBe(true);
    expect(fits([2, 16, 16, 40], [3, 3, 40, 4], 1, 'same')).toBe(false);
  });

  it('is the forward pass and the input gradient tf computes on wasm once prepared, and leaks nothing', async () => {
    await prepareWasmConv({ threads: 2, createWorker: nodeWorker });
    registerCourseKernels();
    expect(await tf.setBackend('wasm')).toBe(true);
    const c: Case = { n: 2, h: 9, w: 10, ci: 12, co: 20, pad: 'same' };
    const { ref, x, w, bias, dy } = inputs(c);
    const before = tf.memory().numTensors, calls = wasmConv()!.calls;
    const [y, dx, dw] = tf.tidy(() => {
      const xt = tf.tensor4d(x, [c.n, c.h, c.w, c.ci]), wt = tf.tensor4d(w, [3, 3, c.ci, c.co]);
      const forward = tf.fused.conv2d({ x: xt, filter: wt, strides: 1, pad: 'same', bias: tf.tensor1d(bias), activation: 'relu' });
      // The input gradient of a layer with 20 inputs and 12 outputs: dy has 12 channels, dx 20.
      const dyt = tf.tensor4d(dy.subarray(0, c.n * c.h * c.w * c.ci), [c.n, c.h, c.w, c.ci]);
      const w2 = tf.tensor4d(w, [3, 3, c.co, c.ci]);
      const grad = tf.grad((input: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(input as tf.Tensor4D, w2, 1, 'same'), dyt)))(tf.zeros([c.n, c.h, c.w, c.co]));
      // The filter gradient of the 12 → 20 layer.
      const dyw = tf.tensor4d(dy, [c.n, c.h, c.w, c.co]);
      const filterGrad = tf.grad((filter: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(xt, filter as tf.Tensor4D, 1, 'same'), dyw)))(tf.zeros([3, 3, c.ci, c.co]));
      return [forward.dataSync(), grad.dataSync(), filterGrad.dataSync()];
    });
    expect(tf.memory().numTensors).toBe(before);
    // The fused forward pass (12 → 20), the forward pass (20 → 12) and input gradient (12 → 20
    // channels) of the first tf.grad, the forward pass of zeros inside the second and its filter gradient.
    expect(wasmConv()!.calls).toBe(calls + 5);
    const expected = refConv2d(ref, x, w).map((v, i) => Math.max(0, v + bias[i % c.co]));
    expect(relativeError(y, expected)).toBeLessThan(TOLERANCE);
    const ref2 = refGeometry(c.n, c.h, c.w, c.co, 3, 3, c.ci, 1, 'same');
    expect(relativeError(dx, refBackpropInput(ref2, dy.subarray(0, c.n * c.h * c.w * c.ci), w))).toBeLessThan(TOLERANCE);
    expect(relativeError(dw, refBackpropFilter(ref, x, dy))).toBeLessThan(TOLERANCE);
  });

  it('computes the input gradient of a 4×4 stride-2 layer through a 2×2 Winograd convolution (sub-pixel form)', async () => {
    await prepareWasmConv({ threads: 2, createWorker: nodeWorker });
    registerCourseKernels();
    expect(await tf.setBackend('wasm')).toBe(true);
    const rng = createRng(44);
    const [n, h, ci, co] = [2, 14, 12, 10];
    const g = resolveConvGeometry([n, h, h, ci], [4, 4, ci, co], 2, 'valid', 'NHWC');
    const ref = { ...refGeometry(n, h, h, ci, 4, 4, co, 2, 'valid'), oh: g.outHeight, ow: g.outWidth };
    const w = values(rng, 16 * ci * co), dy = values(rng, n * g.outHeight * g.outWidth * co);
    const calls = wasmConv()!.calls;
    const dx = tf.tidy(() => (tf.engine().runKernel('Conv2DBackpropInput', { dy: tf.tensor4d(dy, [n, g.outHeight, g.outWidth, co]), filter: tf.tensor4d(w, [4, 4, ci, co]) },
      { strides: [2, 2], pad: 'valid', dataFormat: 'NHWC', inputShape: [n, h, h, ci] }) as tf.Tensor).dataSync());
    expect(wasmConv()!.calls).toBe(calls + 1);
    expect(relativeError(dx, refBackpropInput(ref, dy, w))).toBeLessThan(TOLERANCE);
  });

  it('computes a 4×4 stride-2 layer\'s filter gradient as a 2×2 Winograd one of its space-to-depth input', async () => {
    await prepareWasmConv({ threads: 2, createWorker: nodeWorker });
    registerCourseKernels();
    expect(await tf.setBackend('wasm')).toBe(true);
    const rng = createRng(46);
    for (const [n, h, w, ci, co, pad] of [[2, 14, 10, 4, 9, 'valid'], [3, 12, 12, 3, 8, 2]] as const) {
      const g = resolveConvGeometry([n, h, w, ci], [4, 4, ci, co], 2, pad, 'NHWC');
      const ref = { ...refGeometry(n, h, w, ci, 4, 4, co, 2, 'valid'), oh: g.outHeight, ow: g.outWidth, pt: g.padTop, pl: g.padLeft };
      expect(winogradFilterGradGeometry(g)?.spaceToDepth).toBe(true);
      const x = values(rng, n * h * w * ci), dy = values(rng, n * g.outHeight * g.outWidth * co);
      const calls = wasmConv()!.calls;
      const dw = tf.tidy(() => (tf.engine().runKernel('Conv2DBackpropFilter', { x: tf.tensor4d(x, [n, h, w, ci]), dy: tf.tensor4d(dy, [n, g.outHeight, g.outWidth, co]) },
        { strides: [2, 2], pad, dataFormat: 'NHWC', filterShape: [4, 4, ci, co] }) as tf.Tensor).dataSync());
      expect(wasmConv()!.calls).toBe(calls + 1);
      expect(relativeError(dw, refBackpropFilter(ref, x, dy))).toBeLessThan(TOLERANCE);
    }
  });

  it('computes a 4×4 stride-2 layer forward as a 2×2 Winograd convolution of its space-to-depth input', async () => {
    await prepareWasmConv({ threads: 2, createWorker: nodeWorker });
    registerCourseKernels();
    expect(await tf.setBackend('wasm')).toBe(true);
    const rng = createRng(45);
    for (const [n, h, w, ci, co, pad] of [[2, 14, 10, 4, 9, 'valid'], [1, 12, 12, 3, 8, 2], [3, 8, 6, 5, 12, 'valid']] as const) {
      const g = resolveConvGeometry([n, h, w, ci], [4, 4, ci, co], 2, pad, 'NHWC');
      const ref = { ...refGeometry(n, h, w, ci, 4, 4, co, 2, 'valid'), oh: g.outHeight, ow: g.outWidth, pt: g.padTop, pl: g.padLeft };
      const x = values(rng, n * h * w * ci), filter = values(rng, 16 * ci * co), bias = values(rng, co);
      const calls = wasmConv()!.calls;
      const y = tf.tidy(() => tf.fused.conv2d({ x: tf.tensor4d(x, [n, h, w, ci]), filter: tf.tensor4d(filter, [4, 4, ci, co]), strides: 2, pad, bias: tf.tensor1d(bias), activation: 'relu' }).dataSync());
      expect(wasmConv()!.calls).toBe(calls + 1);
      expect(relativeError(y, refConv2d(ref, x, filter).map((v, i) => Math.max(0, v + bias[i % co])))).toBeLessThan(TOLERANCE);
    }
  });

  it('hands other layers to the stock kernels', async () => {
    await prepareWasmConv({ threads: 1 });
    registerCourseKernels();
    expect(await tf.setBackend('wasm')).toBe(true);
    const calls = wasmConv()!.calls;
    const out = tf.tidy(() => {
      const x = tf.ones([1, 8, 8, 1]) as tf.Tensor4D;
      return [tf.conv2d(x, tf.ones([3, 3, 1, 20]) as tf.Tensor4D, 1, 'same'), tf.fused.conv2d({ x, filter: tf.ones([3, 3, 1, 20]) as tf.Tensor4D, strides: 2, pad: 'same', activation: 'relu' })].map((t) => t.sum().dataSync()[0]);
    });
    expect(wasmConv()!.calls).toBe(calls);
    // Ones convolved with ones: 9 taps inside, fewer at the border; the sums only check the stock kernels ran.
    expect(out[0]).toBe(20 * (6 * 6 * 9 + 4 * 6 * 6 + 4 * 4));
    expect(out[1]).toBeGreaterThan(0);
  });
});
