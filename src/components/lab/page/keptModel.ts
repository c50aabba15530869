/**
 * The learner's trained models, kept in this browser: one per run (its weights in IndexedDB
 * through the engine, a list in localStorage), within a limit, the oldest removed first and said
 * so. The learner chooses which kept model evaluation and the slice viewer use; the choice is
 * remembered. Each model comes back when the data it was trained on (the lesson's file, or the
 * learner's own file by name) is loaded again.
 */
import { signal } from '@preact/signals';
import { getClient } from './engineStart';
import { activeRunId, dataset, modelRunId, pageLesson, runs } from './signals';

/** At most this many models are kept per lesson, and at most this many bytes of weights in all. */
export const KEPT_MODEL_LIMIT = 6;
export const KEPT_BYTES_LIMIT = 64 * 1024 * 1024;

/** What localStorage remembers of one kept model. */
export interface KeptPointer {
  /** The run it came from. */
  id: string;
  /** The data it was trained on, by file name. */
  dataset: string;
  /** Where the engine keeps its files. */
  key: string;
  bytes: number;
  savedAt: string;
}

const listKey = (lesson: string) => `course:models:${lesson}`;
const choiceKey = (lesson: string) => `course:model-choice:${lesson}`;
/** Before several models were kept: one pointer, one IndexedDB key per lesson. */
const legacyKey = (lesson: string) => `course:model:${lesson}`;

/** The kept models of the page's lesson, oldest first (read on first use). */
export const keptModels = signal<KeptPointer[]>([]);
/** The last thing the keeping said that the learner should know (a model removed to make room, storage full). */
export const keptNotice = signal<string>('');

function isPointer(value: unknown): value is KeptPointer {
  const v = value as Partial<KeptPointer> | null;
  return typeof v?.id === 'string' && typeof v.dataset === 'string' && typeof v.key === 'string' && typeof v.bytes === 'number' && typeof v.savedAt === 'string';
}

/** The kept models of a lesson as stored (a pointer of the older single-model format included). */
export function readKeptModels(lesson: string): KeptPointer[] {
  try {
    const list = JSON.parse(localStorage.getItem(listKey(lesson)) ?? '[]') as unknown;
    const kept = Array.isArray(list) ? list.filter(isPointer) : [];
    const legacy = JSON.parse(localStorage.getItem(legacyKey(lesson)) ?? 'null') as { id?: unknown; dataset?: unknown } | null;
    if (typeof legacy?.id === 'string' && typeof legacy.dataset === 'string' && !kept.some((k) => k.id === legacy.id)) {
      kept.unshift({ id: legacy.id, dataset: legacy.dataset, key: `model:${lesson}`, bytes: 0, savedAt: '' });
    }
    return kept;
  } catch {
    return [];
  }
}

function writeKeptModels(lesson: string, list: KeptPointer[]): void {
  localStorage.setItem(listKey(lesson), JSON.stringify(list));
  localStorage.removeItem(legacyKey(lesson));
  keptModels.value = list;
}

/** Loads the lesson's list into the page (once the lesson is known). */
export function loadKeptModels(lesson: string): KeptPointer[] {
  const list = readKeptModels(lesson);
  keptModels.value = list;
  return list;
}

/** The model the learner chose for evaluation, if any is remembered. */
function readChoice(lesson: string): string | null {
  try { return localStorage.getItem(choiceKey(lesson)); } catch { return null; }
}

/**
 * Which kept models to remove so that `list` (oldest first) fits the limits; never `protect`ed ones.
 * Exported for tests.
 */
export function modelsToEvict(list: KeptPointer[], protect: string[], limits = { count: KEPT_MODEL_LIMIT, bytes: KEPT_BYTES_LIMIT }): KeptPointer[] {
  const evicted: KeptPointer[] = [];
  let remaining = [...list];
  const total = () => remaining.reduce((sum, k) => sum + k.bytes, 0);
  while (remaining.length > limits.count || total() > limits.bytes) {
    const oldest = remaining.find((k) => !protect.includes(k.id));
    if (!oldest) break;
    evicted.push(oldest);
    remaining = remaining.filter((k) => k !== oldest);
  }
  return evicted;
}

const labelOf = (id: string) => runs.value.find((r) => r.id === id)?.label ?? 'an earlier run';

/**
 * Keeps the engine's current model, just trained by run `id` on `datasetLabel`, in this browser,
 * next to the other kept models; the oldest go when the limits are passed (and the notice says so).
 * Resolves false (and keeps nothing) when storage fails: the model still works until the page is reloaded.
 */
