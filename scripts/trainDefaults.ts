/**
 * npm run train -- --defaults: the settings the lesson page starts its default run with for the file's
 * task, from the same plan function as the page (src/lib/plan/defaultRun), the course configuration's
 * panel presets over them, then each explicit flag over a single setting, said line by line.
 */
import { LESSON_CATALOG, type LessonCatalogEntry } from '../src/course/catalog';
import { loadCourseConfig } from '../src/course/load';
import type { PanelDefaults } from '../src/course/presetFields';
import type { Task } from '../src/lib/data/types';
import type { DatasetSummary } from '../src/lib/engine/protocol';
import { defaultRun, type DefaultRun, type FirstRunRule } from '../src/lib/plan/defaultRun';
import { estimateDeviceSpeed, type DeviceSpeed } from '../src/lib/plan/deviceSpeed';
import { offeredSizes } from '../src/lib/plan/offeredSizes';
import type { PanelSettings } from '../src/lib/plan/panelSettings';
import type { FirstRunRecipe } from '../src/lib/plan/recipeDefaults';
import { formatStep } from '../src/lib/plan/stepCost';
import { taskDescriptor } from '../src/lib/tasks';
import type { BackendReport } from '../src/lib/train/backend';
import { OPTIMIZERS } from '../src/lib/train/optimizerRegistry';
import type { ModelKind } from '../src/lib/train/types';
import type { TrainArgs } from './trainArgs';

/** Where the defaults come from: the lesson and panel of the file's task (none for a task no lesson teaches). */
export interface DefaultsSource {
  lesson: string | null;
  panel: string | null;
  model: ModelKind;
  recipe?: FirstRunRecipe;
  courseTrainCount?: number;
  largeDataFile: string | null;
}

/** The lesson teaching `task` and its panel: the one training `model` when asked and there is one, else the lesson's default-run panel. */
export function defaultsSource(task: Task, model: ModelKind | undefined): DefaultsSource {
  const found = Object.entries(LESSON_CATALOG).find(([, entry]) => entry.task === task);
  if (!found) return { lesson: null, panel: null, model: model ?? 'skip', largeDataFile: null };
  const [lesson, entry]: [string, LessonCatalogEntry] = found;
  const byModel = Object.entries(entry.panels).find(([, p]) => p.kind === 'training' && model !== undefined && p.run?.model === model)?.[0];
  const panel = byModel ?? entry.defaultRunPanel;
  const run = entry.panels[panel].run;
  return {
    lesson, panel, model: run?.model ?? model ?? 'skip', ...(run?.recipe ? { recipe: run.recipe } : {}),
    courseTrainCount: entry.dataset.trainSlices, largeDataFile: entry.dataset.large,
  };
}

/** The course configuration's presets for the panel (course.config.ts, or COURSE_CONFIG), or why none apply. */
export async function coursePresetOf(source: DefaultsSource, root = process.cwd()): Promise<{ preset: PanelDefaults; note: string | null }> {
  if (source.lesson === null || source.panel === null) return { preset: {}, note: null };
  try {
    const course = await loadCourseConfig(root);
    const preset = course.lessons.find((l) => l.id === source.lesson)?.panels[source.panel]?.defaults ?? {};
    return { preset, note: Object.keys(preset).length > 0 ? `the course configuration (${course.source}) sets ${Object.keys(preset).join(', ')}` : null };
  } catch (error) {
    return { preset: {}, note: `the course configuration could not be read (${(error as Error).message}); no presets applied` };
  }
}

/** The wasm speed the page assumes for this many threads (an estimate per device class, never a timing). */
export function cliDeviceSpeed(backend: Pick<BackendReport, 'backend' | 'threads'>): DeviceSpeed {
  return estimateDeviceSpeed({ backend: backend.backend, threads: backend.threads, webglRenderer: null });
}

