/**
 * State shared by every island of a lesson page: one training engine, one loaded dataset, and the
 * learner's runs. Islands on a page share this module, so a model trained in one panel can be
 * evaluated in another. Runs (settings and curves, not weights) persist in localStorage so a
 * reload doesn't lose them.
 */
import { signal } from '@preact/signals';
import { createTrainingClient, type EngineReport, type TrainingClient } from '../../client/trainingClient';
import type { DatasetSummary } from '../../client/protocol';
import type { BackendPreference } from '../../lib/train/backend';
import type { Task } from '../../lib/data/types';
import type { EpochRecord, ModelKind, RunConfig } from '../../lib/train/types';
import type { ErrorInfo } from '../../lib/errors';

export type EngineState =
  | { state: 'idle' }
  | { state: 'starting' }
  | { state: 'ready'; report: EngineReport }
  | { state: 'failed'; error: ErrorInfo };

export type DatasetState =
  | { state: 'idle' }
  | { state: 'loading'; label: string }
  | { state: 'ready'; summary: DatasetSummary; label: string; url: string | null }
  | { state: 'failed'; error: ErrorInfo; label: string };

export type RunStatus = 'running' | 'paused' | 'completed' | 'stopped' | 'failed';

/** One training run as the page remembers it: plain data only. */
export interface LabRun {
  id: string;
  label: string;
  model: ModelKind;
  config: RunConfig;
  status: RunStatus;
  backend: string;
  paramCount: number;
  history: EpochRecord[];
  startedAt: string;
  dataset: string;
  error?: ErrorInfo;
  /** The panel that trained it (so a panel shows its own last run after a reload). */
  panel?: string;
}

export const engine = signal<EngineState>({ state: 'idle' });
export const dataset = signal<DatasetState>({ state: 'idle' });
export const runs = signal<LabRun[]>([]);
/** The run whose trained weights are in the engine now (evaluation and predictions use it). */
export const modelRunId = signal<string | null>(null);
/** The run that is training now; the engine trains one model at a time. */
export const activeRunId = signal<string | null>(null);

let client: TrainingClient | null = null;
let starting: Promise<EngineReport> | null = null;
let loading: Promise<DatasetSummary> | null = null;
let storageKey: string | null = null;

/** Converts anything thrown into what ErrorAlert shows. */
export function asErrorInfo(error: unknown): ErrorInfo {
  if (error && typeof error === 'object' && 'message' in error) {
    const e = error as { name?: string; message: string; hint?: string };
    return { name: e.name ?? 'Error', message: e.message, hint: e.hint ?? '' };
  }
  return { name: 'Error', message: String(error), hint: '' };
}

/** The backend the learner (or a test, with ?backend=wasm) asked for; 'auto' otherwise. */
export function requestedBackend(): BackendPreference {
  const fromUrl = new URLSearchParams(location.search).get('backend');
  const stored = localStorage.getItem('course:backend');
  const value = fromUrl ?? stored ?? 'auto';
  return (['auto', 'webgpu', 'webgl', 'wasm', 'cpu'] as const).includes(value as BackendPreference) ? (value as BackendPreference) : 'auto';
}

/** The page's training client, created on first use. */
export function getClient(): TrainingClient {
  client ??= createTrainingClient();
  return client;
}

/** Starts the engine once per page; later calls share the same start. */
export function ensureEngine(backend: BackendPreference = requestedBackend()): Promise<EngineReport> {
  if (starting) return starting;
  engine.value = { state: 'starting' };
  starting = getClient().init({ backend }).then(
    (report) => { engine.value = { state: 'ready', report }; return report; },
    (error: unknown) => { engine.value = { state: 'failed', error: asErrorInfo(error) }; starting = null; throw error; },
  );
  return starting;
}

/** Switches the backend (the learner's override); the choice is remembered on this device. */
export async function switchBackend(backend: BackendPreference): Promise<EngineReport> {
  localStorage.setItem('course:backend', backend);
  engine.value = { state: 'starting' };
  starting = getClient().init({ backend }).then(
    (report) => { engine.value = { state: 'ready', report }; return report; },
    (error: unknown) => { engine.value = { state: 'failed', error: asErrorInfo(error) }; starting = null; throw error; },
  );
  return starting;
}

/**
 * Loads a dataset into the engine once per page. A URL is only loaded when nothing is loaded yet
 * (or with `replace`), so a learner's own file stays in use across every island; bytes (a learner's
 * file) always replace what is there.
 */
