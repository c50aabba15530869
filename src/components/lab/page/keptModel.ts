/**
 * The latest trained model, kept in this browser (IndexedDB through the engine, a pointer in
 * localStorage) so that a reload does not cost the learner their model; brought back when the data
 * it was trained on is loaded again.
 */
import { getClient } from './engineStart';
import { activeRunId, dataset, modelRunId, pageLesson, runs } from './signals';

const keptModelKey = (lesson: string) => `model:${lesson}`;
const keptRunKey = (lesson: string) => `course:model:${lesson}`;

/** What localStorage remembers of the kept model: the run it came from and the data it was trained on. */
interface KeptPointer {
  id: string;
  dataset: string;
}

/** The kept model's pointer for a lesson, or null when none (or an unreadable one) is kept. */
export function readKeptPointer(lesson: string): KeptPointer | null {
  try {
    const value = JSON.parse(localStorage.getItem(keptRunKey(lesson)) ?? 'null') as Partial<KeptPointer> | null;
    return typeof value?.id === 'string' && typeof value.dataset === 'string' ? { id: value.id, dataset: value.dataset } : null;
  } catch {
    return null;
  }
}

/**
 * Keeps the engine's current model, just trained by run `id` on `datasetLabel`, in this browser.
 * Resolves false (and keeps nothing) when storage fails: the model still works until the page is reloaded.
 */
export async function keepModel(id: string, datasetLabel: string): Promise<boolean> {
  const lesson = pageLesson.value;
  if (!lesson) return false;
  try {
    await getClient().keepModel({ key: keptModelKey(lesson), tag: id, dataset: datasetLabel });
    localStorage.setItem(keptRunKey(lesson), JSON.stringify({ id, dataset: datasetLabel } satisfies KeptPointer));
    return true;
  } catch {
    return false;
  }
}

let restoreAttempted = false;

/**
 * Once per page: when the data is loaded and no model is in the engine, brings back the model the
 * lesson's latest run kept, provided that run is still listed and was trained on the data now loaded.
 */
export async function restoreKeptModel(): Promise<void> {
  const lesson = pageLesson.value;
  const data = dataset.value;
  if (restoreAttempted || !lesson || data.state !== 'ready' || modelRunId.value !== null || activeRunId.value !== null) return;
  const kept = readKeptPointer(lesson);
  // Only the run's own model, only while that run is listed, and only on the data it was trained on.
  if (!kept || kept.dataset !== data.label || !runs.value.some((r) => r.id === kept.id)) return;
  restoreAttempted = true;
  try {
    await getClient().restoreModel({ key: keptModelKey(lesson), tag: kept.id });
    // Meanwhile the learner may have started a run or loaded other data: then the kept model is not theirs now.
    const now = dataset.value;
    if (now.state === 'ready' && now.label === data.label && modelRunId.value === null && activeRunId.value === null) {
      modelRunId.value = kept.id;
    }
  } catch {
    // Nothing usable is kept (storage cleared, another version): the learner trains again.
  }
}

/** Forgets the kept model when its run (or every run, for null) is forgotten. */
export function forgetKeptModel(ids: string[] | null): void {
  const lesson = pageLesson.value;
  if (!lesson) return;
  const kept = readKeptPointer(lesson);
  if (!kept || (ids && !ids.includes(kept.id))) return;
  try {
    localStorage.removeItem(keptRunKey(lesson));
  } catch {
    return;
  }
  getClient().forgetModel({ key: keptModelKey(lesson) }).catch(() => undefined);
}
