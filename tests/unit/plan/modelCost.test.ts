import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { buildBlockModel } from '../../../src/lib/models/blockModel';
import { buildEncoderDecoder } from '../../../src/lib/models/encoderDecoder';
import { FORWARD_MACS_PER_PIXEL, modelCostFactor } from '../../../src/lib/plan/modelCost';
import { msPerStepOf, referenceStepOf, WASM_SIZE_EXPONENT } from '../../../src/lib/plan/stepCost';

/** Forward multiply-adds of a built model, counted from its layers: a convolution's per output pixel, a transposed one's per input pixel. */
function countMacs(model: tf.LayersModel): number {
  let total = 0;
  for (const layer of model.layers) {
    const kind = layer.getClassName();
    if (kind !== 'Conv2D' && kind !== 'Conv2DTranspose') continue;
    const kernel = layer.getWeights()[0].shape;
    const node = layer.inboundNodes[0];
    const shapes = (kind === 'Conv2D' ? node.outputShapes : node.inputShapes) as unknown[];
    // One shape, or a list of one shape, depending on how tfjs recorded the node.
    const pixels = (Array.isArray(shapes[0]) ? shapes[0] : shapes) as number[];
    total += pixels[1] * pixels[2] * kernel.reduce((a, b) => a * b, 1);
  }
  return total;
}

describe('FORWARD_MACS_PER_PIXEL', () => {
  it('matches the multiply-adds of the models the builders make (a large side, where the borders "valid" loses are negligible)', () => {
    const side = 512;
    const built = {
      plain: buildEncoderDecoder({ height: side, width: side, skips: false, output: 'linear', seed: 1 }),
      skip: buildEncoderDecoder({ height: side, width: side, skips: true, output: 'linear', seed: 1 }),
      block: buildBlockModel({ height: side, width: side, seed: 1 }),
    };
    try {
      for (const [kind, model] of Object.entries(built)) {
        const perPixel = countMacs(model) / side ** 2;
        // Within 2 %: the block model crops a pixel off every edge and loses a few rows in its "valid" steps.
        expect(Math.abs(perPixel / FORWARD_MACS_PER_PIXEL[kind as keyof typeof built] - 1), kind).toBeLessThan(0.02);
      }
      // The skip model's count is the benchmark's (docs/performance.md), exactly.
      expect(countMacs(built.skip) / side ** 2).toBe(36_681.25);
    } finally {
      for (const model of Object.values(built)) model.dispose();
    }
  });
});

describe('modelCostFactor', () => {
  it('is 1 for the skip model the device speed is quoted for, less for the lighter plain and block models', () => {
    expect(modelCostFactor('skip')).toBe(1);
    expect(modelCostFactor('plain')).toBeCloseTo(0.877, 3);
    expect(modelCostFactor('block')).toBeCloseTo(0.654, 3);
  });

  it('sets a step\'s time with the size and batch, and referenceStepOf undoes it', () => {
    const shape = { model: 'plain', size: 128, batchSize: 8 } as const;
    const ms = msPerStepOf(471, shape, WASM_SIZE_EXPONENT);
    expect(ms).toBeCloseTo(471 * modelCostFactor('plain') * 2 ** WASM_SIZE_EXPONENT / 2, 6);
    expect(referenceStepOf(ms, shape, WASM_SIZE_EXPONENT)).toBeCloseTo(471, 9);
  });
});
