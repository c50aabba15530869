import { Worker } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { disposeWasmConv, prepareWasmConv, registerCourseKernels, wasmConvStatus } from '../../../src/lib/kernels';
import { resolveConvGeometry } from '../../../src/lib/kernels/convGeometry';
import { wasmConv } from '../../../src/lib/kernels/wasmConv';
import { createRng, randomInt, uniform } from '../../../src/lib/random';
import { refBackpropFilter, refGeometry, relativeError } from './convReference';

const TOLERANCE = 1e-5;

interface Case { n: number; h: number; w: number; ci: number; co: number; kh: number; kw: number; s: number; pad: 'same' | 'valid' }

/**
 * Shapes that reach every register tile: input channels 1–9 (tiles of 4 and each remainder),
 * output channels 1–26 (1–3 vectors of 4, tails of 1–3 lanes, several 12-wide tiles), kernels
 * 1–5 including non-square ones, strides 1–3, same and valid padding, images narrower than the kernel's reach.
 */
function makeCases(): Case[] {
  const rng = createRng(77);
  const cases: Case[] = [];
  for (const s of [1, 2, 3]) for (const pad of ['same', 'valid'] as const) for (let r = 0; r < 6; r++) {
    const kh = randomInt(rng, 1, 5), kw = randomInt(rng, 1, 5);
    cases.push({
      n: randomInt(rng, 1, 4), ci: randomInt(rng, 1, 9), co: randomInt(rng, 1, 26), kh, kw, s, pad,
      h: kh + randomInt(rng, 0, 9), w: kw + randomInt(rng, 0, 9),
    });
  }
  // The lesson's kinds of layer at small size: 3×3 same, 4×4 stride 2 valid, 1×1 to one channel.
  cases.push({ n: 3, h: 12, w: 12, ci: 10, co: 20, kh: 3, kw: 3, s: 1, pad: 'same' });
  cases.push({ n: 2, h: 10, w: 10, ci: 20, co: 30, kh: 4, kw: 4, s: 2, pad: 'valid' });
  cases.push({ n: 2, h: 8, w: 8, ci: 10, co: 1, kh: 1, kw: 1, s: 1, pad: 'valid' });
  return cases;
}

const label = (c: Case) => `n${c.n} ${c.h}×${c.w}×${c.ci}→${c.co} k${c.kh}×${c.kw} s${c.s} ${c.pad}`;
const values = (rng: () => number, size: number) => Float32Array.from({ length: size }, () => uniform(rng, -1, 1));

function inputs(c: Case) {
  const rng = createRng(c.n * 7919 + c.h * 131 + c.w * 17 + c.ci * 5 + c.co * 3 + c.kh + c.kw * 11 + c.s);
  const ref = refGeometry(c.n, c.h, c.w, c.ci, c.kh, c.kw, c.co, c.s, c.pad);
  // refGeometry assumes a square kernel for its padding only through kh/kw separately: recompute with tfjs's rules.
  const g = resolveConvGeometry([c.n, c.h, c.w, c.ci], [c.kh, c.kw, c.ci, c.co], c.s, c.pad, 'NHWC');
  const geometry = { ...ref, oh: g.outHeight, ow: g.outWidth, pt: g.padTop, pl: g.padLeft };
  return { g, ref: geometry, x: values(rng, c.n * c.h * c.w * c.ci), dy: values(rng, c.n * g.outHeight * g.outWidth * c.co) };
}

const nodeWorker = (source: string) => new Worker(source, { eval: true });

