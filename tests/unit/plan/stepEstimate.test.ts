import { describe, expect, it } from 'vitest';
import { modelCostFactor } from '../../../src/lib/plan/modelCost';
import { msPerStepAt, WASM_SIZE_EXPONENT } from '../../../src/lib/plan/stepCost';
import { describeStepEstimate, estimateStep, isEstimable, measuredHere, type MeasuredStep } from '../../../src/lib/plan/stepEstimate';

const SPEED = { msPerStep64: 471, backend: 'wasm', threads: 2 } as const;

describe('estimateStep', () => {
  it('estimates each panel\'s own step from its model, size and batch, not the reference step', () => {
    const plain128 = estimateStep({ speed: SPEED, shape: { model: 'plain', size: 128, batchSize: 16 }, measured: null });
    expect(plain128.basis).toBe('estimated');
    expect(plain128.msPerStep).toBeCloseTo(msPerStepAt(471 * modelCostFactor('plain'), 128, 16, WASM_SIZE_EXPONENT), 6);
    const skip64 = estimateStep({ speed: SPEED, shape: { model: 'skip', size: 64, batchSize: 16 }, measured: null });
    expect(skip64.msPerStep).toBe(471);
    const block64x8 = estimateStep({ speed: SPEED, shape: { model: 'block', size: 64, batchSize: 8 }, measured: null });
    expect(block64x8.msPerStep).toBeCloseTo(471 * modelCostFactor('block') / 2, 6);
    // Side² where nothing was measured of the size scaling.
    const gpu = estimateStep({ speed: { msPerStep64: 200, backend: 'webgl', threads: 1 }, shape: { model: 'skip', size: 128, batchSize: 16 }, measured: null });
    expect(gpu.msPerStep).toBeCloseTo(800, 6);
  });

  it('quotes a step measured here with the same settings as measured, and scales it to other settings', () => {
    // Lesson 2 on a quiet machine: 2.2 s per step at 128², where the estimate said about 1.5 s.
    const measured: MeasuredStep = { model: 'skip', size: 128, batchSize: 16, msPerStep: 2200, backend: 'wasm', threads: 2 };
    const same = estimateStep({ speed: SPEED, shape: { model: 'skip', size: 128, batchSize: 16 }, measured });
    expect(same).toMatchObject({ msPerStep: 2200, basis: 'measured' });
    const other = estimateStep({ speed: SPEED, shape: { model: 'plain', size: 64, batchSize: 16 }, measured });
    expect(other.basis).toBe('scaled');
    expect(other.msPerStep).toBeCloseTo(2200 / 2 ** WASM_SIZE_EXPONENT * modelCostFactor('plain'), 6);
    // Slower than the class estimate said, as the measurement was.
    expect(other.msPerStep).toBeGreaterThan(estimateStep({ speed: SPEED, shape: { model: 'plain', size: 64, batchSize: 16 }, measured: null }).msPerStep);
    expect(same.msPerStep64).toBeCloseTo(other.msPerStep64, 9);
  });

  it('ignores a step measured on another backend or thread count', () => {
    const onOne: MeasuredStep = { model: 'skip', size: 64, batchSize: 16, msPerStep: 900, backend: 'wasm', threads: 1 };
    expect(measuredHere(SPEED, onOne)).toBe(false);
    expect(estimateStep({ speed: SPEED, shape: onOne, measured: onOne })).toMatchObject({ msPerStep: 471, basis: 'estimated' });
    expect(measuredHere(SPEED, { ...onOne, backend: 'webgl', threads: 2 })).toBe(false);
    expect(measuredHere(SPEED, { ...onOne, threads: 2 })).toBe(true);
  });
});

describe('describeStepEstimate', () => {
  it('says what the estimate is for and where it comes from', () => {
    const shape = { model: 'plain', size: 128, batchSize: 16 } as const;
    const estimate = estimateStep({ speed: SPEED, shape, measured: null });
    expect(describeStepEstimate(estimate, shape)).toMatch(/^Estimated: 1\.4 s per training step \(plain model, 128×128, batch 16\)\.$/);
    const measured = estimateStep({ speed: SPEED, shape, measured: { ...shape, msPerStep: 2240, backend: 'wasm', threads: 2 } });
    expect(describeStepEstimate(measured, shape)).toBe('Measured here: 2.2 s per training step (plain model, 128×128, batch 16).');
    const small = { model: 'skip', size: 64, batchSize: 16 } as const;
    expect(describeStepEstimate(estimateStep({ speed: SPEED, shape: small, measured: null }), small)).toBe('Estimated: 471 ms per training step (skip model, 64×64, batch 16).');
    expect(describeStepEstimate(estimateStep({ speed: SPEED, shape: small, measured: { ...shape, msPerStep: 2240, backend: 'wasm', threads: 2 } }), small)).toMatch(/^Estimated from the steps measured here: \d+ ms per training step/);
  });

  it('refuses shapes with an emptied field', () => {
    expect(isEstimable({ model: 'skip', size: Number.NaN, batchSize: 16 })).toBe(false);
    expect(isEstimable({ model: 'skip', size: 64, batchSize: 0 })).toBe(false);
    expect(isEstimable({ model: 'skip', size: 64, batchSize: 16 })).toBe(true);
  });
});
