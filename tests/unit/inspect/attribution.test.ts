import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { attributionOf } from '../../../src/lib/inspect/attribution';
import { layerGeometryOf } from '../../../src/lib/inspect/layerGeometryOf';
import { receptiveIntervals } from '../../../src/lib/inspect/receptiveField';
import { createRng } from '../../../src/lib/random';

beforeAll(async () => {
  expect(await tf.setBackend('cpu')).toBe(true);
});

const SIDE = 24;

/** A tiny segmentation-like model: two 3×3 convolutions, one of stride 2 and its transposed mirror, then a 1×1 sigmoid. */
function tinyModel(): tf.LayersModel {
  const input = tf.input({ shape: [SIDE, SIDE, 1] });
  const init = (seed: number) => tf.initializers.randomNormal({ mean: 0, stddev: 0.5, seed });
  let x = tf.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same', activation: 'tanh', kernelInitializer: init(1) }).apply(input) as tf.SymbolicTensor;
  x = tf.layers.conv2d({ filters: 4, kernelSize: 3, strides: 2, padding: 'same', activation: 'tanh', kernelInitializer: init(2) }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.conv2dTranspose({ filters: 4, kernelSize: 2, strides: 2, padding: 'valid', activation: 'tanh', kernelInitializer: init(3) }).apply(x) as tf.SymbolicTensor;
  const output = tf.layers.conv2d({ filters: 1, kernelSize: 1, activation: 'sigmoid', kernelInitializer: init(4) }).apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: output });
}

describe('attributionOf', () => {
  const model = tinyModel();
  const rng = createRng(2);
  // Inputs away from zero, so gradient × input is zero only where the gradient is.
  const input = Float32Array.from({ length: SIDE * SIDE }, () => 0.5 + rng());

  it('is zero outside the receptive field of the painted region, and not inside it', async () => {
    const region = new Float32Array(SIDE * SIDE);
    const painted = [[10, 10], [10, 11], [11, 10], [12, 13]];
    for (const [r, c] of painted) region[r * SIDE + c] = 1;
    const { attribution } = await attributionOf({ model, input, region, height: SIDE, width: SIDE });
    const layers = layerGeometryOf(model);
    const rows = receptiveIntervals(layers, 0);
    const columns = receptiveIntervals(layers, 1);
    const inField = (r: number, c: number) => painted.some(([pr, pc]) => r >= rows.start[pr] && r <= rows.end[pr] && c >= columns.start[pc] && c <= columns.end[pc]);
    let inside = 0;
    attribution.forEach((a, i) => {
      const r = Math.floor(i / SIDE), c = i % SIDE;
      if (!inField(r, c)) expect(a).toBe(0);
      else if (a !== 0) inside++;
    });
    expect(inside).toBeGreaterThan(0);
  });

  it('is gradient × input, sums the region before the gradient, and leaks no tensors', async () => {
    const one = new Float32Array(SIDE * SIDE);
    one[5 * SIDE + 5] = 1;
    const other = new Float32Array(SIDE * SIDE);
    other[18 * SIDE + 3] = 1;
    const both = one.map((v, i) => v + other[i]);
    const baseline = tf.memory().numTensors;
    for (let repeat = 0; repeat < 3; repeat++) {
      const a = await attributionOf({ model, input, region: one, height: SIDE, width: SIDE });
      const b = await attributionOf({ model, input, region: other, height: SIDE, width: SIDE });
      const sum = await attributionOf({ model, input, region: both, height: SIDE, width: SIDE });
      sum.gradient.forEach((g, i) => expect(g).toBeCloseTo(a.gradient[i] + b.gradient[i], 6));
      sum.attribution.forEach((v, i) => expect(v).toBeCloseTo(sum.gradient[i] * input[i], 6));
    }
    expect(tf.memory().numTensors).toBe(baseline);
  });
});
