/**
 * The input normalisations: their type, and the one registry of the choices a panel, a course
 * configuration, a URL and the command line offer. Every other list (menus, kinds, the CLI's
 * accepted names, which choices suit data in Hounsfield units) is derived from NORMALIZATIONS.
 */
import { SettingsError } from '../errors';
import type { InputUnits } from './inputUnits';

/** The input normalisations a lesson can apply (to X only). */
export type Normalization =
  | { kind: 'none' }
  | { kind: 'zscore-slice' }
  | { kind: 'zscore-split'; /** Training-split statistics; filled in by resolveNormalization so a saved model re-applies them. */ mean?: number; std?: number }
  | { kind: 'min-max'; /** Training-split range; filled in by resolveNormalization. */ min?: number; max?: number }
  | { kind: 'ct-window'; level: number; width: number; range?: '0..1' | '-1..1' }
  | { kind: 'hu-scale'; divisor?: number; offset?: number };

const LUNG_WINDOW_SETTINGS = { kind: 'ct-window', level: -600, width: 1500 } as const;

/** The lung window of the course (level −600 HU, width 1500 HU, output 0..1). */
export const LUNG_WINDOW: Normalization = LUNG_WINDOW_SETTINGS;

// The parameterised kinds are described from their numbers, so a window or divisor read from a saved
// model reads right too; the registry's entries use the same two functions for theirs.
function describeWindow(window: Extract<Normalization, { kind: 'ct-window' }>): string {
  return `CT window level ${window.level} HU, width ${window.width} HU, to ${window.range ?? '0..1'}`;
}

function describeHuScale(scale: Extract<Normalization, { kind: 'hu-scale' }>): string {
  const offset = scale.offset ?? 0;
  return `Hounsfield units ${offset === 0 ? 'HU' : `(HU − ${offset})`} / ${scale.divisor ?? 1000}`;
}

const HU_SCALE = { kind: 'hu-scale', divisor: 1000 } as const;

// In the order a menu lists them. `as const` keeps each choice's name a literal, so the
// NormalizationChoice type below is derived from this list too.
const ENTRIES = [
  { choice: 'auto', label: 'As the file’s units call for', description: 'the file’s own choice, from its units', needsHounsfield: false, normalization: null },
  { choice: 'zscore-slice', label: 'Per-slice z-score', description: 'per-slice z-score (each slice to mean 0, std 1)', needsHounsfield: false, normalization: { kind: 'zscore-slice' } },
  { choice: 'hu-scale', label: 'Hounsfield units / 1000', description: describeHuScale(HU_SCALE), needsHounsfield: true, normalization: HU_SCALE },
  { choice: 'lung-window', label: 'Lung window (−600 / 1500 HU)', description: describeWindow(LUNG_WINDOW_SETTINGS), needsHounsfield: true, normalization: LUNG_WINDOW_SETTINGS },
  { choice: 'zscore-split', label: 'z-score with the training split’s mean and std', description: 'z-score with the training split’s mean and std', needsHounsfield: false, normalization: { kind: 'zscore-split' } },
  { choice: 'min-max', label: 'Min-max to [0, 1] (training split’s range)', description: 'min-max to 0..1 with the training split’s range', needsHounsfield: false, normalization: { kind: 'min-max' } },
  { choice: 'none', label: 'None (values as stored)', description: 'none (values as stored)', needsHounsfield: false, normalization: { kind: 'none' } },
] as const satisfies readonly { choice: string; label: string; description: string; needsHounsfield: boolean; normalization: Normalization | null }[];

/** A name a panel's menu, a course configuration or a URL can give; `auto` is the file's own choice (from its units). */
export type NormalizationChoice = (typeof ENTRIES)[number]['choice'];

/** One choice of input normalisation as the course offers it. */
export interface NormalizationEntry {
  choice: NormalizationChoice;
  /** The menu's text. */
  label: string;
  /** One line for people: what it does to the input values (the panel's "This run normalises with"). */
  description: string;
  /** True when it only makes sense on images stored in Hounsfield units (CT). */
  needsHounsfield: boolean;
  /** What the choice applies; null for `auto`, which the file's units decide. */
  normalization: Normalization | null;
}

/** Every normalisation choice, in the order a menu lists them. */
export const NORMALIZATIONS: readonly NormalizationEntry[] = ENTRIES;

/** The choices' names, in menu order. */
export const NORMALIZATION_CHOICES: readonly NormalizationChoice[] = ENTRIES.map((entry) => entry.choice);

