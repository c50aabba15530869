import { describe, expect, it } from 'vitest';
import { defaultComparedRuns, drawnByDefault, runColour } from '../../../src/components/lab/comparedRuns';
import { modelColour } from '../../../src/components/lab/runSeries';
import { toRunConfig, type PanelSettings } from '../../../src/components/lab/runSettings';
import type { LabRun } from '../../../src/components/lab/page/signals';
import type { LossName } from '../../../src/lib/train/types';

const settings: PanelSettings = { model: 'skip', optimizer: 'adam', loss: 'mae', schedule: 'constant', learningRate: 0.001, epochs: 2, batchSize: 8, size: 32, seed: 1, trainLimit: null, augment: false, intensityAugment: false };
const run = (id: string, loss: LossName, model: LabRun['model'] = 'skip'): LabRun => ({
  id, label: id, model, config: toRunConfig({ ...settings, model, loss }, { task: 'translation', displaySlices: [] }), status: 'completed',
  backend: 'wasm', paramCount: 1, history: [], startedAt: '', dataset: 'brain-mri-128.h5',
});

describe('defaultComparedRuns', () => {
  it('pairs the latest run of each of the task\'s first two losses', () => {
    const kept = [run('mae-1', 'mae'), run('mse-1', 'mse'), run('mae-2', 'mae'), run('mae-3', 'mae')];
    expect(defaultComparedRuns(kept, ['mae', 'mse'])!.map((r) => r.id)).toEqual(['mae-3', 'mse-1']);
  });

  it('falls back to the two latest runs without one of each loss, and to nothing with one run', () => {
    expect(defaultComparedRuns([run('a', 'mae'), run('b', 'mae'), run('c', 'mae')], ['mae', 'mse'])!.map((r) => r.id)).toEqual(['b', 'c']);
    expect(defaultComparedRuns([run('a', 'mae')], ['mae', 'mse'])).toBeNull();
  });
});

describe('drawnByDefault', () => {
  const runs = [run('mae-1', 'mae'), run('mse-1', 'mse'), run('mae-2', 'mae'), run('plain-mae', 'mae', 'plain')];

  it('draws the latest run of each group of the named losses: MAE against MSE when lesson 2 names both', () => {
    expect([...drawnByDefault(runs, ['mae', 'mse'])].sort()).toEqual(['mae-2', 'mse-1', 'plain-mae']);
  });

  it('leaves runs of other losses to be ticked when only the lesson\'s loss is named', () => {
    expect([...drawnByDefault(runs, ['mae'])].sort()).toEqual(['mae-2', 'plain-mae']);
    expect(drawnByDefault([run('mse-only', 'mse')], ['mae']).size).toBe(0);
  });
});

describe('runColour', () => {
  it('gives a run of the second compared loss its own colour, and keeps the model colours otherwise', () => {
    const [mae, mse] = [run('a', 'mae'), run('b', 'mse')];
    expect(runColour(mae, ['mae', 'mse'])).toBe(modelColour('skip', false));
    expect(runColour(mse, ['mae', 'mse'])).not.toBe(runColour(mae, ['mae', 'mse']));
    // Without a comparison of losses, every run keeps its model's colour.
    expect(runColour(mse, ['mae'])).toBe(modelColour('skip', false));
    expect(runColour(run('p', 'mae', 'plain'), ['mae', 'mse'])).toBe(modelColour('plain', false));
  });
});
