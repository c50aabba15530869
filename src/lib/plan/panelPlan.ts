/**
 * A training panel's plan once the device and the data are known: which first-run rule applies
 * (overfitting demo, lesson recipe, or the timed rule), which preset fields can be used, and how long
 * a run with the presets takes when they change its length.
 */
import type { ModelKind } from '../train/types';
import type { DeviceSpeed } from './deviceSpeed';
import { chooseOverfitDefaults, type OverfitPlan } from './overfitDefaults';
import { applyDefaults, initialSettings, type PlannedSettings, type PlannedTask } from './panelSettings';
import { chooseRecipeDefaults, type FirstRunRecipe } from './recipeDefaults';
import { modelCostFactor } from './modelCost';
import { msPerRun } from './runCost';
import { sizeExponentFor } from './stepCost';
import { chooseTrainingDefaults, valCountOf, type TrainingDefaults } from './trainingDefaults';

export interface PanelPlanInput<P extends Partial<PlannedSettings>> {
  speed: Pick<DeviceSpeed, 'msPerStep64' | 'measured' | 'backend'>;
  task: PlannedTask;
  model: ModelKind;
  trainCount: number;
  /** Validation slices of the data, when known. */
  valCount?: number;
  /** Side of the loaded data. */
  dataSize: number;
  /** The lesson's closing sentence for the explanation. */
  comparison?: string;
  overfit?: OverfitPlan;
  recipe?: FirstRunRecipe;
  /** Training slices of the lesson's own file: a smaller file's first run is sized by steps (stepFloor). */
  courseTrainCount?: number;
  /** Settings set by the course configuration or the page's link, over the plan's, field by field. */
  preset: P;
  /** Image sizes the panel offers here. */
  sizes: readonly number[];
}

export interface PanelPlan<P> {
  /** The first run the rules suggest, with its explanation. */
  suggestion: TrainingDefaults;
  /** A preset image size this device or data does not offer (then not used), else null. */
  refusedSize: number | null;
  /** The preset without what was refused. */
  usable: P;
  /** How long a run with the usable presets takes, when they change its length (epochs, size, batch, subset); else null. */
  presetRunMs: number | null;
}

const LENGTH_KEYS = ['epochs', 'size', 'batchSize', 'trainLimit'] as const;

/** The first-run rule of the panel: the overfitting demo's, else the lesson's recipe, else the task's timed rule. */
export function chooseFirstRun(input: Omit<PanelPlanInput<object>, 'preset' | 'sizes' | 'model'> & { model?: ModelKind }): TrainingDefaults {
  const { speed, task, model, trainCount, valCount, dataSize, comparison, overfit, recipe, courseTrainCount } = input;
  const base = { msPerStep64: speed.msPerStep64, measured: speed.measured, backend: speed.backend, model, trainCount, valCount, dataSize, comparison };
  if (overfit) return chooseOverfitDefaults(base, overfit);
  const { minutes, minEpochs, maxEpochs } = task.firstRun;
  const floor = courseTrainCount === undefined ? {} : { courseTrainCount, stepBudgetMinutes: minutes };
  if (recipe) return chooseRecipeDefaults({ ...base, ...floor }, recipe);
  return chooseTrainingDefaults({ ...base, ...floor, targetMinutes: minutes, minEpochs, maxEpochs });
}

/** Plans a panel's first run: the suggestion, the usable presets, and the estimate of a preset run. */
export function planPanel<P extends Partial<PlannedSettings>>(input: PanelPlanInput<P>): PanelPlan<P> {
  const { speed, trainCount, preset, sizes } = input;
  const suggestion = chooseFirstRun(input);
  const refusedSize = preset.size !== undefined && !sizes.includes(preset.size) ? preset.size : null;
  const usable: P = { ...preset };
  if (refusedSize !== null) delete usable.size;
  // The run the presets give: the plan's first settings, the suggestion over them, the presets over both.
  const run = { ...applyDefaults(initialSettings(input), suggestion), ...usable };
  const lengthSet = LENGTH_KEYS.some((key) => key in usable);
  const presetRunMs = lengthSet && run.batchSize > 0
    ? msPerRun({
      msPerStep64: speed.msPerStep64 * modelCostFactor(run.model), sizeExponent: sizeExponentFor(speed.backend), size: run.size, batchSize: run.batchSize,
      trainCount: run.trainLimit === null ? trainCount : Math.min(trainCount, run.trainLimit), valCount: valCountOf(input), epochs: run.epochs,
    })
    : null;
  return { suggestion, refusedSize, usable, presetRunMs };
}
