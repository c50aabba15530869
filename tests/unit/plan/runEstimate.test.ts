import { describe, expect, it } from 'vitest';
import { formatDuration } from '../../../src/lib/format';
import { modelCostFactor } from '../../../src/lib/plan/modelCost';
import { chooseRecipeDefaults } from '../../../src/lib/plan/recipeDefaults';
import { msPerRun } from '../../../src/lib/plan/runCost';
import { describeRunEstimate, estimateRun, type RunLength } from '../../../src/lib/plan/runEstimate';
import { WASM_SIZE_EXPONENT } from '../../../src/lib/plan/stepCost';
import { chooseTrainingDefaults } from '../../../src/lib/plan/trainingDefaults';

const SPEED = { msPerStep64: 471, backend: 'wasm', threads: 2 } as const;
const LESSON2: RunLength = { model: 'skip', size: 128, batchSize: 16, epochs: 10, trainLimit: null };
const run = (settings: RunLength, measured: Parameters<typeof estimateRun>[0]['measured'] = null) => estimateRun({ speed: SPEED, measured, settings, trainCount: 320, valCount: 48 });

describe('estimateRun', () => {
  it('is the plan\'s own estimate for the panel\'s starting pick (one source of truth)', () => {
    const recipe = chooseRecipeDefaults({ ...SPEED, trainCount: 320, valCount: 48 }, { optimizer: 'adam', learningRate: 0.001, size: 128, epochs: 10, batchSize: 16, augment: false });
    expect(run(LESSON2)!.ms).toBeCloseTo(recipe.estimatedMs, 6);
    const timed = chooseTrainingDefaults({ ...SPEED, model: 'plain', trainCount: 320, valCount: 48, targetMinutes: 4 });
    expect(run({ model: 'plain', size: timed.size, batchSize: timed.batchSize, epochs: timed.epochs, trainLimit: null })!.ms).toBeCloseTo(timed.estimatedMs, 6);
  });

  it('follows every edit that changes the run\'s length: epochs, size, batch, model and subset', () => {
    const base = run(LESSON2)!.ms;
    expect(run({ ...LESSON2, epochs: 20 })!.ms).toBeGreaterThan(1.9 * base);
    expect(run({ ...LESSON2, size: 64 })!.ms).toBeLessThan(base / 2.5);
    expect(run({ ...LESSON2, model: 'plain' })!.ms).toBeCloseTo(msPerRun({ msPerStep64: 471 * modelCostFactor('plain'), sizeExponent: WASM_SIZE_EXPONENT, size: 128, batchSize: 16, trainCount: 320, valCount: 48, epochs: 10 }), 6);
    expect(run({ ...LESSON2, trainLimit: 160 })!.stepsPerEpoch).toBe(10);
    expect(run({ ...LESSON2, batchSize: 32 })!.stepsPerEpoch).toBe(10);
  });

  it('uses the steps measured here as soon as there are some', () => {
    const measured = { model: 'skip', size: 128, batchSize: 16, msPerStep: 2200, backend: 'wasm', threads: 2 } as const;
    const estimated = run(LESSON2)!;
    const calibrated = run(LESSON2, measured)!;
    expect(calibrated.step).toMatchObject({ msPerStep: 2200, basis: 'measured' });
    expect(calibrated.ms / estimated.ms).toBeCloseTo(2200 / estimated.step.msPerStep, 6);
  });

  it('gives nothing while a field is empty', () => {
    expect(run({ ...LESSON2, epochs: Number.NaN })).toBeNull();
    expect(run({ ...LESSON2, batchSize: Number.NaN })).toBeNull();
    expect(run({ ...LESSON2, size: 0 })).toBeNull();
  });
});

describe('describeRunEstimate', () => {
  it('says the run\'s length, its steps and where the step time comes from', () => {
    const estimated = run(LESSON2)!;
    expect(describeRunEstimate(estimated)).toBe(`With these settings: about ${formatDuration(estimated.ms)} from Start to finished (10 epochs of 20 steps of about 1.6 s, estimated for this kind of device, each epoch followed by a validation pass).`);
    const measured = run({ ...LESSON2, epochs: 1 }, { model: 'skip', size: 128, batchSize: 16, msPerStep: 2200, backend: 'wasm', threads: 2 })!;
    expect(describeRunEstimate(measured)).toMatch(/\(1 epoch of 20 steps of about 2\.2 s, as measured here,/);
  });
});
