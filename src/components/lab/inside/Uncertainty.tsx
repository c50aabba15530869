import { useEffect, useMemo, useState } from 'preact/hooks';
import ImageCanvas from '../../ImageCanvas';
import ErrorAlert from '../../ErrorAlert';
import type { Uncertainty as UncertaintyResult } from '../../../lib/engine/protocol';
import type { ErrorInfo } from '../../../lib/errors';
import type { Task } from '../../../lib/data/types';
import { percentileRange, toGreyRgba } from '../../../lib/render/grey';
import { activeRunId, modelRunId } from '../page/signals';
import { asErrorInfo } from '../page/errors';
import { getClient } from '../page/engineStart';
import { usePageSignal } from '../useHydrated';
import { agreementSentences, maxOf, rampImage } from './UncertaintySummary';
import '../../widgets.css';
import './featureMaps.css';

/** Per-slice uncertainty (x) against error (y): one dot per slice, the shown one highlighted. */
function Scatter({ result, label }: { result: UncertaintyResult; label: string }) {
  const { spread, error } = result.perSlice;
  const xMax = maxOf(spread) || 1;
  const yMax = maxOf(error) || 1;
  const [w, h, pad] = [320, 200, 34];
  const x = (v: number) => pad + (v / xMax) * (w - pad - 8);
  const y = (v: number) => h - pad + 8 - (v / yMax) * (h - pad - 4);
  return (
    <svg class="spread__scatter" viewBox={`0 0 ${w} ${h + 8}`} role="img"
      aria-label={`Scatter of ${spread.length} slices: mean spread from 0 to ${xMax.toPrecision(2)} across, ${label} from 0 to ${yMax.toPrecision(2)} up; slice ${result.index + 1} highlighted.`}>
      <line x1={pad} y1={h - pad + 8} x2={w - 4} y2={h - pad + 8} />
      <line x1={pad} y1={4} x2={pad} y2={h - pad + 8} />
      <text x={w - 4} y={h + 4} text-anchor="end">mean spread (max {xMax.toPrecision(2)}) →</text>
      <text x={4} y={12}>↑ {label} (max {yMax.toPrecision(2)})</text>
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
  useEffect(() => setResult(null), [modelRun]);

  const measure = async (index: number) => {
    setBusy(true);
    setError(null);
    try { setResult(await getClient().uncertainty({ index, ...(result ? { split: result.split } : {}) })); } catch (e) { setError(asErrorInfo(e)); } finally { setBusy(false); }
  };
  const errorLabel = task === 'segmentation' ? 'mean |probability − mask|' : 'mean |prediction − target|';
  const images = useMemo(() => {
    if (!result) return null;
    const { width, height } = result;
    const spreadMax = maxOf(result.spread);
    const errorMax = task === 'segmentation' ? 1 : maxOf(result.error);
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
      {result && images && (
        <>
          <p aria-live="polite">
            {result.passes.length} passes ({result.passes.join(', ')}){result.dropoutPasses > 0 ? ` and ${result.dropoutPasses} with dropout on` : '; the model has no dropout, so none with dropout on'}, on the {result.perSlice.spread.length} {result.split} slices.
          </p>
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
