import { useEffect, useMemo, useState } from 'preact/hooks';
import ImageCanvas from '../../ImageCanvas';
import ErrorAlert from '../../ErrorAlert';
import type { Uncertainty as UncertaintyResult } from '../../../lib/engine/protocol';
import type { ErrorInfo } from '../../../lib/errors';
import type { Task } from '../../../lib/data/types';
import { percentileRange, toGreyRgba } from '../../../lib/render/grey';
import { taskDescriptor } from '../../../lib/tasks';
import { activeRunId, modelRunId } from '../page/signals';
import { asErrorInfo } from '../page/errors';
import { withModelCall } from './insideCalls';
import PassProgress, { wasStopped } from './PassProgress';
import { usePageSignal } from '../useHydrated';
import { agreementSentences, maxOf, rampImage } from './UncertaintySummary';
import '../../widgets.css';
import './featureMaps.css';

/** Per-slice uncertainty (x) against error (y): one dot per slice, the shown one highlighted. */
function Scatter({ result, label }: { result: UncertaintyResult; label: string }) {
  const { spread, error } = result.perSlice;
  // Axes span the data (not from 0): a barely trained model gives every slice much the same numbers.
  const span = (values: number[]) => {
    const lo = Math.min(...values);
    const hi = Math.max(...values);
    return { lo, hi, width: hi - lo || 1 };
  };
  const sx = span(spread);
  const sy = span(error);
  const [w, h, pad] = [320, 200, 34];
  const x = (v: number) => pad + 6 + ((v - sx.lo) / sx.width) * (w - pad - 16);
  const y = (v: number) => h - pad + 2 - ((v - sy.lo) / sy.width) * (h - pad - 16);
  const p = (v: number) => v.toPrecision(2);
  return (
    <svg class="spread__scatter" viewBox={`0 0 ${w} ${h + 8}`} role="img"
      aria-label={`Scatter of ${spread.length} slices: mean spread from ${p(sx.lo)} to ${p(sx.hi)} across, ${label} from ${p(sy.lo)} to ${p(sy.hi)} up; slice ${result.index + 1} highlighted.`}>
      <line x1={pad} y1={h - pad + 8} x2={w - 4} y2={h - pad + 8} />
      <line x1={pad} y1={14} x2={pad} y2={h - pad + 8} />
      <text x={pad} y={h - pad + 20}>{p(sx.lo)}</text>
      <text x={w - 4} y={h - pad + 20} text-anchor="end">{p(sx.hi)}</text>
      <text x={(w + pad) / 2} y={h + 4} text-anchor="middle">mean spread →</text>
      <text x={pad - 3} y={h - pad + 6} text-anchor="end">{p(sy.lo)}</text>
      <text x={pad - 3} y={20} text-anchor="end">{p(sy.hi)}</text>
      <text x={pad + 4} y={10}>↑ {label}</text>
      {spread.map((s, i) => <circle key={i} cx={x(s)} cy={y(error[i])} r={i === result.index ? 5 : 3} class={i === result.index ? 'is-current' : undefined}><title>Slice {i + 1}</title></circle>)}
    </svg>
  );
}

/** Test-time augmentation's per-pixel spread beside the error, and per-slice spread against error over the test split. */
export interface UncertaintyProps {
  lesson: string;
  task: Task;
}

