import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import ErrorAlert from '../ErrorAlert';
import LossChart from '../LossChart';
import type { ShiftExample } from '../../lib/engine/protocol';
import type { ErrorInfo } from '../../lib/errors';
import type { Task } from '../../lib/data/types';
import { taskDescriptor } from '../../lib/tasks';
import { DOMAIN_SHIFTS, shiftsOffered, type GuessBand, type ShiftKind } from '../../lib/tasks/domainShifts';
import { activeRunId, dataset, modelRunId, runs } from './page/signals';
import { asErrorInfo } from './page/errors';
import { getClient } from './page/engineStart';
import { bringBackKeptModel } from './page/datasetLoading';
import { usePageSignal } from './useHydrated';
import { curveLabel, curveSeries, formatPoint, loadCurves, measuredCurves, saveCurve } from './domainShift/measuredCurves';
import ShiftGuess from './domainShift/ShiftGuess';
import ShiftExampleView from './domainShift/ShiftExampleView';
import ShiftCurveTable from './domainShift/ShiftCurveTable';
import '../widgets.css';
import './domainShift/domainShift.css';

/** "Will it work on another scanner?": shifts applied to the test slices, a guess, then the model's metric against the shift's strength. */
export interface DomainShiftProps {
  lesson: string;
  task: Task;
  /** The lesson's data file in public/data/ (loaded after a reload when a trained model is kept). */
  dataFile: string;
}

type Status = { state: 'idle' } | { state: 'running'; done: number; total: number } | { state: 'failed'; error: ErrorInfo };

