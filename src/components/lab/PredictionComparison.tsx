/**
 * Two of the learner's kept models side by side on the same validation slices: the truth, each
 * model's prediction and each one's error picture, so that what a loss does to the images (MSE's
 * blur in lesson 2) is seen, not asserted. Each model is read back from this browser in turn and
 * predicts the same slices; then the model in use before is put back, all in one turn with the
 * engine's model (other widgets' predictions wait for it). Task-generic: the pictures
 * and the per-slice score come from the task descriptor. Keyboard: the slice slider's arrow keys.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import ImageCanvas from '../ImageCanvas';
import ErrorAlert from '../ErrorAlert';
import SliceSlider from '../SliceSlider';
import SliceLegend from './SliceLegend';
import type { Predictions } from '../../lib/engine/protocol';
import type { Task } from '../../lib/data/types';
import type { ErrorInfo } from '../../lib/errors';
import { taskDescriptor } from '../../lib/tasks';
import { edgeStrength } from '../../lib/render';
import { LOSS_INFO, lossNameOf } from '../../client/presets';
import { activeRunId, dataset, modelRunId, runs, type LabRun } from './page/signals';
import { keptModels, readKeptModels, usableKeptModels } from './page/keptModel';
import { bringBackKeptModel } from './page/datasetLoading';
import { getClient } from './page/engineStart';
import { asErrorInfo } from './page/errors';
import { restoreRuns } from './page/runHistory';
import { spreadIndices } from '../../lib/plan/displaySlices';
import { sliceOf } from './predictionImages';
import { defaultComparedRuns } from './comparedRuns';
import { usePageSignal } from './useHydrated';
import '../widgets.css';
import './lab.css';

export interface PredictionComparisonProps {
  lesson: string;
  task: Task;
  dataFile: string;
  /** How many validation slices, spread over the split. */
  slices?: number;
}

interface Compared {
  runs: [LabRun, LabRun];
  predictions: [Predictions, Predictions];
}

const percent = (x: number) => `${Math.round(x * 100)} %`;

