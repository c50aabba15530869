/**
 * The training panel's presettable fields: one entry per field of the panel's settings, with its
 * schema (astro/zod), its URL key and how a URL's text becomes a value. The course configuration
 * (course.config.ts, checked at build) and the URL presets (?epochs=8&lr=0.001) both validate with
 * these entries, so a value means the same in both places.
 *
 * The table is typed from PanelSettings: a new settings field is a compile error here until it has an
 * entry, and then it flows through the configuration, the URL and the instructors' page unchanged.
 */
import { z } from 'astro/zod';
import type { Task } from '../lib/data/types';
import type { LossName } from '../lib/train/types';
import type { PanelSettings } from '../lib/plan/panelSettings';
import { NORMALIZATION_CHOICES, normalizationChoicesFor } from '../lib/data/normalizations';
import { LOSSES } from '../lib/losses/lossInfo';
import { LEARNING_RATE_SCHEDULES, OPTIMIZER_KINDS } from '../lib/train/optimizerRegistry';
import { MODEL_KINDS } from '../lib/models/modelKinds';
import { taskDescriptor } from '../lib/tasks';

// These schemas also run in the page (URL presets). Without jitless, zod probes `new Function` once,
// and the site's Content-Security-Policy reports that probe as an eval violation even though zod
// catches it. Set before any schema below is made: zod reads the flag when a schema is created.
z.config({ jitless: true });

/** Panel defaults as an instructor sets them: any subset of the panel's settings. */
export type PanelDefaults = Partial<PanelSettings>;

export type PresetKey = keyof PanelSettings;

interface FieldSpec<K extends PresetKey> {
  /** The key in a URL, e.g. `lr` for learningRate. */
  url: string;
  /** The field in words, e.g. "learning rate". */
  label: string;
  /** What a valid value is, in words, for error messages and the instructors' page. */
  expected: string;
  schema: z.ZodType<NonNullable<PanelSettings[K]> | (null extends PanelSettings[K] ? null : never)>;
  /** A URL's text as the value the schema checks (numbers, booleans, `all` for null). */
  fromText(text: string): unknown;
}

const number = (text: string): unknown => (text.trim() === '' ? text : Number(text));
const word = (text: string): unknown => text.trim().toLowerCase();
const flag = (text: string): unknown => {
  const t = text.trim().toLowerCase();
  if (['1', 'true', 'on', 'yes'].includes(t)) return true;
  if (['0', 'false', 'off', 'no'].includes(t)) return false;
  return text;
};
/** "a, b or c": a list of choices in words. */
const or = (choices: readonly string[]): string => (choices.length > 1 ? `${choices.slice(0, -1).join(', ')} or ${choices.at(-1)}` : choices.join(''));
const integer = (min: number, max: number, expected: string) =>
  z.number({ error: `expected ${expected}` }).int({ error: `expected ${expected}` }).min(min, { error: `expected ${expected}` }).max(max, { error: `expected ${expected}` });

/** Every presettable field; the keys are PanelSettings' own, so the table cannot fall behind it. */
export const PRESET_FIELDS: { [K in PresetKey]-?: FieldSpec<K> } = {
  model: { url: 'model', label: 'model', expected: or(MODEL_KINDS), schema: z.enum(MODEL_KINDS, { error: `expected ${or(MODEL_KINDS)}` }), fromText: word },
  loss: { url: 'loss', label: 'loss', expected: `${or(LOSSES)} (those of the lesson’s task)`, schema: z.enum(LOSSES, { error: `expected ${or(LOSSES)}` }), fromText: word },
  optimizer: { url: 'optimizer', label: 'optimiser', expected: or(OPTIMIZER_KINDS), schema: z.enum(OPTIMIZER_KINDS, { error: `expected ${or(OPTIMIZER_KINDS)}` }), fromText: word },
  learningRate: {
    url: 'lr', label: 'learning rate', expected: 'a number above 0 and at most 1',
    schema: z.number({ error: 'expected a number above 0 and at most 1' }).gt(0, { error: 'expected a number above 0 and at most 1' }).max(1, { error: 'expected a number above 0 and at most 1' }),
    fromText: number,
  },
  schedule: { url: 'schedule', label: 'learning-rate schedule', expected: or(LEARNING_RATE_SCHEDULES), schema: z.enum(LEARNING_RATE_SCHEDULES, { error: `expected ${or(LEARNING_RATE_SCHEDULES)}` }), fromText: word },
  epochs: { url: 'epochs', label: 'epochs', expected: 'a whole number from 1 to 500', schema: integer(1, 500, 'a whole number from 1 to 500'), fromText: number },
  batchSize: { url: 'batch', label: 'batch size', expected: 'a whole number from 1 to 512', schema: integer(1, 512, 'a whole number from 1 to 512'), fromText: number },
  size: {
    url: 'size', label: 'image size', expected: 'a multiple of 4 from 16 to 256 (pixels per side)',
    schema: integer(16, 256, 'a multiple of 4 from 16 to 256 (pixels per side)').multipleOf(4, { error: 'expected a multiple of 4 from 16 to 256 (pixels per side)' }),
    fromText: number,
  },
  seed: { url: 'seed', label: 'seed', expected: 'a whole number from 0 to 2147483647', schema: integer(0, 2 ** 31 - 1, 'a whole number from 0 to 2147483647'), fromText: number },
  trainLimit: {
    url: 'slices', label: 'training slices', expected: 'a whole number of training slices from 1, or all (null in the file)',
    schema: integer(1, 1_000_000, 'a whole number of training slices from 1, or all (null in the file)').nullable(),
    fromText: (text) => (text.trim().toLowerCase() === 'all' ? null : number(text)),
  },
  augment: { url: 'augment', label: 'augmentation', expected: 'true or false (on/off, 1/0 in a URL)', schema: z.boolean({ error: 'expected true or false' }), fromText: flag },
  intensityAugment: { url: 'intensity', label: 'intensity augmentation', expected: 'true or false (on/off, 1/0 in a URL)', schema: z.boolean({ error: 'expected true or false' }), fromText: flag },
  normalization: {
    url: 'norm', label: 'input normalisation', expected: NORMALIZATION_CHOICES.join(', '),
    schema: z.enum(NORMALIZATION_CHOICES, { error: `expected ${NORMALIZATION_CHOICES.join(', ')}` }),
    fromText: word,
  },
};