export default function DomainShift({ lesson, task, dataFile }: DomainShiftProps) {
  const descriptor = taskDescriptor(task);
  const table = DOMAIN_SHIFTS[task];
  const runId = usePageSignal(modelRunId, null);
  const allRuns = usePageSignal(runs, []);
  const run = allRuns.find((r) => r.id === runId) ?? null;
  const training = usePageSignal(activeRunId, null) !== null;
  const data = usePageSignal(dataset, { state: 'idle' });
  const curves = usePageSignal(measuredCurves, []);
  const shifts = useMemo(() => (table ? shiftsOffered(task, data.state === 'ready' && data.summary.units === 'HU') : []), [task, table, data]);
  const [kind, setKind] = useState<ShiftKind>('noise');
  const spec = shifts.find((s) => s.kind === kind) ?? shifts[0];
  const [step, setStep] = useState(0);
  const [guesses, setGuesses] = useState<Record<string, GuessBand>>({});
  const [example, setExample] = useState<ShiftExample | null>(null);
  const [exampleError, setExampleError] = useState<ErrorInfo | null>(null);
  const [status, setStatus] = useState<Status>({ state: 'idle' });
  const idPrefix = `${lesson}-shift`;

  useEffect(() => bringBackKeptModel(lesson, dataFile, task), [lesson, dataFile, task]);
  useEffect(() => loadCurves(lesson, allRuns), [lesson, allRuns]);
  useEffect(() => { setExample(null); setStatus({ state: 'idle' }); }, [runId]);

  // The example follows the slider; while one is being measured, only the latest wish waits (no queue of stale requests).
  const wanted = useRef<{ kind: ShiftKind; strength: number; index?: number } | null>(null);
  const busy = useRef(false);
  const fetchExample = async () => {
    if (busy.current) return;
    busy.current = true;
    try {
      while (wanted.current) {
        const wish = wanted.current;
        wanted.current = null;
        try {
          const result = await getClient().withModel((calls) => calls.shiftCurve({ kind: wish.kind, strengths: [], example: { strength: wish.strength, ...(wish.index === undefined ? {} : { index: wish.index }) } }));
          setExample(result.example);
          setExampleError(null);
        } catch (e) {
          setExampleError(asErrorInfo(e));
        }
      }
    } finally {
      busy.current = false;
    }
  };
  const strength = spec ? spec.strengths[Math.min(step, spec.strengths.length - 1)] : 0;
  useEffect(() => {
    if (!spec || !runId || training || status.state === 'running') return;
    wanted.current = { kind: spec.kind, strength, ...(example ? { index: example.index } : {}) };
    void fetchExample();
  }, [spec?.kind, strength, runId, training, status.state]);

  if (!table || !spec) {
    return <section class="widget"><p class="widget__note">The domain-shift sandbox has no shifts for this task.</p></section>;
  }
  const metric = table.metrics[0];
  const key = `${runId}|${spec.kind}`;
  const guess = guesses[key] ?? null;
  const revealed = curves.find((c) => c.runId === runId && c.kind === spec.kind) ?? null;
  const series = curveSeries(curves, spec, metric, runId);

  const reveal = async () => {
    if (!run) return;
    const total = spec.strengths.length;
    setStatus({ state: 'running', done: 0, total });
    try {
      const measured = await getClient().withModel(async (calls) => {
        const points = [];
        let count = 0;
        // One strength per request, so the page can say how far it has got.
        for (const s of spec.strengths) {
          const answer = await calls.shiftCurve({ kind: spec.kind, strengths: [s] });
          points.push(...answer.points);
          count = answer.count;
          setStatus({ state: 'running', done: points.length, total });
        }
        return { points, count };
      });
      saveCurve(lesson, { runId: run.id, label: curveLabel(run, allRuns), kind: spec.kind, count: measured.count, points: measured.points });
      setStatus({ state: 'idle' });
    } catch (e) {
      setStatus({ state: 'failed', error: asErrorInfo(e) });
    }
  };

  return (
    <section class="widget shift" aria-labelledby={`${idPrefix}-title`} data-testid="domain-shift">
      <h3 id={`${idPrefix}-title`} class="widget__title">Will it work on another scanner?</h3>
      {!run && <p class="widget__note">Train a model above first: the sandbox changes the test slices and measures that model on them.</p>}
      {run && <p>Model: <strong>{curveLabel(run, allRuns)}</strong>.</p>}
      <div class="widget__row">
        <fieldset class="shift__kinds">
          <legend>Shift</legend>
          {shifts.map((s) => (
            <label key={s.kind} class="field--check">
              <input type="radio" name={`${idPrefix}-kind`} value={s.kind} checked={s.kind === spec.kind} onChange={() => { setKind(s.kind); setStep(0); }} />
              <span>{s.label}</span>
            </label>
          ))}
        </fieldset>
        <div class="widget__controls">
          <p class="shift__stands">{spec.stands}</p>
          <label class="field field--range">
            <span>Strength: <output>{formatPoint(strength, spec.digits)}</output> ({spec.amount})</span>
            <input type="range" min={0} max={spec.strengths.length - 1} step={1} value={Math.min(step, spec.strengths.length - 1)}
              aria-valuetext={`${formatPoint(strength, spec.digits)}${strength === spec.none ? ', no shift' : ''}`}
              onInput={(e) => setStep(Number((e.target as HTMLInputElement).value))} />
          </label>
        </div>
      </div>
      {example && example.strength === strength && <ShiftExampleView example={example} spec={spec} descriptor={descriptor} />}
      {example && example.strength !== strength && <p class="widget__note">Drawing the slice at {formatPoint(strength, spec.digits)}…</p>}
      <ShiftGuess idPrefix={`${idPrefix}-${spec.kind}`} spec={spec} metric={metric} guess={guess} points={revealed?.points ?? null}
        disabled={!run} onGuess={(band) => setGuesses({ ...guesses, [key]: band })} />
      {!revealed && (
        <div class="button-row">
          <button type="button" class="button" onClick={reveal} disabled={!run || !guess || training || status.state === 'running'}>
            {status.state === 'running' ? 'Measuring…' : 'Reveal the curve'}
          </button>
          {run && !guess && <span class="widget__note">Make your guess first.</span>}
          {training && <span class="widget__note">Wait for the training run to finish.</span>}
        </div>
      )}
      <p class="shift__status" aria-live="polite">
        {status.state === 'running' ? `Measuring ${spec.label.toLowerCase()}: strength ${status.done} of ${status.total} done, each on every test slice…` : ''}
        {status.state === 'failed' ? `The measurement failed: ${status.error.message}` : ''}
      </p>
      {status.state === 'failed' && <ErrorAlert error={status.error} onDismiss={() => setStatus({ state: 'idle' })} />}
      {exampleError && <ErrorAlert error={exampleError} onDismiss={() => setExampleError(null)} />}
      {series.length > 0 && (
        <>
          <LossChart series={series} yLabel={metric.label} xLabel={spec.amount} title={`${metric.label} against ${spec.label.toLowerCase()}`}
            xMin={spec.none} maxEpoch={spec.strengths.at(-1)} table={false} />
          <ShiftCurveTable curves={curves} spec={spec} metrics={table.metrics} />
          <p class="widget__note">Each model’s curve stays here: train another model (for example with intensity augmentation on), choose it above, and reveal this shift again to compare.</p>
        </>
      )}
    </section>
  );
}