export default function PredictionComparison({ lesson, task, dataFile, slices = 6 }: PredictionComparisonProps) {
  const descriptor = taskDescriptor(task);
  const kept = usePageSignal(keptModels, []);
  const allRuns = usePageSignal(runs, []);
  const current = usePageSignal(modelRunId, null);
  const training = usePageSignal(activeRunId, null) !== null;
  const data = usePageSignal(dataset, { state: 'idle' });
  const [picked, setPicked] = useState<[string | null, string | null]>([null, null]);
  const [compared, setCompared] = useState<Compared | null>(null);
  const [index, setIndex] = useState(0);
  const [busy, setBusy] = useState('');
  const [error, setError] = useState<ErrorInfo | null>(null);

  useEffect(() => { restoreRuns(lesson); bringBackKeptModel(lesson, dataFile, task); }, [lesson, dataFile, task]);

  const label = data.state === 'ready' ? data.label : null;
  const usableIds = usableKeptModels(kept, label, allRuns).map((k) => k.id);
  const candidates = allRuns.filter((r) => usableIds.includes(r.id) && r.config.task === task);
  const number = (r: LabRun) => allRuns.indexOf(r) + 1;
  // Run labels name a loss other than the lesson's; here both say theirs, in the same words.
  const nameOf = (r: LabRun) => {
    const loss = LOSS_INFO[lossNameOf(r.config)].label.toLowerCase();
    return r.label.toLowerCase().includes(loss) ? `#${number(r)} ${r.label}` : `#${number(r)} ${r.label}, ${loss}`;
  };
  const fallback = defaultComparedRuns(candidates, descriptor.losses);
  const chosen = [0, 1].map((i) => candidates.find((r) => r.id === picked[i]) ?? fallback?.[i] ?? null) as [LabRun | null, LabRun | null];
  const valCount = data.state === 'ready' ? data.summary.splits.find((s) => s.split === 'val')?.count ?? 0 : 0;
  const notKept = current !== null && !usableIds.includes(current);
  const ready = chosen[0] !== null && chosen[1] !== null && chosen[0].id !== chosen[1].id;

  const compare = async () => {
    const [a, b] = chosen;
    if (!a || !b || busy || training) return;
    setError(null);
    const keys = readKeptModels(lesson);
    const keyOf = (id: string) => keys.find((k) => k.id === id)?.key;
    const indices = spreadIndices(valCount, slices);
    setBusy(`Reading back the model of ${nameOf(a)} and predicting ${indices.length} validation slices…`);
    // The engine's model is this comparison's until the first one is back: other widgets' model requests wait.
    await getClient().withModel(async (model) => {
      const before = modelRunId.value;
      try {
        const out: Predictions[] = [];
        for (const run of [a, b]) {
          const key = keyOf(run.id);
          if (!key) throw new Error(`The model of “${run.label}” is no longer kept in this browser.`);
          setBusy(`Reading back the model of ${nameOf(run)} and predicting ${indices.length} validation slices…`);
          await model.restoreModel({ key, tag: run.id });
          out.push(await model.predict({ split: 'val', indices }));
        }
        setCompared({ runs: [a, b], predictions: [out[0], out[1]] });
        setIndex(0);
      } catch (e) {
        setError(asErrorInfo(e));
      } finally {
        // Evaluation and the viewer go on with the model that was in use before.
        const back = before !== null ? keyOf(before) : undefined;
        if (back && before !== null) await model.restoreModel({ key: back, tag: before }).catch((e: unknown) => setError(asErrorInfo(e)));
      }
    }).finally(() => setBusy(''));
  };

  const views = useMemo(() => {
    if (!compared) return null;
    const [pa, pb] = compared.predictions;
    const k = Math.min(index, pa.indices.length - 1);
    const sa = sliceOf(pa, k);
    const sb = sliceOf(pb, k);
    const options = { threshold: 0.5, opacity: 0.5 };
    return {
      sliceNumber: pa.indices[k] + 1,
      truth: descriptor.renderTarget(sa.target, sa.width, sa.height),
      a: descriptor.renderSlice(sa, options),
      b: descriptor.renderSlice(sb, options),
      edges: edgeShare(sa) !== null && edgeShare(sb) !== null ? [edgeShare(sa)!, edgeShare(sb)!] : null,
      sameSize: pa.height === pb.height && pa.width === pb.width,
      sizes: [`${pa.height}×${pa.width}`, `${pb.height}×${pb.width}`],
    };
  }, [compared, index, descriptor]);

  return (
    <section class="widget prediction-comparison" aria-labelledby={`${lesson}-prediction-comparison-title`}>
      <h3 id={`${lesson}-prediction-comparison-title`} class="widget__title">Predictions side by side</h3>
      {candidates.length < 2 ? (
        <p class="widget__note">
          Train two runs above (for example one with each loss); their models are kept in this browser, and here both predict the same validation slices next to the truth.
        </p>
      ) : (
        <>
          <div class="prediction-comparison__choice">
            {[0, 1].map((i) => (
              <label class="field" key={i}>
                <span>{i === 0 ? 'First model' : 'Second model'}</span>
                <select value={chosen[i]?.id ?? ''} disabled={busy !== ''}
                  onChange={(e) => { const id = (e.currentTarget as HTMLSelectElement).value; setPicked((p) => (i === 0 ? [id, p[1]] : [p[0], id])); }}>
                  {[...candidates].reverse().map((r) => <option key={r.id} value={r.id}>{nameOf(r)}</option>)}
                </select>
              </label>
            ))}
          </div>
          <div class="button-row">
            <button type="button" class="button" aria-disabled={!ready || busy !== '' || training || notKept} onClick={() => { if (ready && !notKept) void compare(); }}>
              Predict with both models
            </button>
          </div>
          {!ready && <p class="widget__note">Choose two different runs.</p>}
          {training && <p class="widget__note">A run is training: compare when it has finished.</p>}
          {notKept && <p class="widget__note">The model in use now is not kept in this browser; comparing would replace it. Keep or retrain it first.</p>}
        </>
      )}
      {busy && <p role="status">{busy}</p>}
      {compared && views && (
        <SliceSlider index={index} count={compared.predictions[0].indices.length} onChange={setIndex} label="Compared validation slices">
          <>
            <div class="image-row image-row--triptych prediction-comparison__images">
              <ImageCanvas image={views.truth} label={`Validation slice ${views.sliceNumber}: truth (${descriptor.labels.target})`} />
              <ImageCanvas image={views.a.compact[0].image} label={`${nameOf(compared.runs[0])}: ${views.a.compact[0].label}`} />
              <ImageCanvas image={views.b.compact[0].image} label={`${nameOf(compared.runs[1])}: ${views.b.compact[0].label}`} />
            </div>
            {views.a.compact[1] && views.b.compact[1] && (
              <div class="image-row image-row--triptych prediction-comparison__images">
                <span class="prediction-comparison__spacer" aria-hidden="true" />
                <ImageCanvas image={views.a.compact[1].image} label={`${nameOf(compared.runs[0])}: ${views.a.compact[1].label}`} />
                <ImageCanvas image={views.b.compact[1].image} label={`${nameOf(compared.runs[1])}: ${views.b.compact[1].label}`} />
              </div>
            )}
            <SliceLegend view={views.a} />
          </>
        </SliceSlider>
      )}
      {compared && views && (
        <p class="prediction-comparison__summary" aria-live="polite">
          Validation slice {views.sliceNumber}: {views.a.score.label} {views.a.score.text} for {nameOf(compared.runs[0])}, {views.b.score.text} for {nameOf(compared.runs[1])}.
          {views.edges && ` Edge strength (root-mean-square gradient) against the truth's: ${percent(views.edges[0])} and ${percent(views.edges[1])}; the lower, the blurrier (noise raises it too, so compare runs that have trained a while).`}
          {!views.sameSize && ` The two were trained at different sizes (${views.sizes[0]} and ${views.sizes[1]}); each is shown at its own size.`}
        </p>
      )}
      <ErrorAlert error={error} onDismiss={() => setError(null)} />
    </section>
  );
}

/** A prediction's edge strength as a share of its truth's (each model predicts at its own size); null for a flat truth. */
function edgeShare(slice: { target: ArrayLike<number>; output: ArrayLike<number>; width: number; height: number }): number | null {
  const truth = edgeStrength(slice.target, slice.width, slice.height);
  return truth > 0 ? edgeStrength(slice.output, slice.width, slice.height) / truth : null;
}
