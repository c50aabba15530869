/** The learner's runs of a lesson (settings and curves, not weights), kept in localStorage so a reload does not lose them. */
import type { Task } from '../../../lib/data/types';
import { ensureEngine, getClient } from './engineStart';
import { forgetKeptModel, loadKeptModels, restoreKeptModel } from './keptModel';
import { pageLesson, runs, type LabRun } from './signals';

const storageKey = (lesson: string) => `course:runs:${lesson}`;

/** Picks a task's runs from a list: `runs.filter(ofTask('segmentation'))`. */
export const ofTask = (task: Task) => (run: LabRun): boolean => run.config.task === task;

/** Reads the runs saved for this lesson on this device (once per page). */
export function restoreRuns(lesson: string): void {
  if (pageLesson.value === lesson) return;
  pageLesson.value = lesson;
  loadKeptModels(lesson);
  try {
    const saved = JSON.parse(localStorage.getItem(storageKey(lesson)) ?? '[]') as LabRun[];
    // A run that was training when the page closed did not finish.
    runs.value = saved.map((r) => (r.status === 'running' || r.status === 'paused' ? { ...r, status: 'stopped' } : r));
  } catch {
    runs.value = [];
  }
  // The data may have finished loading before any island named the lesson: its restore found no lesson
  // and no runs then, so the kept model comes back now (restoreKeptModel tries once per loaded file).
  restoreKeptModel().catch(() => undefined);
}

function persist(): void {
  const lesson = pageLesson.value;
  if (!lesson) return;
  try {
    localStorage.setItem(storageKey(lesson), JSON.stringify(runs.value));
  } catch {
    // Storage full or blocked: the runs stay in memory for this visit.
  }
}

/** Adds a run at the end, or replaces it where it is (its number in the comparison stays), and saves the list. */
export function saveRun(run: LabRun): void {
  const at = runs.value.findIndex((r) => r.id === run.id);
  runs.value = at < 0 ? [...runs.value, run] : runs.value.map((r, i) => (i === at ? run : r));
  persist();
}

/** Forgets one run (or all when no id is given), and the kept model and unfinished-run checkpoint when they were theirs. */
export function forgetRuns(id?: string): void {
  const gone = id ? runs.value.filter((r) => r.id === id) : runs.value;
  runs.value = id ? runs.value.filter((r) => r.id !== id) : [];
  persist();
  forgetKeptModel(id ? [id] : null);
  const ids = new Set(gone.map((r) => r.id));
  if (ids.size === 0) return;
  // The engine keeps the checkpoints; nothing to do if it cannot start (then it cannot resume them either).
  ensureEngine()
    .then(() => getClient().unfinishedRuns({}))
    .then((kept) => Promise.all(kept.filter((u) => ids.has(u.run.id)).map((u) => getClient().discardRun({ key: u.key }))))
    .catch(() => undefined);
}
