/**
 * The learner's trained models, kept in this browser: one per run, within a limit, the oldest
 * removed first and said so. Which models are kept is what the engine's model store lists (see
 * keptModelList.ts); localStorage only remembers which one the learner chose for evaluation and the
 * slice viewer. Each model comes back when the data it was trained on (the lesson's file, or the
 * learner's own file by name) is loaded again.
 */
import { signal } from '@preact/signals';
import { ensureEngine, getClient } from './engineStart';
import { dropOldPointers, keptModelKey, listKeptModels, type KeptPointer } from './keptModelList';
import { activeRunId, dataset, engine, modelRunId, pageLesson, runs } from './signals';

export type { KeptPointer } from './keptModelList';

/** At most this many models are kept per lesson, and at most this many bytes of weights in all. */
export const KEPT_MODEL_LIMIT = 6;
export const KEPT_BYTES_LIMIT = 64 * 1024 * 1024;

const choiceKey = (lesson: string) => `course:model-choice:${lesson}`;

/** The kept models of the page's lesson, oldest first, as the engine last listed them ([] until it has been asked). */
export const keptModels = signal<KeptPointer[]>([]);
/** The last thing the keeping said that the learner should know (a model removed to make room, storage full). */
export const keptNotice = signal<string>('');

/** The lesson whose models `keptModels` holds, once the engine has listed them this visit. */
let listedFor: string | null = null;
/** Counts listings, so that a slow one never overwrites the list a later one gave. */
let listings = 0;

/**
 * Asks the engine which models are kept for the lesson and shows that list. A listing that fails
 * (no storage in this browser) shows none: nothing can be restored from it either.
 */
export async function refreshKeptModels(lesson: string): Promise<KeptPointer[]> {
  const mine = ++listings;
  let list: KeptPointer[] = [];
  let listed = false;
  try {
    await ensureEngine();
    list = await listKeptModels(getClient(), lesson);
    listed = true;
    // The store has answered: whatever older versions listed in localStorage is in its list, or gone.
    if (typeof localStorage !== 'undefined') dropOldPointers(localStorage, lesson);
  } catch {
    // No list to show; nothing could be restored from the store either.
  }
  if (mine === listings && pageLesson.value === lesson) {
    keptModels.value = list;
    listedFor = listed ? lesson : null;
  }
  return list;
}

/** The kept models of a lesson as last listed by the engine ([] for another lesson, or before the engine was asked). */
export function readKeptModels(lesson: string): KeptPointer[] {
  return listedFor === lesson ? keptModels.value : [];
}

/** Shows the lesson's kept models once the engine runs; until then the list is empty (loading the data asks the engine). */
export function loadKeptModels(lesson: string): void {
  if (engine.value.state === 'ready') void refreshKeptModels(lesson);
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
  const client = getClient();
  try {
    await client.keepModel({ key: keptModelKey(lesson, id), tag: id, dataset: datasetLabel });
  } catch {
    keptNotice.value = 'This model could not be kept in this browser (storage is full or blocked): it works until the page is reloaded.';
    return false;
  }
  // The limits hold for what the store lists, the model just kept included.
  const evicted = modelsToEvict(await refreshKeptModels(lesson), [id, readChoice(lesson) ?? '']);
  const forgotten = await Promise.all(evicted.map((old) => client.forgetModel({ key: old.key }).then(() => true, () => false)));
  if (evicted.length > 0) await refreshKeptModels(lesson);
  const removed = evicted.filter((_, i) => forgotten[i]);
  keptNotice.value = removed.length > 0
    ? `To stay within ${KEPT_MODEL_LIMIT} kept models (${Math.round(KEPT_BYTES_LIMIT / 1024 / 1024)} MB), the model of ${removed.map((k) => `“${labelOf(k.id)}”`).join(', ')} was removed; its curves stay.`
    : '';
  return true;
}

/** The kept models that can be used with the data loaded now (same file, run still listed). */
export function usableKeptModels(list: KeptPointer[], dataLabel: string | null, listed: Array<{ id: string }>): KeptPointer[] {
  return list.filter((k) => k.dataset === dataLabel && listed.some((r) => r.id === k.id));
}

/**
 * Makes the kept model of run `id` the one in the engine (evaluation and the viewer use it), and
 * remembers the choice. Throws (for the chooser to show) when it cannot be read back; the list is
 * then asked again, so a model that is gone from the store leaves the chooser.
 */
export async function useKeptModel(id: string): Promise<void> {
  const lesson = pageLesson.value;
  const kept = lesson ? readKeptModels(lesson).find((k) => k.id === id) : undefined;
  if (!lesson || !kept) throw new Error('That model is no longer kept in this browser.');
  if (activeRunId.value !== null) throw new Error('A run is training: choose the model when it has finished.');
  try {
    await getClient().restoreModel({ key: kept.key, tag: kept.id });
  } catch (error) {
    void refreshKeptModels(lesson);
    throw error;
  }
  modelRunId.value = id;
  try { localStorage.setItem(choiceKey(lesson), id); } catch { /* the choice lasts for this visit */ }
}

/** The label of the data a restore was last tried for: each loaded file gets one try. */
let restoredFor: string | null = null;

/**
 * When the data is loaded, lists the lesson's kept models and, when no model is in the engine, brings
 * back one trained on that data: the one the learner chose, else the newest.
 */
export async function restoreKeptModel(): Promise<void> {
  const lesson = pageLesson.value;
  if (!lesson || dataset.value.state !== 'ready') return;
  const list = await refreshKeptModels(lesson);
  // Checked after the listing: meanwhile the learner may have started a run, loaded other data or chosen a model.
  const data = dataset.value;
  if (data.state !== 'ready' || modelRunId.value !== null || activeRunId.value !== null || restoredFor === data.label) return;
  const usable = usableKeptModels(list, data.label, runs.value);
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
  } catch (error) {
    // The store listed it but could not read it back (storage cleared meanwhile, a damaged entry): the
    // learner is told, and the chooser offers what is left; nothing else on the page depends on it.
    keptNotice.value = `The model kept from “${labelOf(chosen.id)}” could not be read back from this browser's storage (${error instanceof Error ? error.message : String(error)}); choose another kept model, or train again.`;
    void refreshKeptModels(lesson);
  }
}

/**
 * Whether a model may be kept for the lesson, so that islands which show a model load the data after
 * a reload. Once the engine has listed the lesson's models, their list answers; before, a kept model
 * can only be one of a listed run's (the others are never offered), so no such run means none.
 */
export function hasKeptModels(lesson: string): boolean {
  if (listedFor === lesson) return keptModels.value.length > 0;
  return pageLesson.value === lesson && runs.value.some((r) => r.status === 'completed' || r.status === 'stopped');
}

/** Forgets the kept models of these runs (or every kept model of the lesson, for null). */
export function forgetKeptModel(ids: string[] | null): void {
  const lesson = pageLesson.value;
  if (!lesson) return;
  const goes = (k: KeptPointer) => ids === null || ids.includes(k.id);
  // The chooser drops them at once; the store follows. The store is asked, not the list shown, since
  // the engine may not have been asked yet this visit.
  keptModels.value = keptModels.value.filter((k) => !goes(k));
  if (ids?.length === 0) return;
  const client = getClient();
  ensureEngine()
    .then(() => listKeptModels(client, lesson))
    .then((list) => Promise.all(list.filter(goes).map((k) => client.forgetModel({ key: k.key }))))
    .then(() => refreshKeptModels(lesson))
    .catch(() => undefined);
}
