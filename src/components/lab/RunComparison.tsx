/**
 * The learner's own runs of a lesson on one chart: one colour per model (training line, validation
 * line with markers), a table of final numbers, a choice of which runs to draw, and a way to
 * forget runs. By default the latest run of each model is drawn.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { Task } from '../../lib/data/types';
import LossChart, { type ChartSeries } from '../LossChart';
import { describeReference, drawsOn, whyNotDrawn, finalNumbers, historySeries, referenceSeries, type Reference } from './runSeries';
import { activeRunId, rerunRequest, runs, type LabRun } from './page/signals';
import { runRecordFileName, runRecordJson } from './runRecord';
import { forgetRuns, ofTask, restoreRuns } from './page/runHistory';
import { LOSS_INFO, lossAxisLabel } from '../../client/presets';
import { describeLossAndMetric, formatMetric, taskDescriptor } from '../../lib/tasks';
import { lossNameOf } from '../../client/presets';
import type { LossName } from '../../lib/train/types';
import { drawnByDefault, runColour } from './comparedRuns';
import { useHydrated } from './useHydrated';
import '../widgets.css';
import './lab.css';

export interface RunComparisonProps {
  lesson: string;
  task: Task;
  /** The original's results (e.g. model A′ and model B): faint markers where the chart's loss is their quantity, else listed under the chart. */
  references?: Reference[];
  title?: string;
  /**
   * Losses whose latest runs are drawn without a tick (default: the lesson's loss only, since other
   * losses sit on other scales). Lesson 2 names MAE and MSE: its text compares them curve against curve.
   */
  drawLosses?: LossName[];
}

const STATUS: Record<LabRun['status'], string> = { running: 'training', paused: 'paused', completed: 'finished', stopped: 'stopped', failed: 'failed' };

/** Size, batch, optimiser, subset, augmentation (geometric, intensity) and seed in one short line (a loss other than the lesson's is in the run's label). */
function detailOf(r: LabRun): string {
  const limit = r.config.trainLimit;
  const parts = [`${r.config.height}×${r.config.width}`, `batch ${r.config.batchSize}`, r.config.optimizer.kind === 'sgd' ? 'SGD' : 'Adam', `lr ${r.config.optimizer.learningRate}`];
  if (limit !== undefined) parts.push(`${limit} slices`);
  if (r.config.augment) parts.push('augmented');
  if (r.config.intensityAugment) parts.push('intensity-augmented');
  parts.push(`seed ${r.config.seed}`);
  return parts.join(', ');
}

