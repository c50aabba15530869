import { useState } from 'preact/hooks';
import ErrorAlert from '../ErrorAlert';
import type { ErrorInfo } from '../../lib/errors';
import { taskDescriptor, formatMetric } from '../../lib/tasks';
import type { Task } from '../../lib/data/types';
import { activeRunId, dataset, modelRunId, runs } from './page/signals';
import { keptModels, keptNotice, KEPT_MODEL_LIMIT, usableKeptModels, useKeptModel } from './page/keptModel';
import { asErrorInfo } from './page/errors';
import { formatBytes } from '../../lib/format';
import { exportCurrentModel, importModelFiles } from './page/modelFiles';
import { finalNumbers } from './runSeries';
import { usePageSignal } from './useHydrated';

/**
 * Which trained model evaluation and the slice viewer use: any model kept from this lesson's runs
 * on the data loaded now (one per run, the newest kept up to a limit); and export of the model in
 * use (TensorFlow.js layers files with its run's record) and import of an exported one.
 */
export default function KeptModelChooser({ idPrefix, task }: { idPrefix: string; task: Task }) {
  const kept = usePageSignal(keptModels, []);
  const notice = usePageSignal(keptNotice, '');
  const allRuns = usePageSignal(runs, []);
  const current = usePageSignal(modelRunId, null);
  const training = usePageSignal(activeRunId, null) !== null;
  const data = usePageSignal(dataset, { state: 'idle' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [said, setSaid] = useState('');
  const label = data.state === 'ready' ? data.label : null;
  const usable = usableKeptModels(kept, label, allRuns);
  const metric = taskDescriptor(task).epochMetric;
  if (data.state !== 'ready') return null;

  const describe = (id: string) => {
    const run = allRuns.find((r) => r.id === id);
    if (!run) return 'a run no longer listed';
    const numbers = finalNumbers(run.history);
    const value = numbers && Number.isFinite(numbers.valMetric) ? `, validation ${metric.short} ${formatMetric(metric, numbers.valMetric)}` : '';
    return `${run.label}: ${run.history.length} of ${run.config.epochs} epochs${run.status === 'stopped' ? ' (stopped)' : ''}${value}`;
  };
  const choose = async (id: string) => {
    setBusy(true);
    setError(null);
    try { await useKeptModel(id); } catch (e) { setError(asErrorInfo(e)); } finally { setBusy(false); }
  };
  const notKept = current !== null && !usable.some((k) => k.id === current);
  const act = async (what: () => Promise<string>) => {
    setBusy(true);
    setError(null);
    setSaid('');
    try { setSaid(await what()); } catch (e) { setError(asErrorInfo(e)); } finally { setBusy(false); }
  };
  const onImport = (e: Event) => {
    const input = e.currentTarget as HTMLInputElement;
    const files = [...(input.files ?? [])];
    input.value = '';
    if (files.length > 0) void act(async () => `Imported “${(await importModelFiles(files)).label}”: it is the model used now.`);
  };

  return (
    <div class="kept-models">
      {usable.length > 0 && (
        <label class="field">
          <span>Model used here and in the slice viewer (kept in this browser: one per run, at most {KEPT_MODEL_LIMIT}, the oldest removed first)</span>
          <select id={`${idPrefix}-kept-model`} value={current ?? ''} disabled={busy || training} onChange={(e) => void choose((e.currentTarget as HTMLSelectElement).value)}>
            {(current === null || notKept) && <option value={current ?? ''}>{current === null ? 'Choose a kept model' : `${describe(current)} (not kept)`}</option>}
            {[...usable].reverse().map((k) => <option key={k.id} value={k.id}>{describe(k.id)}{k.bytes ? `, ${formatBytes(k.bytes, { units: 'decimal' })}` : ''}</option>)}
          </select>
        </label>
      )}
      <div class="button-row kept-models__files">
        <button type="button" class="button button--quiet" aria-disabled={current === null || busy || training}
          onClick={() => current !== null && !busy && !training && void act(async () => { await exportCurrentModel(); return 'Downloaded model.json (with the run’s record) and weights.bin. Keep them together: npm run train -- --model-from <their folder> reads them too.'; })}>
          Export this model
        </button>
        <label class="field kept-models__import">
          <span>Import an exported model (choose model.json and weights.bin together)</span>
          <input type="file" multiple accept=".json,.bin,application/json,application/octet-stream" disabled={busy || training} onChange={onImport} />
        </label>
      </div>
      {(notice || said) && <p class="widget__note" role="status">{said || notice}</p>}
      <ErrorAlert error={error} onDismiss={() => setError(null)} />
    </div>
  );
}
