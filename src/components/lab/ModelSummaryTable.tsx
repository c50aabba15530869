import { useEffect, useState } from 'preact/hooks';
import ErrorAlert from '../ErrorAlert';
import type { ModelSummary } from '../../lib/models/summary';
import type { ModelKind } from '../../lib/train/types';
import type { Task } from '../../lib/data/types';
import type { ErrorInfo } from '../../lib/errors';
import { asErrorInfo } from './page/errors';
import { ensureEngine, getClient } from './page/engineStart';

export interface ModelSummaryTableProps {
  task: Task;
  model: ModelKind;
  size?: number;
}

const fmt = (n: number) => n.toLocaleString('en-US');
const shape = (s: (number | null)[]) => `[${s.map((d) => (d === null ? 'batch' : d)).join(', ')}]`;

/** The model's layers as Keras prints them (layer, output shape, parameters, inputs), built by the real builder. */
export default function ModelSummaryTable({ task, model, size = 128 }: ModelSummaryTableProps) {
  const [summary, setSummary] = useState<ModelSummary | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [open, setOpen] = useState(false);

  useEffect(() => {
    if (!open || summary) return;
    ensureEngine()
      .then(() => getClient().buildModel({ config: { task, model, height: size, width: size, seed: 1 } }))
      .then(setSummary, (e: unknown) => setError(asErrorInfo(e)));
  }, [open, summary, task, model, size]);

  return (
    <details class="widget model-summary" onToggle={(e) => setOpen((e.currentTarget as HTMLDetailsElement).open)}>
      <summary>Model summary: every layer, its output shape and its parameters</summary>
      {!summary && !error && open && <p role="status">Building the model…</p>}
      {summary && (
        <div class="table-scroll">
          <table class="model-summary__table">
            <caption>{summary.modelName} at {size}×{size}: {fmt(summary.totalParams)} parameters ({fmt(summary.trainableParams)} trainable)</caption>
            <thead><tr><th scope="col">Layer</th><th scope="col">Type</th><th scope="col">Output shape</th><th scope="col">Parameters</th><th scope="col">Input from</th></tr></thead>
            <tbody>
              {summary.rows.map((r) => (
                <tr key={r.name}>
                  <th scope="row"><code>{r.name}</code></th>
                  <td>{r.type}</td>
                  <td><code>{shape(r.outputShape)}</code></td>
                  <td class="num">{fmt(r.params)}</td>
                  <td>{r.connectedTo.join(', ')}</td>
                </tr>
              ))}
            </tbody>
            <tfoot><tr><th scope="row" colSpan={3}>Total</th><td class="num">{fmt(summary.totalParams)}</td><td /></tr></tfoot>
          </table>
        </div>
      )}
      <ErrorAlert error={error} />
    </details>
  );
}
