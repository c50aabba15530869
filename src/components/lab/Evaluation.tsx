import { useEffect, useMemo, useState } from 'preact/hooks';
import ImageCanvas from '../ImageCanvas';
import ErrorAlert from '../ErrorAlert';
import type { Evaluation as EvaluationResult, Predictions } from '../../lib/engine/protocol';
import type { ErrorInfo } from '../../lib/errors';
import { activeRunId, modelRunId, runs } from './page/signals';
import { saveRun } from './page/runHistory';
import { asErrorInfo } from './page/errors';
import { getClient } from './page/engineStart';
import { bringBackKeptModel } from './page/datasetLoading';
import { KEPT_MODEL_LIMIT } from './page/keptModel';
import type { Task } from '../../lib/data/types';
import { taskDescriptor, type HistogramData } from '../../lib/tasks';
import { useLookupBaseline } from './useLookupBaseline';
import { sliceView } from './predictionImages';
import SliceLegend from './SliceLegend';
import { usePageSignal } from './useHydrated';
import KeptModelChooser from './KeptModelChooser';
import VolumeTable from './VolumeTable';

const BINS = 10;

/** Per-slice values of a test evaluation in BINS bins over [min, max]. */
function Histogram({ values, min, max, label, digits = 1 }: HistogramData) {
  const span = max - min || 1;
  const counts = new Array<number>(BINS).fill(0);
  for (const v of values) counts[Math.max(0, Math.min(BINS - 1, Math.floor(((v - min) / span) * BINS)))]++;
  const top = Math.max(1, ...counts);
  const edge = (i: number) => (min + (i * span) / BINS).toFixed(digits);
  return (
    <figure class="histogram-figure">
      <div class="histogram" role="img" aria-label={`Histogram of ${label}: ${counts.map((c, i) => `${edge(i)}–${edge(i + 1)}: ${c}`).join('; ')}`}>
        {counts.map((c, i) => <div key={i} class="histogram__bar" style={{ height: `${(100 * c) / top}%` }} title={`${c} slices`} />)}
      </div>
      <div class="histogram-axis" aria-hidden="true"><span>{min}</span><span>{Number(((min + max) / 2).toFixed(digits + 1))}</span><span>{max}</span></div>
      <figcaption>{label}</figcaption>
    </figure>
  );
}

/** Test-set evaluation of the model trained on this page: the task's numbers, their spread, and one slice looked at closely. */
export interface EvaluationProps {
  lesson: string;
  task: Task;
  /** The lesson's data file in public/data/ (loaded after a reload when a trained model is kept). */
  dataFile: string;
}

