import { describe, expect, it } from 'vitest';
import { taskDescriptor } from '../../../src/lib/tasks';
import { chooseOverfitDefaults, type OverfitPlan } from '../../../src/lib/plan/overfitDefaults';
import { chooseFirstRun, planPanel, type PanelPlanInput } from '../../../src/lib/plan/panelPlan';
import { applyDefaults, FIRST_SEED, initialSettings, type PlannedSettings } from '../../../src/lib/plan/panelSettings';
import { chooseRecipeDefaults, type FirstRunRecipe } from '../../../src/lib/plan/recipeDefaults';
import { msPerRun } from '../../../src/lib/plan/runCost';
import { sizeExponentFor } from '../../../src/lib/plan/stepCost';
import { chooseTrainingDefaults, type TrainingDefaults } from '../../../src/lib/plan/trainingDefaults';

const OVERFIT: OverfitPlan = { trainSlices: 16, epochs: 60, learningRate: 0.002, loss: 'bce', batchSize: 8, size: 64, lossWords: 'cross-entropy' };
const RECIPE: FirstRunRecipe = { optimizer: 'adam', learningRate: 0.004, schedule: 'cosine', size: 64, epochs: 13, batchSize: 16, augment: false };
const WASM = { msPerStep64: 471, measured: false, backend: 'wasm' } as const;

function input(over: Partial<PanelPlanInput<Partial<PlannedSettings>>> = {}): PanelPlanInput<Partial<PlannedSettings>> {
  return { speed: WASM, task: taskDescriptor('segmentation'), model: 'skip', trainCount: 320, valCount: 48, dataSize: 128, preset: {}, sizes: [64, 128], ...over };
}

describe('initialSettings', () => {
  it('starts from the task\'s optimiser, learning rate, loss and augmentation, with the first seed', () => {
    for (const task of ['segmentation', 'translation'] as const) {
      const descriptor = taskDescriptor(task);
      const s = initialSettings({ model: 'plain', task: descriptor });
      expect(s).toMatchObject({
        model: 'plain', optimizer: descriptor.defaultOptimizer.kind, learningRate: descriptor.defaultOptimizer.learningRate, loss: descriptor.defaultLoss,
        augment: descriptor.augmentByDefault, schedule: 'constant', seed: FIRST_SEED, trainLimit: null,
      });
    }
  });

  it('takes the overfitting demo\'s plan instead: Adam at its rate, its subset, epochs, loss and size, no augmentation', () => {
    const s = initialSettings({ model: 'block', overfit: OVERFIT, task: taskDescriptor('segmentation') });
    expect(s).toMatchObject({ optimizer: 'adam', learningRate: OVERFIT.learningRate, loss: OVERFIT.loss, epochs: OVERFIT.epochs, batchSize: OVERFIT.batchSize, size: OVERFIT.size, trainLimit: OVERFIT.trainSlices, augment: false });
  });
});

describe('applyDefaults', () => {
  const start: PlannedSettings & { normalization: 'auto' } = { ...initialSettings({ model: 'plain', task: taskDescriptor('segmentation') }), normalization: 'auto' };

  it('sets the run\'s length and leaves what the rule does not fix, other fields included', () => {
    const d: TrainingDefaults = { size: 128, epochs: 5, batchSize: 32, estimatedMs: 1, explanation: '' };
    expect(applyDefaults(start, d)).toEqual({ ...start, size: 128, epochs: 5, batchSize: 32, trainLimit: null });
    expect(applyDefaults({ ...start, trainLimit: 8 }, { ...d, trainLimit: 64 }).trainLimit).toBe(64);
  });

  it('sets the optimiser, rate, schedule and augmentation a recipe fixes', () => {
    const d = chooseRecipeDefaults({ ...WASM, trainCount: 320 }, { ...RECIPE, augment: true });
    expect(applyDefaults(start, d)).toMatchObject({ optimizer: 'adam', learningRate: RECIPE.learningRate, schedule: 'cosine', augment: true, epochs: RECIPE.epochs });
  });
});

describe('chooseFirstRun', () => {
  it('takes the overfitting demo\'s rule first, then the lesson\'s recipe, then the task\'s timed rule', () => {
    const base = { ...WASM, trainCount: 320, valCount: 48, dataSize: 128 };
    expect(chooseFirstRun(input({ overfit: OVERFIT, recipe: RECIPE }))).toEqual(chooseOverfitDefaults(base, OVERFIT));
    expect(chooseFirstRun(input({ recipe: RECIPE }))).toEqual(chooseRecipeDefaults(base, RECIPE));
    for (const task of ['segmentation', 'translation'] as const) {
      const { minutes, minEpochs, maxEpochs } = taskDescriptor(task).firstRun;
      expect(chooseFirstRun(input({ task: taskDescriptor(task) }))).toEqual(chooseTrainingDefaults({ ...base, targetMinutes: minutes, minEpochs, maxEpochs }));
    }
  });
});

describe('planPanel', () => {
  it('without presets suggests the first run and estimates nothing more', () => {
    const plan = planPanel(input());
    expect(plan).toEqual({ suggestion: chooseFirstRun(input()), refusedSize: null, usable: {}, presetRunMs: null });
  });

  it('refuses a preset size the panel does not offer and keeps the rest of the preset', () => {
    const plan = planPanel(input({ preset: { size: 256, seed: 7 } }));
    expect(plan.refusedSize).toBe(256);
    expect(plan.usable).toEqual({ seed: 7 });
    expect(planPanel(input({ preset: { size: 128 } })).refusedSize).toBeNull();
  });

  it('estimates the run the presets give when they change its length: the suggestion with the presets over it', () => {
    const suggestion = chooseFirstRun(input());
    const plan = planPanel(input({ preset: { epochs: 8, trainLimit: 100 } }));
    const expected = msPerRun({ msPerStep64: WASM.msPerStep64, sizeExponent: sizeExponentFor('wasm'), size: suggestion.size, batchSize: suggestion.batchSize, trainCount: 100, valCount: 48, epochs: 8 });
    expect(plan.presetRunMs).toBeCloseTo(expected, 6);
    // A subset larger than the data counts the data; a preset that does not change the length estimates nothing.
    expect(planPanel(input({ preset: { trainLimit: 5000 } })).presetRunMs).toBeCloseTo(msPerRun({ msPerStep64: 471, sizeExponent: sizeExponentFor('wasm'), size: suggestion.size, batchSize: suggestion.batchSize, trainCount: 320, valCount: 48, epochs: suggestion.epochs }), 6);
    expect(planPanel(input({ preset: { seed: 3, learningRate: 0.01 } })).presetRunMs).toBeNull();
    // Nor does an unusable batch size, or a refused image size alone.
    expect(planPanel(input({ preset: { batchSize: 0 } })).presetRunMs).toBeNull();
    expect(planPanel(input({ preset: { size: 256 } })).presetRunMs).toBeNull();
  });

  it('counts an eighth of the training slices for validation when the data does not say', () => {
    const a = planPanel(input({ valCount: undefined, preset: { epochs: 4 } }));
    const b = planPanel(input({ valCount: 40, preset: { epochs: 4 } }));
    expect(a.presetRunMs).toBeCloseTo(b.presetRunMs!, 6);
  });
});