// A kind of Normalization that no choice applies could be saved with a model but never described or
// listed; this type is `never` only while every kind has a choice, and the line below then compiles.
type UnlistedKind = Exclude<Normalization['kind'], NonNullable<(typeof ENTRIES)[number]['normalization']>['kind']>;
const everyKindListed: [UnlistedKind] extends [never] ? true : never = true;

/** Every normalisation kind, in the order of the first choice that applies it. */
export const NORMALIZATION_KINDS: readonly Normalization['kind'][] = everyKindListed
  ? [...new Set(NORMALIZATIONS.flatMap((entry) => (entry.normalization ? [entry.normalization.kind] : [])))]
  : [];

/** The registry's entry for a choice. */
export function normalizationEntry(choice: NormalizationChoice): NormalizationEntry {
  return NORMALIZATIONS.find((entry) => entry.choice === choice)!;
}

/** The choices that fit a task's inputs, in menu order: the Hounsfield-unit ones only where the inputs are in HU. */
export function normalizationChoicesFor({ inputsInHounsfield }: { inputsInHounsfield: boolean }): NormalizationChoice[] {
  return NORMALIZATIONS.filter((entry) => inputsInHounsfield || !entry.needsHounsfield).map((entry) => entry.choice);
}

/** One line for people: what a normalisation does to the input values. */
export function describeNormalization(normalization: Normalization): string {
  if (normalization.kind === 'ct-window') return describeWindow(normalization);
  if (normalization.kind === 'hu-scale') return describeHuScale(normalization);
  return NORMALIZATIONS.find((entry) => entry.normalization?.kind === normalization.kind)!.description;
}

/** A window with any level and width, which the command line accepts besides the registry's names. */
const CUSTOM_WINDOW = 'ct-window:LEVEL:WIDTH';

/** The names parseNormalization accepts, for its hint: the registry's (not `auto`), the custom window after the course's own. */
function parsableNames(): string[] {
  const names: string[] = [];
  const windows = NORMALIZATIONS.filter((entry) => entry.normalization?.kind === 'ct-window');
  for (const entry of NORMALIZATIONS) {
    if (entry.normalization === null) continue;
    names.push(entry.choice);
    if (entry === windows[windows.length - 1]) names.push(CUSTOM_WINDOW);
  }
  return names;
}

/**
 * Parses a normalisation named on a command line: a registry name other than `auto` (zscore-slice,
 * hu-scale = HU / 1000, lung-window = level −600 width 1500, …) or ct-window:LEVEL:WIDTH.
 * Returns a new object; throws SettingsError otherwise.
 */
export function parseNormalization(text: string): Normalization {
  const name = text.trim().toLowerCase();
  const entry = NORMALIZATIONS.find((e) => e.choice === name && e.normalization !== null);
  if (entry?.normalization) return { ...entry.normalization };
  const window = /^ct-window:(-?\d+(?:\.\d+)?):(\d+(?:\.\d+)?)$/.exec(name);
  if (window) return { kind: 'ct-window', level: Number(window[1]), width: Number(window[2]) };
  const names = parsableNames();
  throw new SettingsError(`Unknown normalisation "${text}".`, `Use ${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}.`);
}

/** Throws SettingsError unless `value` is a Normalization (e.g. read from a saved model's files). */
export function assertNormalization(value: unknown, what: string): asserts value is Normalization {
  const v = value as Partial<Record<string, unknown>> | null;
  const kind = v?.kind;
  const numberOrAbsent = (key: string) => v?.[key] === undefined || (typeof v[key] === 'number' && Number.isFinite(v[key]));
  const ok = typeof kind === 'string' && (NORMALIZATION_KINDS as readonly string[]).includes(kind)
    && (kind !== 'ct-window' || (typeof v?.level === 'number' && typeof v.width === 'number' && v.width > 0))
    && ['divisor', 'offset', 'mean', 'std', 'min', 'max', 'level'].every(numberOrAbsent);
  if (!ok) throw new SettingsError(`${what} names an input normalisation this version does not know: ${JSON.stringify(value)}.`, 'Save the model again with this version of the course.');
}

/** Normalisations whose output does not change when the stored values are scaled and shifted (a·x + b, a > 0). */
export function isAffineInvariant(normalization: Normalization): boolean {
  return normalization.kind === 'zscore-slice';
}

/** The units a normalisation expects its input in: HU for the kinds of the registry's Hounsfield-unit choices, null when any units do. */
export function expectedUnits(normalization: Normalization): InputUnits | null {
  const hounsfield = NORMALIZATIONS.some((entry) => entry.needsHounsfield && entry.normalization?.kind === normalization.kind);
  return hounsfield ? 'HU' : null;
}