export default function Uncertainty({ lesson, task }: UncertaintyProps) {
  const modelRun = usePageSignal(modelRunId, null);
  const training = usePageSignal(activeRunId, null) !== null;
  const [result, setResult] = useState<UncertaintyResult | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [stopped, setStopped] = useState<string | null>(null);
  useEffect(() => setResult(null), [modelRun]);

  const measure = async (index: number) => {
    setBusy(true);
    setError(null);
    setStopped(null);
    try {
      setResult(await withModelCall((client) => client.uncertainty({ index, ...(result ? { split: result.split } : {}) })));
    } catch (e) {
      const info = asErrorInfo(e);
      if (wasStopped(info)) setStopped(info.message); else setError(info);
    } finally {
      setBusy(false);
    }
  };
  // The task's data says what its targets are: 0/1 masks give an error bounded by 1, images one in their own units.
  const binary = taskDescriptor(task).data.targets === 'binary';
  const errorLabel = binary ? 'mean |probability − mask|' : 'mean |prediction − target|';
  const images = useMemo(() => {
    if (!result) return null;
    const { width, height } = result;
    const spreadMax = maxOf(result.spread);
    const errorMax = binary ? 1 : maxOf(result.error);
    return [
      { key: 'input', image: toGreyRgba(result.input, width, height, percentileRange(result.input)), label: `Input, slice ${result.index + 1}` },
      { key: 'error', image: rampImage(result.error, width, height, errorMax), label: `Error |prediction − truth| (bright: ${errorMax.toPrecision(2)})` },
      { key: 'spread', image: rampImage(result.spread, width, height, spreadMax), label: `Uncertainty: spread over ${result.passes.length + result.dropoutPasses} passes (bright: ${spreadMax.toPrecision(2)})` },
    ];
  }, [result, task]);
  const sentences = result ? agreementSentences(result.perSlice.spread, result.perSlice.error, result.rankCorrelation) : [];

  return (
    <section class="widget spread" aria-labelledby={`${lesson}-spread-title`} data-testid="uncertainty">
      <h3 id={`${lesson}-spread-title`} class="widget__title">Uncertainty beside error</h3>
      <p class="widget__note">
        The model predicts each test slice several times: as it is, flipped both ways and shifted by two pixels each way,
        each output turned back exactly onto the slice. Where those predictions disagree (their standard deviation per
        pixel), the model is unsure. No ground truth is needed for that, so it is worth knowing whether it points at the errors.
      </p>
      <div class="button-row">
        <button type="button" class="button" disabled={!modelRun || busy || training} onClick={() => measure(result?.index ?? 0)}>
          {busy ? 'Measuring…' : result ? 'Measure again' : 'Measure uncertainty on the test set'}
        </button>
        {!modelRun && <span class="widget__note">Train a model above first.</span>}
        {training && <span class="widget__note">Wait for the training run to finish.</span>}
      </div>
      <PassProgress active={busy} />
      {stopped && <p class="widget__note" role="status">{stopped} Nothing was kept; measure again to start over.</p>}
      {result && images && (
        <>
          <p aria-live="polite">
            {result.passes.length} passes ({result.passes.join(', ')}){result.dropoutPasses > 0 ? ` and ${result.dropoutPasses} with dropout on` : '; the model has no dropout, so none with dropout on'}, on the {result.perSlice.spread.length} {result.split} slices.
          </p>
          <label class="field field--range">
            <span>{result.split === 'test' ? 'Test' : 'Validation'} slice: <output>{result.index + 1}</output> of {result.perSlice.spread.length}</span>
            <input type="range" aria-label={`${result.split === 'test' ? 'Test' : 'Validation'} slice`} min={1} max={result.perSlice.spread.length} value={result.index + 1} disabled={busy}
              onChange={(e) => measure(Number((e.target as HTMLInputElement).value) - 1)} />
          </label>
          <div class="spread__images">
            {images.map((p) => <ImageCanvas key={p.key} image={p.image} label={p.label} />)}
          </div>
          <Scatter result={result} label={errorLabel} />
          {sentences.map((s) => <p key={s}>{s}</p>)}
          <p id={`${lesson}-spread-ranked`}>The slices the model is least sure about, most unsure first (choose one to see its maps):</p>
          <ul class="spread__ranked" aria-labelledby={`${lesson}-spread-ranked`}>
            {result.mostUncertain.map((i) => (
              <li key={i}>
                <button type="button" class="button button--quiet" aria-pressed={i === result.index} disabled={busy} onClick={() => measure(i)}>
                  Slice {i + 1} <span class="visually-hidden">: spread {result.perSlice.spread[i].toPrecision(2)}, error {result.perSlice.error[i].toPrecision(2)}</span>
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
      <ErrorAlert error={error} onDismiss={() => setError(null)} />
    </section>
  );
}