/** The page's default run for this file on this engine (the same call usePanelSettings makes). */
export function pageDefaultRun(input: { task: Task; summary: DatasetSummary; speed: DeviceSpeed; source: DefaultsSource; preset: PanelDefaults }): DefaultRun<PanelDefaults> {
  const { task, summary, speed, source, preset } = input;
  const count = (split: string) => summary.splits.find((s) => s.split === split)?.count;
  const sizes = offeredSizes({ dataSize: summary.height, realGpu: false, largeDataFile: source.largeDataFile, learnerFile: false });
  return defaultRun({
    speed, task: taskDescriptor(task), model: source.model, trainCount: count('train') ?? 0, valCount: count('val'), dataSize: summary.height,
    ...(source.recipe ? { recipe: source.recipe } : {}), ...(source.courseTrainCount !== undefined ? { courseTrainCount: source.courseTrainCount } : {}), preset, sizes,
  });
}

const RULE_WORDS: Record<FirstRunRule, string> = {
  recipe: 'the lesson\'s fixed recipe (the page\'s rule on a CPU; only its duration depends on the speed)',
  timed: 'the timed first-run rule (size and epochs from the device\'s speed)',
  overfit: 'the overfitting demo\'s plan',
};

/** The flags that override single settings, and the settings they leave. */
export function applyFlags(settings: PanelSettings, args: TrainArgs, modelPickedPanel: boolean): { settings: PanelSettings; lines: string[] } {
  const next: PanelSettings = { ...settings };
  const lines: string[] = [];
  const set = <K extends keyof PanelSettings>(flag: string, key: K, value: PanelSettings[K] | undefined) => {
    if (value === undefined || value === next[key]) return;
    lines.push(`  --${flag} overrides ${String(key)}: ${String(next[key])} → ${String(value)}`);
    next[key] = value;
  };
  if (!modelPickedPanel) set('model', 'model', args.model);
  if (args.optimizer !== undefined && args.optimizer !== next.optimizer) {
    set('optimizer', 'optimizer', args.optimizer);
    // As on the page, another optimiser starts from its own learning rate unless --lr names one.
    if (args.lr === undefined) set('optimizer', 'learningRate', OPTIMIZERS[args.optimizer].preset.learningRate);
  }
  set('lr', 'learningRate', args.lr);
  set('schedule', 'schedule', args.schedule);
  set('loss', 'loss', args.loss);
  set('epochs', 'epochs', args.epochs);
  set('batch', 'batchSize', args.batch);
  set('size', 'size', args.size);
  set('seed', 'seed', args.seed);
  set('limit-train', 'trainLimit', args.limitTrain);
  if (args.augment) set('augment', 'augment', true);
  if (args.intensityAugment) set('intensity-augment', 'intensityAugment', true);
  return { settings: next, lines };
}

/** The block npm run train -- --defaults prints first: where the settings come from, the rule and speed, and every setting. */
export function defaultsBlock(input: { task: Task; source: DefaultsSource; speed: DeviceSpeed; run: DefaultRun<PanelDefaults>; presetNote: string | null; settings: PanelSettings }): string[] {
  const { task, source, speed, run, presetNote, settings: s } = input;
  const where = source.lesson ? `lesson ${source.lesson}, panel ${source.panel}` : `no lesson teaches ${task}: the task's own first settings`;
  return [
    `Defaults of the lesson page for ${task} (${where}):`,
    `  rule: ${RULE_WORDS[run.rule]}`,
    `  speed assumed: one step of 16 slices at 64×64 in ${formatStep(speed.msPerStep64)} (${speed.backend}, ${speed.threads} ${speed.threads === 1 ? 'thread' : 'threads'}: the page's estimate for this kind of device, not measured)`,
    ...(presetNote ? [`  presets: ${presetNote}`] : []),
    `  settings: ${describeSettings(s)}`,
    `  why: ${run.plan.suggestion.explanation}`,
  ];
}

/** Every setting of a panel in one line, in the form's order. */
export function describeSettings(s: PanelSettings): string {
  return [
    `model ${s.model}`, `optimizer ${s.optimizer}`, `learning rate ${s.learningRate}`, `schedule ${s.schedule}`, `loss ${s.loss}`,
    `size ${s.size}×${s.size}`, `epochs ${s.epochs}`, `batch ${s.batchSize}`, `seed ${s.seed}`,
    `training slices ${s.trainLimit === null ? 'all' : `first ${s.trainLimit}`}`, `augmentation ${s.augment ? 'on' : 'off'}`, `intensity augmentation ${s.intensityAugment ? 'on' : 'off'}`,
    `normalisation ${s.normalization ?? 'auto'}`,
  ].join(', ');
}