export default function Evaluation({ lesson, task, dataFile }: EvaluationProps) {
  const descriptor = taskDescriptor(task);
  const [result, setResult] = useState<EvaluationResult | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [index, setIndex] = useState(0);
  const [prediction, setPrediction] = useState<Predictions | null>(null);
  const [threshold, setThreshold] = useState(0.5);
  const [opacity, setOpacity] = useState(0.5);
  // Page-wide state arrives after mount, so hydration matches the server's render.
  const runId = usePageSignal(modelRunId, null);
  const allRuns = usePageSignal(runs, []);
  const run = allRuns.find((r) => r.id === runId) ?? null;
  const training = usePageSignal(activeRunId, null) !== null;

  useEffect(() => { setResult(null); setPrediction(null); }, [runId]);
  useEffect(() => bringBackKeptModel(lesson, dataFile, task), [lesson, dataFile, task]);

  const evaluate = async () => {
    setBusy(true);
    setError(null);
    try {
      // The numbers and the first slice shown come from the same model: no other widget swaps it in between.
      await getClient().withModel(async (model) => {
        const metrics = await model.evaluate({ split: 'test' });
        setResult(metrics);
        // The run keeps its test number, so the comparison table and the run's record show it later.
        const headline = descriptor.summarizeTest(metrics).numbers[0];
        const evaluated = runs.value.find((r) => r.id === modelRunId.value);
        if (headline && evaluated) saveRun({ ...evaluated, test: { label: headline.label, text: headline.text, evaluatedAt: new Date().toISOString() } });
        // Start from a typical slice where the task has one (e.g. with lung; slice 1 is often below the lungs).
        const first = descriptor.summarizeTest(metrics).typicalSlice?.index ?? index;
        setIndex(first);
        setPrediction(await model.predict({ split: 'test', indices: [first] }));
      });
    } catch (e) {
      setError(asErrorInfo(e));
    } finally {
      setBusy(false);
    }
  };

  const show = async (i: number) => {
    setIndex(i);
    try { setPrediction(await getClient().predict({ split: 'test', indices: [i] })); } catch (e) { setError(asErrorInfo(e)); }
  };

  const summary = useMemo(() => result ? descriptor.summarizeTest(result) : null, [result, descriptor]);
  // The task's baseline on the same test slices at the model's size, summarised like the network.
  const baseline = useLookupBaseline(task, result && descriptor.baseline ? prediction?.height ?? run?.config.height ?? null : null);
  // The baseline's own picture of the shown slice, beside the network's (once its table has arrived).
  const sliceBaseline = baseline && descriptor.baseline ? { label: descriptor.baseline.label, height: baseline.height, width: baseline.width, table: baseline.table } : null;
  const view = useMemo(() => prediction ? sliceView(prediction, 0, descriptor, { threshold, opacity }, sliceBaseline) : null, [prediction, threshold, opacity, descriptor, baseline]);
  const baselineSummary = useMemo(() => {
    const scores = baseline?.scores.test;
    return scores ? descriptor.summarizeTest(scores) : null;
  }, [baseline, descriptor]);
  const controls = new Set(descriptor.sliceControls);

  return (
    <section class="widget evaluation" aria-labelledby="evaluation-title">
      <h3 id="evaluation-title" class="widget__title">Evaluate on the test set</h3>
      {!run && <p class="widget__note">Train a model above first. Each run’s model is kept in this browser (the newest {KEPT_MODEL_LIMIT}), so it is still here after a reload.</p>}
      <KeptModelChooser idPrefix={`${lesson}-evaluation`} task={task} />
      {run && <p>Model: <strong>{run.label}</strong> ({run.history.length} epoch{run.history.length === 1 ? '' : 's'}, seed {run.config.seed}).</p>}
      <div class="button-row">
        <button type="button" class="button" onClick={evaluate} disabled={!run || busy || training}>{busy ? 'Evaluating…' : 'Evaluate on the test set'}</button>
        {training && <span class="widget__note">Wait for the training run to finish.</span>}
      </div>
      {summary && (
        <>
          {descriptor.baseline ? (
            <table class="evaluation__versus" aria-live="polite">
              <caption>The network and the {descriptor.baseline.label.charAt(0).toLowerCase() + descriptor.baseline.label.slice(1)} on the same {summary.count} test slices{baseline ? ` at ${baseline.height}×${baseline.width}` : ''}</caption>
              <thead><tr><th scope="col">Metric</th><th scope="col">Network</th><th scope="col">{descriptor.baseline.label}</th></tr></thead>
              <tbody>
                {summary.numbers.map((n, i) => (
                  <tr key={n.label}><th scope="row">{n.label}</th><td>{n.text}</td><td>{baselineSummary?.numbers[i]?.text ?? '…'}</td></tr>
                ))}
              </tbody>
            </table>
          ) : (
            <dl class="number-grid" aria-live="polite">
              {summary.numbers.map((n) => <div key={n.label}><dt>{n.label}</dt><dd>{n.text}</dd></div>)}
            </dl>
          )}
          {descriptor.baseline && <p class="widget__note">The {descriptor.baseline.label.charAt(0).toLowerCase() + descriptor.baseline.label.slice(1)}: {descriptor.baseline.description}, fitted on the training split in this page. Lower MAE, higher PSNR and higher SSIM are better.{summary.numbers.some((n) => n.label.startsWith('Pearson')) && ' Pearson r inside the head (1 = the prediction rises and falls with the real T2 pixel for pixel) is scale-free: it does not depend on the file’s intensity units, so it compares across files and scanners.'}</p>}
          {summary.perVolume && <VolumeTable table={summary.perVolume} />}
          {summary.distribution && <Histogram {...summary.distribution} />}
        </>
      )}
      {view && prediction && (
        <>
          <div class="widget__controls evaluation__controls">
            <label class="field field--range">
              <span>Test slice: <output>{index + 1}</output> of {summary?.count ?? '?'}</span>
              <input type="range" aria-label="Test slice" aria-valuetext={`Slice ${index + 1} of ${summary?.count ?? '?'}`} min={1} max={summary?.count ?? 1} value={index + 1} onChange={(e) => show(Number((e.target as HTMLInputElement).value) - 1)} />
            </label>
            {controls.has('threshold') && (
              <label class="field field--range">
                <span>Threshold: <output>{threshold.toFixed(2)}</output></span>
                <input type="range" min={0.05} max={0.95} step={0.05} value={threshold} onInput={(e) => setThreshold(Number((e.target as HTMLInputElement).value))} />
              </label>
            )}
            {controls.has('opacity') && (
              <label class="field field--range">
                <span>Opacity: <output>{opacity.toFixed(2)}</output></span>
                <input type="range" min={0.1} max={1} step={0.05} value={opacity} onInput={(e) => setOpacity(Number((e.target as HTMLInputElement).value))} />
              </label>
            )}
          </div>
          {summary?.typicalSlice && <p class="widget__note">{summary.typicalSlice.note}</p>}
          <div class={view.alignColumns ? 'evaluation__columns' : undefined} style={view.alignColumns ? { '--columns': Math.max(...view.rows.map((row) => row.length)) } : undefined}>
            {view.rows.map((row, r) => (
              <div key={r} class={`image-row${row.length >= 3 || view.alignColumns ? ' image-row--triptych' : ''}`}>
                {row.map((picture) => <ImageCanvas key={picture.key} image={picture.image} label={picture.label} />)}
              </div>
            ))}
          </div>
          <SliceLegend view={view} />
          {view.histogram && <Histogram {...view.histogram} />}
        </>
      )}
      <ErrorAlert error={error} onDismiss={() => setError(null)} />
    </section>
  );
}
