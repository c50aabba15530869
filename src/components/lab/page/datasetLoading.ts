/** Loading the lesson's data (or a learner's own file) into the page's engine, once per page. */
import type { DatasetSummary } from '../../../lib/engine/protocol';
import type { Task } from '../../../lib/data/types';
import { ensureEngine, getClient } from './engineStart';
import { asErrorInfo } from './errors';
import { readKeptPointer, restoreKeptModel } from './keptModel';
import { restoreRuns } from './runHistory';
import { dataset, modelRunId } from './signals';
import { dataUrl } from './urls';

let loading: Promise<DatasetSummary> | null = null;

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
