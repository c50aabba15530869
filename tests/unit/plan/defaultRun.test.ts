import { describe, expect, it } from 'vitest';
import { taskDescriptor } from '../../../src/lib/tasks';
import { defaultRun, firstRunRule } from '../../../src/lib/plan/defaultRun';
import { planPanel, type PanelPlanInput } from '../../../src/lib/plan/panelPlan';
import { applyDefaults, initialSettings, type PanelSettings } from '../../../src/lib/plan/panelSettings';
import type { FirstRunRecipe } from '../../../src/lib/plan/recipeDefaults';
import { runConfigOfSettings } from '../../../src/lib/plan/runConfigOfSettings';

const RECIPE: FirstRunRecipe = { optimizer: 'adam', learningRate: 0.004, schedule: 'cosine', size: 64, epochs: 13, batchSize: 16, augment: false };
const WASM = { msPerStep64: 471, measured: false, backend: 'wasm' } as const;
const WEBGL = { msPerStep64: 200, measured: false, backend: 'webgl' } as const;

function input(over: Partial<PanelPlanInput<Partial<PanelSettings>>> = {}): PanelPlanInput<Partial<PanelSettings>> {
  return { speed: WASM, task: taskDescriptor('segmentation'), model: 'skip', trainCount: 320, valCount: 48, dataSize: 128, preset: {}, sizes: [64, 128], ...over };
}

describe('defaultRun: the settings a panel starts with', () => {
  it('names the rule: the recipe on a CPU, the timed rule on a GPU or without a recipe, the demo\'s plan', () => {
    expect(firstRunRule({ recipe: RECIPE, speed: WASM })).toBe('recipe');
    expect(firstRunRule({ recipe: RECIPE, speed: WEBGL })).toBe('timed');
    expect(firstRunRule({ speed: WASM })).toBe('timed');
    expect(firstRunRule({ overfit: { trainSlices: 16, epochs: 60, learningRate: 0.002, loss: 'bce', batchSize: 8, size: 64, lossWords: 'x' }, recipe: RECIPE, speed: WASM })).toBe('overfit');
  });

  it('is the task\'s first settings with the plan\'s suggestion over them: the recipe\'s run on a CPU', () => {
    const run = defaultRun(input({ recipe: RECIPE }));
    expect(run.rule).toBe('recipe');
    expect(run.settings).toEqual({ ...applyDefaults(initialSettings(input()), planPanel(input({ recipe: RECIPE })).suggestion) });
    expect(run.settings).toMatchObject({ optimizer: 'adam', learningRate: 0.004, schedule: 'cosine', size: 64, epochs: 13, batchSize: 16, seed: 42, trainLimit: null, augment: false });
    // On a GPU the recipe gives way to the timed rule, with the task's own optimiser.
    const gpu = defaultRun(input({ recipe: RECIPE, speed: WEBGL }));
    expect(gpu.settings).toMatchObject({ optimizer: 'sgd', batchSize: 32 });
  });

  it('lays the usable presets over the plan, leaving out a size the device does not offer', () => {
    const run = defaultRun(input({ recipe: RECIPE, preset: { epochs: 5, normalization: 'hu-scale', size: 256 } }));
    expect(run.settings).toMatchObject({ epochs: 5, normalization: 'hu-scale', size: 64 });
    expect(run.plan.refusedSize).toBe(256);
  });

  it('turns into the same RunConfig the panel trains (augmentation and normalisation included)', () => {
    const settings: PanelSettings = { ...defaultRun(input({ recipe: RECIPE })).settings, augment: true, trainLimit: 40, normalization: 'hu-scale' };
    const config = runConfigOfSettings(settings, { task: 'segmentation', displaySlices: [3] });
    expect(config).toMatchObject({ model: 'skip', epochs: 13, height: 64, width: 64, seed: 42, trainLimit: 40, displaySlices: [3], normalization: { kind: 'hu-scale' } });
    expect(config.optimizer).toMatchObject({ kind: 'adam', learningRate: 0.004, schedule: 'cosine' });
    expect(config.augment).not.toBeNull();
    expect(runConfigOfSettings({ ...settings, normalization: 'auto', trainLimit: null }, { task: 'segmentation', displaySlices: [] })).not.toHaveProperty('normalization');
  });

  it('starts with intensity augmentation off (no intensityAugment in the RunConfig); on, a run gets the changes its task allows', () => {
    const settings = defaultRun(input({ recipe: RECIPE })).settings;
    expect(settings.intensityAugment).toBe(false);
    expect(runConfigOfSettings(settings, { task: 'segmentation', displaySlices: [] })).not.toHaveProperty('intensityAugment');
    const on = (task: 'segmentation' | 'translation') => runConfigOfSettings({ ...settings, intensityAugment: true }, { task, displaySlices: [] }).intensityAugment;
    expect(on('segmentation')?.gamma.probability).toBeGreaterThan(0);
    expect(on('translation')?.gamma.probability).toBe(0);
    expect(on('translation')?.noise.probability).toBeGreaterThan(0);
    // A recipe may turn it on (the lessons' do not yet).
    expect(defaultRun(input({ recipe: { ...RECIPE, intensityAugment: true } })).settings.intensityAugment).toBe(true);
  });
});
