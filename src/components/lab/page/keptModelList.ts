/**
 * Which trained models are kept for a lesson, as the engine's model store says: the one source of
 * truth. The page keeps no list of its own; localStorage only remembers the learner's choice. Lists
 * left in localStorage by older versions are dropped once the store has been asked: every model
 * they pointed to that still exists is in the store's list anyway.
 */
import type { EngineCalls } from '../../../client/trainingClient';

/** One kept model as the page uses it. */
export interface KeptPointer {
  /** The run it came from (its tag in the store). */
  id: string;
  /** The data it was trained on, by file name. */
  dataset: string;
  /** Where the engine keeps its files. */
  key: string;
  bytes: number;
  savedAt: string;
}

/** Where the engine keeps the model of run `id` of a lesson. */
export const keptModelKey = (lesson: string, id: string): string => `model:${lesson}:${id}`;
/** Before several models were kept: one model per lesson, under this key. */
const singleModelKey = (lesson: string) => `model:${lesson}`;

/** Whether the model kept under `key` is one of the lesson's (not another lesson's whose name starts the same). */
export function isLessonModelKey(lesson: string, key: string): boolean {
  return key === singleModelKey(lesson) || key.startsWith(keptModelKey(lesson, ''));
}

/** The lesson's kept models, oldest first, as the engine's store lists them (no weights are read). */
export async function listKeptModels(calls: Pick<EngineCalls, 'keptModels'>, lesson: string): Promise<KeptPointer[]> {
  const listed = await calls.keptModels({ keyPrefix: singleModelKey(lesson) });
  return listed
    .filter((m) => isLessonModelKey(lesson, m.key))
    .map((m) => ({ id: m.tag, dataset: m.dataset, key: m.key, bytes: m.bytes, savedAt: m.savedAt }));
}

/** localStorage keys of the lists older versions kept beside the store (a list of pointers, and before it a single pointer). */
export const oldPointerKeys = (lesson: string): string[] => [`course:models:${lesson}`, `course:model:${lesson}`];

/** Removes what older versions kept in localStorage about the lesson's models; the store's list replaces it. */
export function dropOldPointers(storage: Pick<Storage, 'removeItem'>, lesson: string): void {
  try {
    for (const key of oldPointerKeys(lesson)) storage.removeItem(key);
  } catch {
    // Storage blocked: the old keys are never read again, so leaving them costs nothing.
  }
}
