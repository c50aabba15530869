import { Worker } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, describe, expect, it } from 'vitest';
import { disposeWasmConv, prepareWasmConv, registerCourseKernels, unregisterCourseKernels, wasmConvStatus } from '../../../src/lib/kernels';
import { wasmConv } from '../../../src/lib/kernels/wasmConv';
import { createRng, uniform } from '../../../src/lib/random';

const SIZE = 16;
const BATCH = 4;

/**
 * A tiny encoder-decoder with every layer kind the lessons use: same conv, pad + 4×4 s2 conv, 4×4 s2
 * ConvT, valid conv; the 8 → 16 → 16 same convs and the 8 → 8 valid conv are wide enough for the
 * Winograd kernel (forward, input and filter gradients).
 */
function buildTinyModel(seed: number): tf.LayersModel {
  const init = (i: number) => tf.initializers.heNormal({ seed: seed + i });
  return tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [SIZE, SIZE, 1], filters: 8, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: init(1) }),
      tf.layers.conv2d({ filters: 16, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: init(6) }),
      tf.layers.conv2d({ filters: 16, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: init(7) }),
      tf.layers.zeroPadding2d({ padding: 1 }),
      tf.layers.conv2d({ filters: 6, kernelSize: 4, strides: 2, padding: 'valid', activation: 'relu', kernelInitializer: init(2) }),
      tf.layers.conv2dTranspose({ filters: 8, kernelSize: 4, strides: 2, padding: 'valid', activation: 'relu', kernelInitializer: init(3) }),
      tf.layers.conv2d({ filters: 8, kernelSize: 3, padding: 'valid', activation: 'relu', kernelInitializer: init(4) }),
      tf.layers.conv2d({ filters: 1, kernelSize: 1, kernelInitializer: init(5) }),
    ],
  });
}

/** Input: smooth random blobs; target: the input shifted by one pixel, plus 0.5 (needs the spatial filters). */
function makeData(seed: number): { x: Float32Array; y: Float32Array } {
  const rng = createRng(seed);
  const x = new Float32Array(BATCH * SIZE * SIZE), y = new Float32Array(BATCH * SIZE * SIZE);
  for (let n = 0; n < BATCH; n++) {
    const cx = uniform(rng, 4, 12), cy = uniform(rng, 4, 12), r = uniform(rng, 2, 5);
    for (let i = 0; i < SIZE; i++) for (let j = 0; j < SIZE; j++) {
      x[(n * SIZE + i) * SIZE + j] = Math.exp(-((i - cy) ** 2 + (j - cx) ** 2) / (r * r));
    }
    for (let i = 0; i < SIZE; i++) for (let j = 0; j < SIZE; j++) {
      const v = x[(n * SIZE + i) * SIZE + Math.min(j + 1, SIZE - 1)];
      y[(n * SIZE + i) * SIZE + j] = 0.5 + v;
    }
  }
  return { x, y };
}

/** Trains `steps` Adam steps on `backend` and returns the loss before each step. */
async function trainLosses(backend: 'wasm' | 'cpu', steps: number): Promise<number[]> {
  expect(await tf.setBackend(backend)).toBe(true);
  await tf.ready();
  const model = buildTinyModel(11);
  const data = makeData(5);
  const x = tf.tensor4d(data.x, [BATCH, SIZE, SIZE, 1]), y = tf.tensor4d(data.y, [BATCH, SIZE, SIZE, 1]);
  const optimizer = tf.train.adam(0.01);
  const losses: number[] = [];
  try {
    for (let s = 0; s < steps; s++) {
      const loss = optimizer.minimize(() => tf.losses.meanSquaredError(y, model.predict(x) as tf.Tensor), true);
      losses.push((await loss!.data())[0]);
      loss!.dispose();
    }
  } finally {
    x.dispose(); y.dispose(); optimizer.dispose(); model.dispose();
  }
  return losses;
}

describe('training with the course kernels', () => {
  afterAll(() => { disposeWasmConv(); registerCourseKernels(); });

  it('makes a tiny conv model learn on wasm without leaking tensors', async () => {
    registerCourseKernels();
    await trainLosses('wasm', 2); // warm-up: backend start-up allocations
    const before = tf.memory().numTensors;
    const losses = await trainLosses('wasm', 40);
    expect(tf.memory().numTensors).toBe(before);
    expect(losses.every(Number.isFinite)).toBe(true);
    expect(losses[losses.length - 1]).toBeLessThan(0.5 * losses[0]);
  });

  it('follows the same loss curve as the stock kernels', async () => {
    unregisterCourseKernels();
    const stock = await trainLosses('cpu', 8); // tfjs's own cpu gradients are the reference
    registerCourseKernels();
    const oursCpu = await trainLosses('cpu', 8);
    const oursWasm = await trainLosses('wasm', 8);
    // The same with the course's own WebAssembly filter gradient on two threads.
    expect(await prepareWasmConv({ threads: 2, createWorker: (source) => new Worker(source, { eval: true }) })).toMatchObject({ ready: true, threads: 2 });
    registerCourseKernels();
    const ownWasm = await trainLosses('wasm', 8);
    const ownCpu = await trainLosses('cpu', 8);
    expect(wasmConvStatus().ready).toBe(true);
    // 7 weighted layers, 8 steps: every filter gradient on both backends and every bias gradient on
    // wasm went through the own kernels, and on wasm the three wide 3×3 layers' forward passes and
    // input gradients through the Winograd kernel (their filter gradients are among the first count).
    expect(wasmConv()!.calls).toBe(2 * 8 * 7 + 8 * 7 + 8 * 6);
    expect(stock[stock.length - 1]).toBeLessThan(stock[0]);
    for (let s = 0; s < stock.length; s++) {
      for (const ours of [oursCpu, oursWasm, ownWasm, ownCpu]) expect(Math.abs(ours[s] - stock[s]) / stock[s]).toBeLessThan(1e-3);
    }
  });
});
