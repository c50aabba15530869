import { describe, expect, it } from 'vitest';
import { formatDuration } from '../../../src/lib/format';
import { chooseRecipeDefaults, type FirstRunRecipe } from '../../../src/lib/plan/recipeDefaults';
import { msPerRun } from '../../../src/lib/plan/runCost';
import { estimateMsPerStep64, sizeExponentFor } from '../../../src/lib/plan/stepCost';
import { chooseTrainingDefaults } from '../../../src/lib/plan/trainingDefaults';

// The lessons' recipes as their pages pass them (segmentation.mdx firstRunB, translation.mdx firstRun),
// on the lessons' 128² files: 320 training and 48 validation slices.
const LESSON1: FirstRunRecipe = { optimizer: 'adam', learningRate: 0.004, schedule: 'cosine', size: 64, epochs: 13, batchSize: 16, augment: false };
const LESSON2: FirstRunRecipe = { optimizer: 'adam', learningRate: 0.001, size: 128, epochs: 10, batchSize: 16, augment: false };
const DATA = { trainCount: 320, valCount: 48, dataSize: 128 };

describe('chooseRecipeDefaults', () => {
  it('keeps the lesson\'s recipe on every CPU, whatever its speed, and estimates it by the cost model', () => {
    for (const recipe of [LESSON1, LESSON2]) {
      for (const [backend, msPerStep64] of [['wasm', 300], ['wasm', 471], ['wasm', 1300], ['cpu', 29_000]] as const) {
        const d = chooseRecipeDefaults({ ...DATA, msPerStep64, backend }, recipe);
        expect(d).toMatchObject({ ...recipe, schedule: recipe.schedule ?? 'constant' });
        expect(d.trainLimit).toBeUndefined();
        const run = msPerRun({ msPerStep64, sizeExponent: sizeExponentFor(backend), size: recipe.size, batchSize: recipe.batchSize, trainCount: DATA.trainCount, valCount: DATA.valCount, epochs: recipe.epochs });
        expect(d.estimatedMs).toBeCloseTo(run, 6);
        expect(d.explanation).toContain(`: about ${formatDuration(d.estimatedMs)} in all`);
      }
    }
  });

  it('estimates a slower device longer', () => {
    const at = (msPerStep64: number) => chooseRecipeDefaults({ ...DATA, msPerStep64, backend: 'wasm' }, LESSON2).estimatedMs;
    expect(at(700)).toBeGreaterThan(at(471));
  });

  it('names the optimiser, the schedule and the augmentation it sets, and says when the speed is an estimate', () => {
    const cosine = chooseRecipeDefaults({ ...DATA, msPerStep64: 471, backend: 'wasm' }, LESSON1);
    expect(cosine.explanation).toContain('the lesson sets Adam (learning rate 0.004, lowered to zero by the last step), augmentation off, intensity augmentation off, 64×64, 13 epochs and batches of 16');
    expect(cosine.explanation).toContain('(an estimate for this kind of device; nothing has been measured)');
    const sgd = chooseRecipeDefaults({ ...DATA, msPerStep64: 471, backend: 'wasm', measured: true }, { ...LESSON2, optimizer: 'sgd', augment: true });
    expect(sgd.explanation).toContain('the lesson sets SGD (learning rate 0.001), augmentation on, intensity augmentation off');
    const intensity = chooseRecipeDefaults({ ...DATA, msPerStep64: 471, backend: 'wasm' }, { ...LESSON2, intensityAugment: true });
    expect(intensity.explanation).toContain('augmentation off, intensity augmentation on, 128×128');
    expect(intensity.intensityAugment).toBe(true);
    expect(cosine.intensityAugment).toBe(false);
    expect(sgd.explanation).not.toContain('estimate');
  });

  it('leaves GPUs to the timed rule', () => {
    for (const backend of ['webgl', 'webgpu'] as const) {
      const input = { ...DATA, msPerStep64: 100, backend, measured: true };
      expect(chooseRecipeDefaults(input, LESSON2)).toEqual(chooseTrainingDefaults(input));
    }
  });

  // A calibration, not a rule: the wasm step figures are measured (npm run bench -- --sizes 64,128), and with
  // them this estimate matches lesson 2's measured first run (Chromium, quiet 2-core machine, 2 threads, the
  // Winograd kernels: 4 min 26 s from Start to "finished", npm run bench -- --time-to-quality translation).
  it('calibration: lesson 2\'s 128² recipe on two wasm threads is estimated within 3 % of its measured 4 min 26 s', () => {
    const d = chooseRecipeDefaults({ ...DATA, msPerStep64: estimateMsPerStep64({ backend: 'wasm', threads: 2 }), backend: 'wasm' }, LESSON2);
    expect(Math.abs(d.estimatedMs / 266_000 - 1)).toBeLessThan(0.03);
  });
});
