import { useEffect, useMemo, useState } from 'preact/hooks';
import ImageCanvas from '../ImageCanvas';
import ErrorAlert from '../ErrorAlert';
import { PALETTE, toCss } from '../../lib/render';
import type { Evaluation as EvaluationResult, Predictions } from '../../client/protocol';
import type { ErrorInfo } from '../../lib/errors';
import { activeRunId, asErrorInfo, bringBackKeptModel, getClient, modelRunId, runs } from './session';
import { segmentationImages } from './predictionImages';
import { typicalSliceIndex } from '../../lib/tasks/typicalSlice';
import { usePageSignal } from './useHydrated';

const BINS = 10;

function Histogram({ values }: { values: number[] }) {
  const counts = new Array<number>(BINS).fill(0);
  for (const v of values) counts[Math.min(BINS - 1, Math.floor(v * BINS))]++;
  const max = Math.max(1, ...counts);
  return (
    <figure class="histogram-figure">
      <div class="histogram" role="img" aria-label={`Histogram of per-slice hard Dice: ${counts.map((c, i) => `${(i / BINS).toFixed(1)}–${((i + 1) / BINS).toFixed(1)}: ${c}`).join('; ')}`}>
        {counts.map((c, i) => <div key={i} class="histogram__bar" style={{ height: `${(100 * c) / max}%` }} title={`${c} slices`} />)}
      </div>
      <div class="histogram-axis" aria-hidden="true"><span>0</span><span>0.5</span><span>1</span></div>
      <figcaption>Hard Dice per test slice (slices with lung)</figcaption>
    </figure>
  );
}

/** Test-set evaluation of the model trained on this page: hard Dice, a histogram, and one slice looked at closely. */
export interface EvaluationProps {
  lesson: string;
  /** The lesson's data file in public/data/ (loaded after a reload when a trained model is kept). */
  dataFile: string;
}

export default function Evaluation({ lesson, dataFile }: EvaluationProps) {
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
  useEffect(() => bringBackKeptModel(lesson, dataFile, 'segmentation'), [lesson, dataFile]);

  const evaluate = async () => {
    setBusy(true);
    setError(null);
    try {
      const metrics = await getClient().evaluate('test');
      setResult(metrics);
      // Start from a typical slice with lung, not slice 1 (often below the lungs).
      const first = metrics.task === 'segmentation' ? typicalSliceIndex(metrics.perSlice, metrics.hasForeground) : index;
      setIndex(first);
      setPrediction(await getClient().predict('test', [first]));
    } catch (e) {
      setError(asErrorInfo(e));
    } finally {
      setBusy(false);
    }
  };

  const show = async (i: number) => {
    setIndex(i);
    try { setPrediction(await getClient().predict('test', [i])); } catch (e) { setError(asErrorInfo(e)); }
  };

  const images = useMemo(() => prediction ? segmentationImages(prediction, 0, { threshold, opacity, ct: true }) : null, [prediction, threshold, opacity]);
  const seg = result?.task === 'segmentation' ? result : null;
  const withLungDice = seg ? seg.perSlice.filter((_, i) => seg.hasForeground[i] === 1) : [];
  const typical = seg && withLungDice.length > 0 ? typicalSliceIndex(seg.perSlice, seg.hasForeground) : null;

  return (
    <section class="widget evaluation" aria-labelledby="evaluation-title">
      <h3 id="evaluation-title" class="widget__title">Evaluate on the test set</h3>
      {!run && <p class="widget__note">Train a model above first. The latest model you train is kept in this browser, so it is still here after a reload.</p>}
      {run && <p>Model: <strong>{run.label}</strong> ({run.history.length} epoch{run.history.length === 1 ? '' : 's'}, seed {run.config.seed}).</p>}
      <div class="button-row">
        <button type="button" class="button" onClick={evaluate} disabled={!run || busy || training}>{busy ? 'Evaluating…' : 'Evaluate on the test set'}</button>
        {training && <span class="widget__note">Wait for the training run to finish.</span>}
      </div>
      {seg && (
        <>
          <dl class="number-grid" aria-live="polite">
            <div><dt>Hard Dice, all {seg.count} test slices</dt><dd>{seg.meanHardDice.toFixed(3)}</dd></div>
            <div><dt>Slices with lung ({seg.withForeground.count})</dt><dd>{seg.withForeground.count ? seg.withForeground.mean.toFixed(3) : '–'}</dd></div>
            <div><dt>Slices without lung ({seg.withoutForeground.count})</dt><dd>{seg.withoutForeground.count ? seg.withoutForeground.mean.toFixed(3) : '–'}</dd></div>
          </dl>
          <Histogram values={withLungDice} />
        </>
      )}
      {images && prediction && (
        <>
          <div class="widget__controls evaluation__controls">
            <label class="field field--range">
              <span>Test slice: <output>{index + 1}</output> of {seg?.count ?? '?'}</span>
              <input type="range" min={1} max={seg?.count ?? 1} value={index + 1} onChange={(e) => show(Number((e.target as HTMLInputElement).value) - 1)} />
            </label>
            <label class="field field--range">
              <span>Threshold: <output>{threshold.toFixed(2)}</output></span>
              <input type="range" min={0.05} max={0.95} step={0.05} value={threshold} onInput={(e) => setThreshold(Number((e.target as HTMLInputElement).value))} />
            </label>
            <label class="field field--range">
              <span>Opacity: <output>{opacity.toFixed(2)}</output></span>
              <input type="range" min={0.1} max={1} step={0.05} value={opacity} onInput={(e) => setOpacity(Number((e.target as HTMLInputElement).value))} />
            </label>
          </div>
          {typical !== null && <p class="widget__note">The slider starts at slice {typical + 1}, a typical case: its hard Dice is the median among the slices with lung.</p>}
          <div class="image-row image-row--triptych">
            <ImageCanvas image={images.image} label="CT (lung window)" />
            <ImageCanvas image={images.probability} label="Predicted probability" />
            <ImageCanvas image={images.truth} label="Truth" />
          </div>
          <div class="image-row">
            <ImageCanvas image={images.overlay} label={`Prediction (fill) and truth (outline); hard Dice ${images.dice.toFixed(3)}`} />
            <ImageCanvas image={images.errors} label={`Errors: ${images.counts.truePositive} TP, ${images.counts.falsePositive} FP, ${images.counts.falseNegative} FN pixels`} />
          </div>
          <p class="widget__note">
            <span class="legend-swatch" style={{ background: toCss(PALETTE.prediction) }} />prediction
            {' '}<span class="legend-swatch" style={{ background: toCss(PALETTE.truthContour) }} />truth outline
            {' '}<span class="legend-swatch" style={{ background: toCss(PALETTE.truePositive) }} />true positive
            {' '}<span class="legend-swatch" style={{ background: toCss(PALETTE.falsePositive) }} />false positive
            {' '}<span class="legend-swatch" style={{ background: toCss(PALETTE.falseNegative) }} />false negative
          </p>
        </>
      )}
      <ErrorAlert error={error} onDismiss={() => setError(null)} />
    </section>
  );
}
