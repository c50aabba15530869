/** Loading the lesson's data (or a learner's own file) into the page's engine, once per page. */
import type { DatasetSummary } from '../../../lib/engine/protocol';
import type { Task } from '../../../lib/data/types';
import { CourseError } from '../../../lib/errors';
import { formatBytes } from '../../../lib/format';
import { ensureEngine, getClient } from './engineStart';
import { asErrorInfo } from './errors';
import { hasKeptModels, restoreKeptModel } from './keptModel';
import { restoreRuns } from './runHistory';
import { dataset, modelRunId } from './signals';
import { dataUrl } from './urls';

let loading: Promise<DatasetSummary> | null = null;

/** Sizes of downloads read as browsers show them (decimal units). */
const DOWNLOAD = { units: 'decimal' } as const;

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
  // The page downloads a course file itself, so it can show the progress; the engine gets the bytes.
  // A learner's File goes to the engine as it is (the engine reads it lazily).
  const bytes: Promise<ArrayBuffer | null> = 'url' in source
    ? download(new URL(source.url, location.href).href, label, (received, total) => {
      if (dataset.value.state === 'loading' && dataset.value.label === label) dataset.value = { state: 'loading', label, received, total };
    })
    : Promise.resolve('bytes' in source ? source.bytes : null);
  let sha256: string | undefined;
  loading = Promise.all([ensureEngine(), bytes])
    .then(async ([, data]) => {
      if (data === null && 'file' in source) {
        // Hashed so that run records and kept models name the file; the engine reads the File itself.
        sha256 = await hashOf(await source.file.arrayBuffer());
        return getClient().loadDataset({ source: { file: source.file }, task, label });
      }
      // Hashed before the bytes are handed to the engine (transferring empties them): the run record names the file by it.
      sha256 = await hashOf(data!);
      return getClient().loadDataset({ source: { bytes: data! }, task, label });
    })
    .then(
      (summary) => {
        dataset.value = { state: 'ready', summary, label, url, sha256 };
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

/**
 * Loads one of the course's files for a run: like ensureDataset, but a different course file replaces
 * the one loaded (a 256² run on a GPU swaps in the 256² file, a later 64² run swaps back); a learner's
 * own file stays in use.
 */
export function ensureCourseFile(url: string, task: Task): Promise<DatasetSummary> {
  const current = dataset.value;
  const other = current.state === 'ready' && current.url !== null && current.url !== url;
  return ensureDataset({ url }, task, { replace: other });
}

/** SHA-256 of a file as hex; undefined where the browser cannot hash (not a secure context). */
async function hashOf(bytes: ArrayBuffer): Promise<string | undefined> {
  try {
    const digest = await crypto.subtle.digest('SHA-256', bytes);
    return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
  } catch {
    return undefined;
  }
}

/** Downloads a file, reporting bytes received; a failed download is a CourseError the panel shows with a retry. */
async function download(url: string, label: string, onProgress: (received: number, total: number | null) => void): Promise<ArrayBuffer> {
  const hint = 'Check your connection, then try again. Once a lesson has downloaded its data, the data is kept on this device and works offline.';
  let response: Response;
  try {
    response = await fetch(url);
  } catch (error) {
    throw new CourseError(`${label} could not be downloaded (${error instanceof Error ? error.message : String(error)}).`, hint);
  }
  if (!response.ok) throw new CourseError(`${label} could not be downloaded (HTTP ${response.status}).`, hint);
  const length = Number(response.headers.get('Content-Length'));
  const total = Number.isFinite(length) && length > 0 ? length : null;
  if (!response.body) return response.arrayBuffer();
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let received = 0;
  let lastReport = 0;
  onProgress(0, total);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      received += value.byteLength;
      if (received - lastReport > 256 * 1024) { lastReport = received; onProgress(received, total); }
    }
  } catch (error) {
    throw new CourseError(`${label} stopped downloading after ${formatBytes(received, DOWNLOAD)} (${error instanceof Error ? error.message : String(error)}).`, hint);
  }
  onProgress(received, total);
  const out = new Uint8Array(received);
  let offset = 0;
  for (const chunk of chunks) { out.set(chunk, offset); offset += chunk.byteLength; }
  return out.buffer;
}

/**
 * What a panel says while the data loads: the file, how much of it has arrived and its size, and
 * that it is kept on this device for use offline (when the course's service worker runs).
 */
export function loadingMessage(state: { label: string; received?: number; total?: number | null }): string {
  const kept = typeof navigator !== 'undefined' && navigator.serviceWorker?.controller ? ' It is kept on this device afterwards, so the lesson also works offline.' : '';
  if (state.received === undefined) return `Loading ${state.label}…`;
  const size = state.total ? ` of ${formatBytes(state.total, DOWNLOAD)}` : '';
  if (state.total && state.received >= state.total) return `Reading ${state.label} (${formatBytes(state.total, DOWNLOAD)})…${kept}`;
  return `Downloading ${state.label}: ${formatBytes(state.received, DOWNLOAD)}${size}.${kept}`;
}

/** Tries the lesson's data again after a failed download or engine start (the panels' retry). */
export function retryDataset(dataFile: string, task: Task): void {
  ensureDataset({ url: dataUrl(dataFile) }, task).catch(() => undefined);
}

/**
 * For islands that show the trained model (evaluation, slice viewer): after a reload, loads the
 * lesson's data if a model is kept for it, so the model comes back even before a training panel
 * has been scrolled into view.
 */
export function bringBackKeptModel(lesson: string, dataFile: string, task: Task): void {
  restoreRuns(lesson);
  if (!hasKeptModels(lesson) || modelRunId.value !== null) return;
  ensureDataset({ url: dataUrl(dataFile) }, task).then(() => restoreKeptModel(), () => undefined);
}
