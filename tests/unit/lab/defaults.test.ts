import { describe, expect, it } from 'vitest';
import {
  availableSizes, chooseOverfitDefaults, chooseRecipeDefaults, chooseTrainingDefaults, type FirstRunRecipe, type OverfitPlan, estimateMsPerStep64, msPerEpoch, msPerRun, msPerStepAt, sizeExponentFor, WASM_SIZE_EXPONENT,
} from '../../../src/components/lab/defaults';

describe('estimateMsPerStep64', () => {
  it('gives the measured figures of performance.md for wasm and a real GPU', () => {
    expect(estimateMsPerStep64({ backend: 'wasm', threads: 1 })).toBe(700);
    // Two threads: the quiet Chromium measurement; beyond, the power law through 700 and 471.
    expect(estimateMsPerStep64({ backend: 'wasm', threads: 2 })).toBe(471);
    expect(estimateMsPerStep64({ backend: 'wasm', threads: 4 })).toBe(317);
    expect(estimateMsPerStep64({ backend: 'webgl' })).toBe(200);
    expect(estimateMsPerStep64({ backend: 'webgl', softwareRenderer: true })).toBe(44_000);
  });
  it('gets faster with more wasm threads', () => {
    const times = [1, 2, 4, 8].map((threads) => estimateMsPerStep64({ backend: 'wasm', threads }));
    for (let i = 1; i < times.length; i++) expect(times[i]).toBeLessThan(times[i - 1]);
  });
});

describe('step and epoch cost', () => {
  it('scales with pixels and slices', () => {
    expect(msPerStepAt(900, 128, 16)).toBe(3600);
    expect(msPerStepAt(900, 64, 32)).toBe(1800);
  });
  it('on wasm grows with the side to a calibrated power below the pixel count; elsewhere with the pixels', () => {
    expect(sizeExponentFor('wasm')).toBe(WASM_SIZE_EXPONENT);
    for (const backend of ['webgl', 'webgpu', 'cpu'] as const) expect(sizeExponentFor(backend)).toBe(2);
    const wasm128 = msPerStepAt(900, 128, 16, sizeExponentFor('wasm'));
    expect(wasm128).toBeCloseTo(900 * 2 ** WASM_SIZE_EXPONENT, 6);
    // Doubling the side costs more than twice and less than four times as much.
    expect(wasm128 / 900).toBeGreaterThan(2);
    expect(wasm128 / 900).toBeLessThan(4);
    expect(msPerStepAt(900, 64, 16, sizeExponentFor('wasm'))).toBe(900);
  });
  it('estimates lesson 2\'s first run at 128² on wasm within 3 % of its quiet measurement (5 min 56 s)', () => {
    const run = msPerRun({ msPerStep64: 471, sizeExponent: sizeExponentFor('wasm'), size: 128, batchSize: 16, trainCount: 320, valCount: 48, epochs: 10 });
    expect(Math.abs(run / 356_000 - 1)).toBeLessThan(0.03);
  });
  it('adds a forward-only validation pass of a third of a step per slice and one step of overhead', () => {
    // 63 steps of 900 ms + 150 slices · (900 / 16) / 3 + 900 = 56,700 + 2,812.5 + 900
    expect(msPerEpoch({ msPerStep64: 900, size: 64, batchSize: 16, trainCount: 1000, valCount: 150 })).toBeCloseTo(60_412.5, 6);
    // At 128×128 everything costs four times as much.
    expect(msPerEpoch({ msPerStep64: 900, size: 128, batchSize: 16, trainCount: 1000, valCount: 150 })).toBeCloseTo(4 * 60_412.5, 6);
  });
  it('a run adds a set-up of 20 reference steps to its epochs', () => {
    const input = { msPerStep64: 471, size: 64, batchSize: 16, trainCount: 320, valCount: 48 };
    // 20 · 471 + 16 · (20 · 471 + 48 · 471 / 16 / 3 + 471) = 9,420 + 16 · 10,362 = 175,212 ms
    expect(msPerRun({ ...input, epochs: 16 })).toBeCloseTo(175_212, 6);
    // The calibration run: 2 min 59 s measured; the estimate is within 3 %.
    expect(Math.abs(msPerRun({ ...input, epochs: 16 }) / 179_000 - 1)).toBeLessThan(0.03);
  });
});

describe('availableSizes', () => {
  it('offers 256 only on a GPU and only when the data has it', () => {
    expect(availableSizes({ dataSize: 128, gpu: false })).toEqual([64, 128]);
    expect(availableSizes({ dataSize: 128, gpu: true })).toEqual([64, 128]);
    expect(availableSizes({ dataSize: 256, gpu: false })).toEqual([64, 128]);
    expect(availableSizes({ dataSize: 256, gpu: true })).toEqual([64, 128, 256]);
  });
  it('offers small data at its own size', () => {
    expect(availableSizes({ dataSize: 32, gpu: false })).toEqual([32]);
    expect(availableSizes({ dataSize: 96, gpu: false })).toEqual([64, 96]);
  });
});

