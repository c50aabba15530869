import { describe, expect, it } from 'vitest';
import { taskDescriptor } from '../../../src/lib/tasks';
import { chooseFirstRun } from '../../../src/lib/plan/panelPlan';
import { chooseRecipeDefaults, type FirstRunRecipe } from '../../../src/lib/plan/recipeDefaults';
import { msPerRun } from '../../../src/lib/plan/runCost';
import { WASM_SIZE_EXPONENT } from '../../../src/lib/plan/stepCost';
import { applyStepFloor, stepsPerEpoch } from '../../../src/lib/plan/stepFloor';
import { chooseTrainingDefaults } from '../../../src/lib/plan/trainingDefaults';

const RECIPE: FirstRunRecipe = { optimizer: 'adam', learningRate: 0.004, schedule: 'cosine', size: 64, epochs: 13, batchSize: 16, augment: false };
const WASM = { msPerStep64: 471, measured: false, backend: 'wasm' } as const;
const segmentation = taskDescriptor('segmentation');

describe('applyStepFloor', () => {
  const shape = { msPerStep64: 471, sizeExponent: WASM_SIZE_EXPONENT, size: 64, batchSize: 16, valCount: 5 };

  it('gives a smaller file the steps the lesson\'s run takes on its own file, in epochs of the smaller file', () => {
    // The real CT file of the report: 39 training slices, 13 epochs = 39 steps.
    const floor = applyStepFloor({ ...shape, trainCount: 39, epochs: 13, courseTrainCount: 320, budgetMs: 60 * 60_000 });
    expect(floor.minSteps).toBe(13 * stepsPerEpoch(320, 16));
    expect(floor.epochs).toBe(Math.ceil(floor.minSteps / stepsPerEpoch(39, 16)));
    expect(floor.steps).toBeGreaterThanOrEqual(floor.minSteps);
    expect((floor.epochs - 1) * stepsPerEpoch(39, 16)).toBeLessThan(floor.minSteps);
    expect(floor.capped).toBe(false);
    expect(floor.sentence).toContain(`${floor.epochs} epochs of 3 = ${floor.steps} steps`);
  });

  it('stops within the time budget, never below the rule\'s own epochs', () => {
    const budgetMs = 40_000;
    const floor = applyStepFloor({ ...shape, trainCount: 39, epochs: 13, courseTrainCount: 320, budgetMs });
    expect(floor.capped).toBe(true);
    expect(floor.epochs).toBeLessThan(Math.ceil(floor.minSteps / 3));
    expect(msPerRun({ ...shape, trainCount: 39, epochs: floor.epochs })).toBeLessThanOrEqual(budgetMs);
    expect(msPerRun({ ...shape, trainCount: 39, epochs: floor.epochs + 1 })).toBeGreaterThan(budgetMs);
    expect(applyStepFloor({ ...shape, trainCount: 39, epochs: 13, courseTrainCount: 320, budgetMs: 1 }).epochs).toBe(13);
  });

  it('leaves a file at least as large as the lesson\'s alone', () => {
    for (const trainCount of [320, 1000]) {
      const floor = applyStepFloor({ ...shape, trainCount, epochs: 13, courseTrainCount: 320, budgetMs: 1e9 });
      expect(floor).toMatchObject({ epochs: 13, sentence: '' });
    }
  });
});

describe('first runs on a learner\'s small file are sized by steps', () => {
  it('the lesson recipe: the course file keeps its 13 epochs and sentence; 39 slices get 260 steps, said in the explanation', () => {
    const base = { ...WASM, trainCount: 320, valCount: 48, dataSize: 128 };
    expect(chooseRecipeDefaults({ ...base, courseTrainCount: 320, stepBudgetMinutes: 4 }, RECIPE)).toEqual(chooseRecipeDefaults(base, RECIPE));
    const small = chooseFirstRun({ speed: WASM, task: segmentation, trainCount: 39, valCount: 5, dataSize: 128, recipe: RECIPE, courseTrainCount: 320 });
    expect(small.epochs * stepsPerEpoch(39, 16)).toBeGreaterThanOrEqual(13 * 20);
    expect(small.estimatedMs).toBeLessThanOrEqual(segmentation.firstRun.minutes * 60_000);
    expect(small.explanation).toMatch(/sized by steps, \d+ epochs of 3 = \d+ steps, at least the 260 the lesson's run takes on its own file/);
    // Without the course's count (an older caller), the recipe's epochs as before.
    expect(chooseFirstRun({ speed: WASM, task: segmentation, trainCount: 39, valCount: 5, dataSize: 128, recipe: RECIPE }).epochs).toBe(13);
  });

  it('the timed rule: at least the steps its run takes on the course file, within the task\'s minutes', () => {
    const { minutes, minEpochs, maxEpochs } = segmentation.firstRun;
    const timed = { ...WASM, targetMinutes: minutes, minEpochs, maxEpochs, dataSize: 128 };
    const onCourse = chooseTrainingDefaults({ ...timed, trainCount: 320 });
    expect(chooseTrainingDefaults({ ...timed, trainCount: 320, courseTrainCount: 320 })).toEqual(onCourse);
    const small = chooseFirstRun({ speed: WASM, task: segmentation, trainCount: 39, valCount: 5, dataSize: 128, courseTrainCount: 320 });
    const plain = chooseTrainingDefaults({ ...timed, trainCount: 39, valCount: 5 });
    expect(small.epochs).toBeGreaterThan(plain.epochs);
    expect(small.estimatedMs).toBeLessThanOrEqual(minutes * 60_000);
    expect(small.explanation).toContain('sized by steps');
  });
});