export async function keepModel(id: string, datasetLabel: string): Promise<boolean> {
  const lesson = pageLesson.value;
  if (!lesson) return false;
  const key = `model:${lesson}:${id}`;
  try {
    const kept = await getClient().keepModel({ key, tag: id, dataset: datasetLabel });
    const list = [...readKeptModels(lesson).filter((k) => k.id !== id), { id, dataset: datasetLabel, key, bytes: kept.bytes, savedAt: kept.savedAt }];
    const evicted = modelsToEvict(list, [id, readChoice(lesson) ?? '']);
    writeKeptModels(lesson, list.filter((k) => !evicted.includes(k)));
    for (const old of evicted) getClient().forgetModel({ key: old.key }).catch(() => undefined);
    keptNotice.value = evicted.length > 0
      ? `To stay within ${KEPT_MODEL_LIMIT} kept models (${Math.round(KEPT_BYTES_LIMIT / 1024 / 1024)} MB), the model of ${evicted.map((k) => `“${labelOf(k.id)}”`).join(', ')} was removed; its curves stay.`
      : '';
    return true;
  } catch {
    keptNotice.value = 'This model could not be kept in this browser (storage is full or blocked): it works until the page is reloaded.';
    return false;
  }
}

/** The kept models that can be used with the data loaded now (same file, run still listed). */
export function usableKeptModels(list: KeptPointer[], dataLabel: string | null, listed: Array<{ id: string }>): KeptPointer[] {
  return list.filter((k) => k.dataset === dataLabel && listed.some((r) => r.id === k.id));
}

/**
 * Makes the kept model of run `id` the one in the engine (evaluation and the viewer use it), and
 * remembers the choice. Throws (for the chooser to show) when it cannot be read back.
 */
export async function useKeptModel(id: string): Promise<void> {
  const lesson = pageLesson.value;
  const kept = lesson ? readKeptModels(lesson).find((k) => k.id === id) : undefined;
  if (!lesson || !kept) throw new Error('That model is no longer kept in this browser.');
  if (activeRunId.value !== null) throw new Error('A run is training: choose the model when it has finished.');
  await getClient().restoreModel({ key: kept.key, tag: kept.id });
  modelRunId.value = id;
  try { localStorage.setItem(choiceKey(lesson), id); } catch { /* the choice lasts for this visit */ }
}

/** The label of the data a restore was last tried for: each loaded file gets one try. */
let restoredFor: string | null = null;

/**
 * When the data is loaded and no model is in the engine, brings back a kept model trained on that
 * data: the one the learner chose, else the newest.
 */
export async function restoreKeptModel(): Promise<void> {
  const lesson = pageLesson.value;
  const data = dataset.value;
  if (!lesson || data.state !== 'ready' || modelRunId.value !== null || activeRunId.value !== null || restoredFor === data.label) return;
  const usable = usableKeptModels(loadKeptModels(lesson), data.label, runs.value);
  if (usable.length === 0) return;
  restoredFor = data.label;
  const chosen = usable.find((k) => k.id === readChoice(lesson)) ?? usable.at(-1)!;
  try {
    await getClient().restoreModel({ key: chosen.key, tag: chosen.id });
    // Meanwhile the learner may have started a run or loaded other data: then the kept model is not theirs now.
    const now = dataset.value;
    if (now.state === 'ready' && now.label === data.label && modelRunId.value === null && activeRunId.value === null) {
      modelRunId.value = chosen.id;
    }
  } catch {
    // Nothing usable is kept (storage cleared, another version): the learner trains again.
  }
}

/** Whether any model is kept for the lesson (so islands that show a model load the data after a reload). */
export function hasKeptModels(lesson: string): boolean {
  return readKeptModels(lesson).length > 0;
}

/** Forgets the kept models of these runs (or every kept model, for null). */
export function forgetKeptModel(ids: string[] | null): void {
  const lesson = pageLesson.value;
  if (!lesson) return;
  const list = readKeptModels(lesson);
  const gone = ids ? list.filter((k) => ids.includes(k.id)) : list;
  if (gone.length === 0) return;
  try {
    writeKeptModels(lesson, list.filter((k) => !gone.includes(k)));
  } catch {
    return;
  }
  for (const k of gone) getClient().forgetModel({ key: k.key }).catch(() => undefined);
}