describe('chooseTrainingDefaults', () => {
  const lesson = { trainCount: 1000, valCount: 150, dataSize: 128 };

  it('a slow 2-core laptop gets 64×64 and 3 epochs within 4 minutes', () => {
    const d = chooseTrainingDefaults({ ...lesson, msPerStep64: 900, measured: true, backend: 'wasm' });
    // One epoch ≈ 60.4 s at 64×64 (242 s at 128×128), set-up 18 s: floor((240 − 18) / 60.4) = 3 epochs.
    expect(d).toMatchObject({ size: 64, epochs: 3, batchSize: 16 });
    expect(d.trainLimit).toBeUndefined();
    expect(d.estimatedMs).toBeLessThanOrEqual(4 * 60_000);
    expect(d.explanation).toContain('Your device runs one training step of 16 slices at 64×64 in about 0.9 s.');
    expect(d.explanation).toContain('So we picked 64×64, 3 epochs and batches of 16');
  });

  it('one wasm thread gets 2 epochs at 64×64 and says the speed is an estimate', () => {
    const d = chooseTrainingDefaults({ ...lesson, msPerStep64: 1300, backend: 'wasm' });
    expect(d).toMatchObject({ size: 64, epochs: 2, batchSize: 16 });
    expect(d.explanation).toContain('an estimate');
  });

  it('a hopelessly slow backend trains 3 epochs on a subset no smaller than a batch', () => {
    const d = chooseTrainingDefaults({ ...lesson, msPerStep64: 29_000, backend: 'cpu' });
    expect(d.epochs).toBe(3);
    expect(d.trainLimit).toBe(16);
    expect(d.explanation).toContain('on the first 16 training slices');
  });

  it('a moderately slow device keeps 3 epochs on a subset that fits the budget', () => {
    const d = chooseTrainingDefaults({ ...lesson, msPerStep64: 4000, backend: 'wasm' });
    expect(d.epochs).toBe(3);
    expect(d.trainLimit).toBeDefined();
    expect(d.trainLimit! % 16).toBe(0);
    expect(d.trainLimit!).toBeLessThan(1000);
    expect(d.estimatedMs).toBeLessThanOrEqual(4 * 60_000);
  });

  it('a GPU trains at 128×128 with batches of 32, never 256 from 128 data', () => {
    const d = chooseTrainingDefaults({ trainCount: 1299, valCount: 144, dataSize: 128, msPerStep64: 100, backend: 'webgl', measured: true });
    // 41 steps · 800 ms + 144 · 400 / 16 / 3 ms + 400 ms = 34.4 s per epoch, set-up 8 s: 6 epochs in 4 minutes.
    expect(d).toMatchObject({ size: 128, epochs: 6, batchSize: 32 });
    expect(d.estimatedMs).toBeLessThanOrEqual(4 * 60_000);
  });

  it('a fast GPU with 256² data picks the largest size that allows 3 epochs', () => {
    const d = chooseTrainingDefaults({ trainCount: 1299, valCount: 144, dataSize: 256, msPerStep64: 30, backend: 'webgpu', measured: true });
    // 41 steps · 30 · 16 · 2 ms + 144 · 30 · 16 / 16 / 3 ms + 480 ms = 41.3 s per epoch at 256², set-up 9.6 s → 5 epochs.
    expect(d).toMatchObject({ size: 256, epochs: 5, batchSize: 32 });
  });

  it('never exceeds the budget when it trains on every slice, over a range of speeds', () => {
    for (const ms of [50, 120, 300, 600, 900, 1300, 2000]) {
      const d = chooseTrainingDefaults({ ...lesson, msPerStep64: ms, backend: 'wasm' });
      if (d.trainLimit === undefined && d.epochs >= 2) expect(d.estimatedMs).toBeLessThanOrEqual(4 * 60_000);
      expect(d.epochs).toBeGreaterThanOrEqual(2);
      expect(d.epochs).toBeLessThanOrEqual(7);
    }
  });
});

describe('the lesson\'s closing sentence', () => {
  it('comes in from the lesson, and is absent when the lesson gives none', () => {
    const input = { msPerStep64: 900, backend: 'wasm' as const, trainCount: 1000, valCount: 150 };
    expect(chooseTrainingDefaults({ ...input, comparison: 'The original trained at 256×256.' }).explanation).toMatch(/ The original trained at 256×256\.$/);
    expect(chooseTrainingDefaults(input).explanation).not.toContain('original');
  });
});