export const PRESET_KEYS = Object.keys(PRESET_FIELDS) as PresetKey[];

/** The panel-defaults schema: only known fields, each checked by its entry above. */
export const panelDefaultsSchema = z.strictObject(
  Object.fromEntries(PRESET_KEYS.map((key) => [key, PRESET_FIELDS[key].schema.optional()])) as { [K in PresetKey]: z.ZodOptional<FieldSpec<K>['schema']> },
  { error: (issue) => (issue.code === 'unrecognized_keys' ? `unknown field ${issue.keys.map((k) => `"${k}"`).join(', ')}; expected one of ${PRESET_KEYS.join(', ')}` : undefined) },
);

/** Controls the panel can hide (every presettable field has one). */
export const CONTROL_NAMES = PRESET_KEYS;

/** Losses and normalisations that fit a task (from its descriptor); other values are refused for its panels. */
export function taskAllows(task: Task): { losses: readonly LossName[]; normalizations: readonly string[] } {
  const descriptor = taskDescriptor(task);
  return { losses: descriptor.losses, normalizations: normalizationChoicesFor({ inputsInHounsfield: descriptor.hounsfieldInput }) };
}

/** A problem with a task-checked field, or null when the value fits the task. */
export function taskProblem(task: Task, key: PresetKey, value: unknown): string | null {
  const allowed = taskAllows(task);
  if (key === 'loss' && !allowed.losses.includes(value as LossName)) return `expected ${allowed.losses.join(' or ')} for a ${task} panel`;
  if (key === 'normalization' && !allowed.normalizations.includes(String(value))) return `expected ${allowed.normalizations.join(', ')} for a ${task} panel`;
  return null;
}

/** A URL preset that could not be used, said plainly for the panel's notice. */
export interface PresetProblem {
  param: string;
  value: string;
  reason: string;
}

/**
 * The panel defaults a page URL sets for one panel. Plain keys (`epochs=8`) apply to the lesson's
 * main panel; `<panel id>.<key>` (`model-b.epochs=8`) to the panel of that id. Every value is checked
 * like the configuration's; a bad one is left out and reported, never used or dropped silently.
 */
export function presetFromUrl(search: string, { panelId, main, task }: { panelId: string; main: boolean; task: Task }): { preset: PanelDefaults; problems: PresetProblem[] } {
  const params = new URLSearchParams(search);
  const preset: Record<string, unknown> = {};
  const problems: PresetProblem[] = [];
  for (const key of PRESET_KEYS) {
    const spec = PRESET_FIELDS[key];
    const names = [...(main ? [spec.url] : []), `${panelId}.${spec.url}`];
    for (const param of names) {
      const text = params.get(param);
      if (text === null) continue;
      const parsed = spec.schema.safeParse(spec.fromText(text));
      const reason = parsed.success ? taskProblem(task, key, parsed.data) : parsed.error.issues[0]?.message ?? `expected ${spec.expected}`;
      if (reason !== null) problems.push({ param, value: text, reason });
      else preset[key] = parsed.data;
    }
  }
  return { preset: preset as PanelDefaults, problems };
}

/** Keys of URL parameters the course reads besides presets (e.g. ?backend=wasm). */
const OTHER_PARAMS = new Set(['backend']);

/**
 * URL parameters that look like presets for a panel this page does not have, or name no field at all
 * (`?epoch=8`): reported too, so a typo in a shared link is visible.
 */
export function unknownUrlParams(search: string, panelIds: readonly string[]): PresetProblem[] {
  const urlKeys = new Set(PRESET_KEYS.map((k) => PRESET_FIELDS[k].url));
  const problems: PresetProblem[] = [];
  for (const [param, value] of new URLSearchParams(search)) {
    if (OTHER_PARAMS.has(param) || urlKeys.has(param)) continue;
    const dot = param.lastIndexOf('.');
    const panel = dot > 0 ? param.slice(0, dot) : null;
    const key = dot > 0 ? param.slice(dot + 1) : param;
    if (panel !== null && panelIds.includes(panel) && urlKeys.has(key)) continue;
    const reason = panel !== null && !panelIds.includes(panel)
      ? `no panel “${panel}” on this page (its panels: ${panelIds.join(', ')})`
      : `unknown setting “${key}” (known: ${[...urlKeys].join(', ')})`;
    problems.push({ param, value, reason });
  }
  return problems;
}