export default function RunComparison({ lesson, task, references = [], title = 'Compare your runs', drawLosses }: RunComparisonProps) {
  // Explicit show/hide choices by run id; runs without a choice follow the default.
  const [choices, setChoices] = useState<Record<string, boolean>>({});
  const [confirming, setConfirming] = useState(false);
  const [recordOf, setRecordOf] = useState<string | null>(null);
  const [copied, setCopied] = useState('');
  useEffect(() => restoreRuns(lesson), [lesson]);
  const hydrated = useHydrated();
  const activeId = hydrated ? activeRunId.value : null;

  const descriptor = taskDescriptor(task);
  const defaultLosses = drawLosses ?? [descriptor.defaultLoss];
  const all = (hydrated ? runs.value : []).filter((r) => ofTask(task)(r) && r.history.length > 0);
  // By default the latest run of each group with one of the drawn losses; the others only when ticked.
  const byDefault = drawnByDefault(all, defaultLosses);
  const visible = (r: LabRun) => choices[r.id] ?? byDefault.has(r.id);
  const drawnLosses = all.filter(visible).map((r) => lossNameOf(r.config));
  // The original's numbers are drawn only on an axis of their own quantity; the others are listed.
  const listedReferences = references.filter((ref) => !drawsOn(ref, drawnLosses));
  const mixedLosses = new Set(drawnLosses).size > 1;
  const otherLossHidden = all.some((r) => !defaultLosses.includes(lossNameOf(r.config)) && !visible(r));
  const number = (r: LabRun) => all.indexOf(r) + 1;
  const nameOf = (r: LabRun) => `#${number(r)} ${r.label}`;

  const series = useMemo<ChartSeries[]>(() => {
    const drawn = all.filter(visible);
    const lines = drawn.flatMap((r) => {
      const colour = runColour(r, defaultLosses);
      return historySeries(r.history, { label: nameOf(r), trainColour: colour, validationColour: colour });
    });
    const refs = references.map((ref) => referenceSeries(ref, drawnLosses)).filter((s): s is ChartSeries => s !== null);
    return [...lines, ...refs];
  }, [all.map((r) => `${r.id}:${r.history.length}`).join(), choices, references]);

  const metricSpec = descriptor.epochMetric;
  const metric = metricSpec.short;
  const busy = activeId !== null;
  const testLabel = all.find((r) => r.test)?.test?.label;
  const recorded = all.find((r) => r.id === recordOf) ?? null;
  const copy = (r: LabRun) => {
    navigator.clipboard.writeText(runRecordJson(r)).then(() => setCopied('Record copied.'), () => setCopied('Copying was refused: select the text and copy it.'));
  };
  const download = (r: LabRun) => {
    const url = URL.createObjectURL(new Blob([runRecordJson(r)], { type: 'application/json' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = runRecordFileName(r);
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };
  const trainAgain = (r: LabRun) => {
    if (!r.panel) return;
    rerunRequest.value = { panel: r.panel, config: r.config };
    document.getElementById(`${r.panel}-title`)?.scrollIntoView({ block: 'start' });
  };

  return (
    <section class="widget run-comparison" aria-labelledby={`${lesson}-comparison-title`} style={{ '--legend-entries': series.length }}>
      <h3 id={`${lesson}-comparison-title`} class="widget__title">{title}</h3>
      {all.length === 0 ? (
        <p class="widget__note">
          No runs yet. Train the models in the panels above, ideally with the same settings and seed;
          their curves appear here side by side. Runs are kept in this browser, so you can come back to them after a reload.
        </p>
      ) : (
        <>
          <LossChart series={series} yLabel={lossAxisLabel(drawnLosses)} title="Training and validation loss of your runs" />
          {mixedLosses && (
            <p class="widget__note">
              <strong>Different losses are drawn together.</strong> {drawnLosses.includes('bce') ? 'Cross-entropy and Dice loss' : 'These losses'} are on different scales, so compare these runs by their validation {metric} in the table, not by the height of their curves.
            </p>
          )}
          {references.length > listedReferences.length && (
            <p class="widget__note">Faint stars: the original's final values (only those were reported, so there is no curve of them), on other data; compare orders of magnitude, not decimals.</p>
          )}
          {listedReferences.length > 0 && (
            <div class="widget__note">
              <p>For comparison, not drawn:</p>
              <ul>{listedReferences.map((ref) => <li key={ref.label}>{describeReference(ref)} ({whyNotDrawn(ref, drawnLosses, lossAxisLabel(drawnLosses))})</li>)}</ul>
            </div>
          )}
          <p class="widget__note">
            One colour per model{defaultLosses.length > 1 ? ` (and one for each loss the lesson compares: ${defaultLosses.map((l) => LOSS_INFO[l].axisLabel).join(' against ')})` : ''}. Plain line with dots: training loss; line with diamonds: validation loss. Choose which runs to draw in the table.
            {otherLossHidden && ' Runs trained with another loss than the lesson’s are listed but not drawn until you tick them: their losses are on another scale.'}
          </p>
          <div class="table-scroll">
          <table class="run-table">
            <caption class="visually-hidden">Your runs and their final numbers</caption>
            <thead>
              <tr>
                <th scope="col">Draw</th><th scope="col">Run</th><th scope="col">Epochs</th>
                <th scope="col">Final val. loss</th><th scope="col">Final val. {metric}</th><th scope="col">Best val. {metric}</th><th scope="col">Test{testLabel ? `: ${testLabel}` : ''}</th><th scope="col">Status</th><th scope="col"><span class="visually-hidden">Record and forget</span></th>
              </tr>
            </thead>
            <tbody>
              {all.map((r) => {
                const n = finalNumbers(r.history);
                const colour = runColour(r, defaultLosses);
                const id = `${lesson}-show-${r.id.replace(/[^a-z0-9-]/gi, '')}`;
                const open = recordOf === r.id;
                return (
                  <tr key={r.id}>
                    <td><input type="checkbox" id={id} checked={visible(r)} onChange={(e) => setChoices({ ...choices, [r.id]: (e.currentTarget as HTMLInputElement).checked })} /></td>
                    <th scope="row">
                      <label for={id}><span class="swatch" style={{ background: colour }} aria-hidden="true" />{nameOf(r)}</label>
                      <span class="run-table__detail">{detailOf(r)}</span>
                    </th>
                    <td class="num">{r.history.length}/{r.config.epochs}</td>
                    <td class="num">{n && Number.isFinite(n.valLoss) ? n.valLoss.toFixed(3) : '–'}</td>
                    <td class="num">{n ? formatMetric(metricSpec, n.valMetric) : '–'}</td>
                    <td class="num">{n && Number.isFinite(n.bestMetric) ? `${formatMetric(metricSpec, n.bestMetric)} (ep. ${n.bestEpoch})` : '–'}</td>
                    <td class="num">{r.test ? r.test.text : '–'}</td>
                    <td>{STATUS[r.status]}</td>
                    <td class="run-table__actions">
                      <button type="button" class="button button--quiet button--small" aria-expanded={open} aria-controls={`${lesson}-run-record`}
                        onClick={() => { setRecordOf(open ? null : r.id); setCopied(''); }} aria-label={`Record of run ${nameOf(r)}`}>Record</button>
                      <button type="button" class="button button--quiet button--small" disabled={r.id === activeId} onClick={() => forgetRuns(r.id)}
                        aria-label={`Forget run ${nameOf(r)}`}>Forget</button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          </div>
          <p class="widget__note">{describeLossAndMetric({ losses: all.map((r) => lossNameOf(r.config)), metric: metricSpec })}</p>
          {recorded && (
            <div id={`${lesson}-run-record`} class="run-record">
              <h4 class="run-record__title">Record of run {nameOf(recorded)}</h4>
              <div class="button-row">
                <button type="button" class="button button--small" onClick={() => copy(recorded)}>Copy the record</button>
                <button type="button" class="button button--quiet button--small" onClick={() => download(recorded)}>Download as JSON</button>
                {recorded.panel && <button type="button" class="button button--quiet button--small" aria-disabled={busy} onClick={() => !busy && trainAgain(recorded)}>Train again with these settings</button>}
                <span role="status" class="widget__note">{copied}</span>
              </div>
              <pre tabindex={0} aria-label={`Record of run ${nameOf(recorded)}, JSON`}><code>{runRecordJson(recorded)}</code></pre>
            </div>
          )}
          <div class="button-row">
            {!confirming ? (
              <button type="button" class="button button--quiet" disabled={busy} onClick={() => setConfirming(true)}>Forget all runs…</button>
            ) : (
              <>
                <button type="button" class="button" onClick={() => { forgetRuns(); setChoices({}); setConfirming(false); }}>Yes, forget all {all.length} runs</button>
                <button type="button" class="button button--quiet" onClick={() => setConfirming(false)}>Keep them</button>
              </>
            )}
            {busy && <span class="widget__note">Runs can be forgotten when no run is training.</span>}
          </div>
        </>
      )}
    </section>
  );
}