const PLAN: OverfitPlan = { trainSlices: 16, epochs: 60, learningRate: 0.002, loss: 'bce', batchSize: 8, size: 64, lossWords: 'cross-entropy' };
const OVERFIT_EPOCHS = PLAN.epochs;

describe('chooseOverfitDefaults', () => {
  it('trains the tiny subset at 64×64 for the full demo length and estimates the time from the measured step', () => {
    const d = chooseOverfitDefaults({ msPerStep64: 900, backend: 'wasm', trainCount: 1000, valCount: 150 }, PLAN);
    expect(d).toMatchObject({ size: 64, batchSize: 8, trainLimit: 16, epochs: OVERFIT_EPOCHS });
    // 2 steps · 450 ms + 150 · 56.25 / 3 ms + 900 ms = 4,612.5 ms per epoch, 60 epochs, set-up 18 s.
    expect(d.estimatedMs).toBeCloseTo(18_000 + 60 * 4612.5, 0);
    expect(d.explanation).toContain('first 16 slices');
    expect(d.explanation).toContain('cross-entropy');
    expect(d.explanation).not.toContain('you may stop');
  });

  it('keeps the epochs on a slow device but says that stopping once the curve has turned is fine', () => {
    const d = chooseOverfitDefaults({ msPerStep64: 29_000, backend: 'cpu', trainCount: 1000, valCount: 150 }, PLAN);
    expect(d.epochs).toBe(OVERFIT_EPOCHS);
    expect(d.explanation).toContain('you may stop the run');
  });

  it('uses every slice when the data has fewer training slices than the subset', () => {
    expect(chooseOverfitDefaults({ msPerStep64: 900, backend: 'wasm', trainCount: 10, valCount: 4 }, PLAN).trainLimit).toBe(10);
  });
});

describe('chooseRecipeDefaults', () => {
  const lesson = { trainCount: 320, valCount: 48, dataSize: 128 };
  // Lesson 1's skip-model recipe (segmentation.mdx).
  const SKIP_FIRST_RUN: FirstRunRecipe = { optimizer: 'adam', learningRate: 0.002, size: 64, epochs: 16, batchSize: 16, augment: true };

  it('is the same fixed recipe on every CPU, whatever the speed, with the duration estimated for this one', () => {
    const slow = chooseRecipeDefaults({ ...lesson, msPerStep64: 1300, backend: 'wasm' }, SKIP_FIRST_RUN);
    const fast = chooseRecipeDefaults({ ...lesson, msPerStep64: 500, backend: 'wasm' }, SKIP_FIRST_RUN);
    for (const d of [slow, fast]) {
      expect(d).toMatchObject({ size: 64, epochs: SKIP_FIRST_RUN.epochs, batchSize: 16, optimizer: 'adam', learningRate: SKIP_FIRST_RUN.learningRate, augment: true });
      expect(d.trainLimit).toBeUndefined();
    }
    // Set-up 20 · 500 ms, then per epoch 20 steps of 500 ms + 48 · (500 / 16) / 3 + 500 = 11,000 ms.
    expect(fast.estimatedMs).toBeCloseTo(10_000 + SKIP_FIRST_RUN.epochs * 11_000, 6);
    expect(fast.explanation).toContain('Adam');
    expect(slow.estimatedMs).toBeGreaterThan(fast.estimatedMs);
  });

  it('passes the lesson\'s schedule on and names it; lesson 1\'s recipe is estimated at 2 min 24 s on two wasm threads', () => {
    const recipe: FirstRunRecipe = { ...SKIP_FIRST_RUN, learningRate: 0.004, schedule: 'cosine', epochs: 13 };
    const d = chooseRecipeDefaults({ ...lesson, msPerStep64: estimateMsPerStep64({ backend: 'wasm', threads: 2 }), backend: 'wasm' }, recipe);
    expect(d.schedule).toBe('cosine');
    expect(d.explanation).toContain('learning rate 0.004, lowered to zero by the last step');
    // 20 · 471 + 13 · (20 · 471 + 471 + 471) = 144,126 ms.
    expect(d.estimatedMs).toBeCloseTo(144_126, 6);
    expect(d.explanation).toContain('about 2 min 24 s in all');
    expect(chooseRecipeDefaults({ ...lesson, msPerStep64: 500, backend: 'wasm' }, SKIP_FIRST_RUN).schedule).toBe('constant');
  });

  it('leaves GPUs to the timed rule', () => {
    const d = chooseRecipeDefaults({ ...lesson, msPerStep64: 100, backend: 'webgl', measured: true }, SKIP_FIRST_RUN);
    expect(d.optimizer).toBeUndefined();
  });
});