describe('the course WebAssembly filter gradient', () => {
  afterAll(() => { disposeWasmConv(); registerCourseKernels(); });

  for (const [threads, relaxed] of [[1, false], [3, false], [1, true], [3, true]] as const) {
    describe(`on ${threads} thread${threads > 1 ? 's' : ''}, ${relaxed ? 'relaxed-SIMD multiply-add' : 'plain SIMD'}`, () => {
      beforeAll(async () => {
        const status = await prepareWasmConv({ threads, createWorker: nodeWorker, relaxed });
        expect(status).toMatchObject({ ready: true, threads, relaxed });
      });

      it.each(makeCases().map((c) => [label(c), c] as const))('matches a float64 reference: %s', (_name, c) => {
        const { g, ref, x, dy } = inputs(c);
        const got = wasmConv()!.filterGrad(x, dy, g);
        expect(got.length).toBe(c.kh * c.kw * c.ci * c.co);
        expect(relativeError(got, refBackpropFilter(ref, x, dy))).toBeLessThan(TOLERANCE);
      });

      it('keeps the result when called again with other shapes (memory grows, buffers are re-zeroed)', () => {
        const big = inputs({ n: 4, h: 40, w: 40, ci: 8, co: 12, kh: 3, kw: 3, s: 1, pad: 'same' });
        const small = inputs({ n: 1, h: 5, w: 5, ci: 3, co: 5, kh: 3, kw: 3, s: 1, pad: 'valid' });
        const first = wasmConv()!.filterGrad(small.x, small.dy, small.g);
        wasmConv()!.filterGrad(big.x, big.dy, big.g);
        expect(Array.from(wasmConv()!.filterGrad(small.x, small.dy, small.g))).toEqual(Array.from(first));
        expect(relativeError(wasmConv()!.filterGrad(big.x, big.dy, big.g), refBackpropFilter(big.ref, big.x, big.dy))).toBeLessThan(TOLERANCE);
      });
    });
  }

  it('picks the relaxed-SIMD build where the engine has it (V8 in Node 24 does)', async () => {
    expect(await prepareWasmConv({ threads: 1 })).toMatchObject({ ready: true, relaxed: true });
  });

  it('runs on one thread when asked for more without a way to start workers', async () => {
    expect(await prepareWasmConv({ threads: 2 })).toMatchObject({ ready: true, threads: 1 });
    expect(wasmConvStatus().detail).toMatch(/one thread/);
  });

  for (const backend of ['wasm', 'cpu'] as const) {
    it(`is the filter gradient tf.grads computes on ${backend} once prepared`, async () => {
      await prepareWasmConv({ threads: 2, createWorker: nodeWorker });
      registerCourseKernels();
      expect(await tf.setBackend(backend)).toBe(true);
      const c: Case = { n: 2, h: 9, w: 7, ci: 5, co: 6, kh: 3, kw: 3, s: 2, pad: 'same' };
      const { ref, x, dy } = inputs(c);
      const before = tf.memory().numTensors, calls = wasmConv()!.calls;
      const dw = tf.tidy(() => {
        const xt = tf.tensor4d(x, [c.n, c.h, c.w, c.ci]);
        const dyt = tf.tensor4d(dy, [c.n, ref.oh, ref.ow, c.co]);
        const w0 = tf.zeros([c.kh, c.kw, c.ci, c.co]) as tf.Tensor4D;
        return tf.grad((w: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(xt, w as tf.Tensor4D, c.s, c.pad), dyt)))(w0).dataSync();
      });
      expect(tf.memory().numTensors).toBe(before);
      expect(wasmConv()!.calls).toBe(calls + 1);
      expect(relativeError(dw, refBackpropFilter(ref, x, dy))).toBeLessThan(TOLERANCE);
    });
  }

  it.each([[1, 3, 3, 1], [2, 5, 7, 3], [3, 9, 9, 13], [16, 20, 20, 40], [600, 1, 1, 5]])(
    'computes bias gradients (Sum over all axes but the channels) on wasm: %j', async (...shape) => {
      await prepareWasmConv({ threads: 1 });
      registerCourseKernels();
      expect(await tf.setBackend('wasm')).toBe(true);
      const rng = createRng(shape.reduce((a, b) => a * 31 + b, 7));
      const x = values(rng, shape.reduce((a, b) => a * b, 1));
      const c = shape[3];
      const ref = new Float64Array(c);
      for (let i = 0; i < x.length; i++) ref[i % c] += x[i];
      const calls = wasmConv()!.calls;
      const [flat, kept, other] = tf.tidy(() => {
        const t = tf.tensor4d(x, shape as [number, number, number, number]);
        return [tf.sum(t, [0, 1, 2]).dataSync(), tf.sum(t, [2, 0, 1], true), tf.sum(t, [1, 2]).dataSync()].map((v) => (v instanceof tf.Tensor ? { shape: v.shape, data: v.dataSync() } : v));
      }) as [Float32Array, { shape: number[]; data: Float32Array }, Float32Array];
      expect(wasmConv()!.calls).toBe(calls + 2); // the third sum keeps the batch axis: the stock kernel
      expect(relativeError(flat, ref)).toBeLessThan(TOLERANCE);
      expect(kept.shape).toEqual([1, 1, 1, c]);
      expect(relativeError(kept.data, ref)).toBeLessThan(TOLERANCE);
      const perImage = new Float64Array(shape[0] * c);
      const hw = shape[1] * shape[2];
      for (let i = 0; i < x.length; i++) perImage[Math.floor(i / (hw * c)) * c + (i % c)] += x[i];
      expect(relativeError(other, perImage)).toBeLessThan(TOLERANCE);
    });
});
