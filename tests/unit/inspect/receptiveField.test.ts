import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildEncoderDecoder } from '../../../src/lib/models/encoderDecoder';
import { layerGeometryOf } from '../../../src/lib/inspect/layerGeometryOf';
import { receptiveBox, receptiveIntervals } from '../../../src/lib/inspect/receptiveField';
import type { LayerGeometry } from '../../../src/lib/inspect/layerGeometry';
import { attributionOf } from '../../../src/lib/inspect/attribution';
import { createRng } from '../../../src/lib/random';

beforeAll(async () => {
  expect(await tf.setBackend('cpu')).toBe(true);
});

const SIDE = 80;

/** The empirical receptive field: pixels where the gradient of output pixel (row, column) is non-zero, for any of a few random inputs. */
async function empiricalSupport(model: tf.LayersModel, row: number, column: number): Promise<Uint8Array> {
  const support = new Uint8Array(SIDE * SIDE);
  const region = new Float32Array(SIDE * SIDE);
  region[row * SIDE + column] = 1;
  const rng = createRng(7);
  for (let draw = 0; draw < 2; draw++) {
    const input = Float32Array.from({ length: SIDE * SIDE }, () => rng() * 2 - 1);
    const { gradient } = await attributionOf({ model, input, region, height: SIDE, width: SIDE });
    gradient.forEach((g, i) => { if (g !== 0) support[i] = 1; });
  }
  return support;
}

describe('receptiveIntervals', () => {
  it('follows the closed form on a chain of convolutions: r = 1 + Σ (k − 1)·jump, jump = Π strides', () => {
    // Three 'valid' layers along one axis: 3×3 stride 1, 4×4 stride 2, 3×3 stride 1 on 20 pixels → 18 → 8 → 6.
    const g = (span: number, stride: number, inSize: number, outSize: number) => ({ transposed: false, span, stride, before: 0, inSize, outSize });
    const layer = (name: string, input: string, a: ReturnType<typeof g>): LayerGeometry => ({ name, inputs: [input], axes: [a, a] });
    const layers: LayerGeometry[] = [
      { name: 'in', inputs: [], axes: null },
      layer('a', 'in', g(3, 1, 20, 18)), layer('b', 'a', g(4, 2, 18, 8)), layer('c', 'b', g(3, 1, 8, 6)),
    ];
    const { start, end } = receptiveIntervals(layers, 0);
    // r = 1 + 2·1 + 3·1 + 2·2 = 10, and output o starts at o·(jump 2).
    for (let o = 0; o < 6; o++) {
      expect(end[o] - start[o] + 1).toBe(10);
      expect(start[o]).toBe(2 * o);
    }
  });

  for (const skips of [false, true]) {
    it(`contains the empirical field of the ${skips ? 'skip' : 'plain'} model, and equals its extent (random untrained weights and inputs)`, async () => {
      const model = buildEncoderDecoder({ height: SIDE, width: SIDE, skips, output: 'sigmoid', seed: 3 });
      const layers = layerGeometryOf(model);
      // An interior pixel whose field is not clipped, pixels whose field the image edge clips, and a corner.
      for (const [row, column] of [[40, 40], [0, 0], [6, 73], [79, 31]]) {
        const box = receptiveBox(layers, { row, column });
        expect(box).not.toBeNull();
        if (!box) continue;
        const support = await empiricalSupport(model, row, column);
        let top = SIDE, bottom = -1, left = SIDE, right = -1, inside = 0;
        support.forEach((on, i) => {
          if (!on) return;
          const r = Math.floor(i / SIDE), c = i % SIDE;
          // Contained: no input pixel outside the theoretical box moves the output pixel.
          expect(r >= box.top && r <= box.bottom && c >= box.left && c <= box.right).toBe(true);
          top = Math.min(top, r); bottom = Math.max(bottom, r); left = Math.min(left, c); right = Math.max(right, c);
          inside++;
        });
        // Equal: the theory's edges are reached, and the box is filled.
        expect({ top, bottom, left, right }).toEqual(box);
        expect(inside).toBe((box.bottom - box.top + 1) * (box.right - box.left + 1));
      }
      // The interior field of these models is unclipped at this size.
      const interior = receptiveBox(layers, { row: 40, column: 40 });
      expect(interior && interior.top > 0 && interior.bottom < SIDE - 1).toBe(true);
      model.dispose();
    });
  }
});

afterAll(() => {
  tf.disposeVariables();
});