export function ensureDataset(source: { url: string } | { bytes: ArrayBuffer; label: string } | { file: File; label: string }, task: Task, options: { replace?: boolean } = {}): Promise<DatasetSummary> {
  const url = 'url' in source ? source.url : null;
  const current = dataset.value;
  if (url && !options.replace && loading && (current.state === 'loading' || current.state === 'ready')) return loading;
  const label = 'url' in source ? source.url.split('/').pop() ?? source.url : source.label;
  // A file that fails to load must not cost the learner the dataset they had: the engine keeps it too.
  const previous = current.state === 'ready' ? { state: current, loading } : null;
  dataset.value = { state: 'loading', label };
  loading = ensureEngine()
    .then(() => getClient().loadDataset({ source: 'url' in source ? { url: new URL(source.url, location.href).href } : 'file' in source ? { file: source.file } : { bytes: source.bytes }, task, label }))
    .then(
      (summary) => {
        dataset.value = { state: 'ready', summary, label, url };
        modelRunId.value = null;
        // A model kept from an earlier visit comes back when the data it was trained on is loaded again.
        void restoreKeptModel();
        return summary;
      },
      (error: unknown) => {
        if (previous) {
          dataset.value = previous.state;
          loading = previous.loading;
        } else {
          dataset.value = { state: 'failed', error: asErrorInfo(error), label };
          loading = null;
        }
        throw error;
      },
    );
  return loading;
}

/** Reads the runs saved for this lesson on this device. */
export function restoreRuns(lesson: string): void {
  if (storageKey === `course:runs:${lesson}`) return;
  storageKey = `course:runs:${lesson}`;
  try {
    const saved = JSON.parse(localStorage.getItem(storageKey) ?? '[]') as LabRun[];
    // A run that was training when the page closed did not finish.
    runs.value = saved.map((r) => (r.status === 'running' || r.status === 'paused' ? { ...r, status: 'stopped' } : r));
  } catch {
    runs.value = [];
  }
}

function persist(): void {
  if (!storageKey) return;
  try {
    localStorage.setItem(storageKey, JSON.stringify(runs.value));
  } catch {
    // Storage full or blocked: the runs stay in memory for this visit.
  }
}

/** Adds or replaces a run and saves the list. */
export function saveRun(run: LabRun): void {
  const others = runs.value.filter((r) => r.id !== run.id);
  runs.value = [...others, run];
  persist();
}

/** Forgets one run (or all when no id is given). */
export function forgetRuns(id?: string): void {
  runs.value = id ? runs.value.filter((r) => r.id !== id) : [];
  persist();
  forgetKeptModel(id ? [id] : null);
}

/** The lesson whose runs this page shows (set by restoreRuns). */
const currentLesson = () => storageKey?.slice('course:runs:'.length) ?? null;
const keptModelKey = (lesson: string) => `model:${lesson}`;
const keptRunKey = (lesson: string) => `course:model:${lesson}`;

/** What localStorage remembers of the kept model: the run it came from and the data it was trained on. */
interface KeptPointer {
  id: string;
  dataset: string;
}

function readKeptPointer(lesson: string): KeptPointer | null {
  try {
    const value = JSON.parse(localStorage.getItem(keptRunKey(lesson)) ?? 'null') as Partial<KeptPointer> | null;
    return typeof value?.id === 'string' && typeof value.dataset === 'string' ? { id: value.id, dataset: value.dataset } : null;
  } catch {
    return null;
  }
}

/**
 * Keeps the engine's current model, just trained by run `id` on `datasetLabel`, in this browser, so a
 * reload does not cost the learner their model. Resolves false (and keeps nothing) when storage
 * fails: the model still works until the page is reloaded.
 */
export async function keepModel(id: string, datasetLabel: string): Promise<boolean> {
  const lesson = currentLesson();
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
  const lesson = currentLesson();
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

/**
 * For islands that show the trained model (evaluation, slice viewer): after a reload, loads the
 * lesson's data if a model is kept for it, so the model comes back even before a training panel
 * has been scrolled into view.
 */
export function bringBackKeptModel(lesson: string, dataFile: string, task: Task): void {
  restoreRuns(lesson);
  if (!readKeptPointer(lesson) || modelRunId.value !== null) return;
  ensureDataset({ url: dataUrl(dataFile) }, task).then(() => restoreKeptModel(), () => undefined);
}

/** Forgets the kept model when its run is forgotten. */
function forgetKeptModel(ids: string[] | null): void {
  const lesson = currentLesson();
  if (!lesson) return;
  const kept = readKeptPointer(lesson);
  if (!kept || (ids && !ids.includes(kept.id))) return;
  try {
    localStorage.removeItem(keptRunKey(lesson));
  } catch {
    return;
  }
  getClient().forgetModel(keptModelKey(lesson)).catch(() => undefined);
}

/** URL of a file the course ships in public/data/. */
export function dataUrl(file: string): string {
  return `${import.meta.env.BASE_URL}data/${file}`;
}
