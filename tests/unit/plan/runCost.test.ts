import { describe, expect, it } from 'vitest';
import { EPOCH_OVERHEAD_STEPS, msOfSetup, msPerEpoch, msPerRun, SETUP_STEPS, type RunShape } from '../../../src/lib/plan/runCost';
import { msPerStepAt, REFERENCE_BATCH, sizeExponentFor } from '../../../src/lib/plan/stepCost';

const shapes: RunShape[] = [
  { msPerStep64: 900, size: 64, batchSize: 16, trainCount: 1000, valCount: 150 },
  { msPerStep64: 471, sizeExponent: sizeExponentFor('wasm'), size: 128, batchSize: 16, trainCount: 320, valCount: 48 },
  { msPerStep64: 200, size: 128, batchSize: 32, trainCount: 1299, valCount: 144 },
  { msPerStep64: 700, sizeExponent: sizeExponentFor('wasm'), size: 64, batchSize: 8, trainCount: 13, valCount: 5 },
];

describe('msPerEpoch', () => {
  it('counts every (last partial) batch as a full step, a third of a step per validation slice, and the overhead', () => {
    for (const shape of shapes) {
      const step = (slices: number) => msPerStepAt(shape.msPerStep64, shape.size, slices, shape.sizeExponent);
      const expected = Math.ceil(shape.trainCount / shape.batchSize) * step(shape.batchSize) + step(shape.valCount) / 3 + EPOCH_OVERHEAD_STEPS * step(REFERENCE_BATCH);
      expect(msPerEpoch(shape)).toBeCloseTo(expected, 6);
    }
  });

  it('grows with training and validation slices and with the image side', () => {
    for (const shape of shapes) {
      expect(msPerEpoch({ ...shape, trainCount: shape.trainCount + shape.batchSize })).toBeGreaterThan(msPerEpoch(shape));
      expect(msPerEpoch({ ...shape, valCount: shape.valCount + 1 })).toBeGreaterThan(msPerEpoch(shape));
      expect(msPerEpoch({ ...shape, size: 2 * shape.size })).toBeGreaterThan(msPerEpoch(shape));
    }
  });
});

describe('msPerRun', () => {
  it('is the set-up of SETUP_STEPS reference steps plus every epoch', () => {
    for (const shape of shapes) {
      expect(msOfSetup(shape)).toBeCloseTo(SETUP_STEPS * msPerStepAt(shape.msPerStep64, shape.size, REFERENCE_BATCH, shape.sizeExponent), 6);
      expect(msPerRun({ ...shape, epochs: 0 })).toBeCloseTo(msOfSetup(shape), 6);
      for (const epochs of [1, 3, 10]) expect(msPerRun({ ...shape, epochs })).toBeCloseTo(msOfSetup(shape) + epochs * msPerEpoch(shape), 6);
    }
  });

  // Calibrations: the overheads and the wasm size exponent were fitted to these two runs, timed from
  // Start to "finished" in Chromium on a quiet 2-core machine (2 wasm threads); the model must still reproduce them.
  it('calibration: lesson 1\'s earlier 16-epoch skip run at 64² (320 training, 48 validation slices) took 2 min 59 s', () => {
    const run = msPerRun({ msPerStep64: 471, sizeExponent: sizeExponentFor('wasm'), size: 64, batchSize: 16, trainCount: 320, valCount: 48, epochs: 16 });
    expect(Math.abs(run / 179_000 - 1)).toBeLessThan(0.03);
  });
});
