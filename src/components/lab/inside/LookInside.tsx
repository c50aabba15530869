import { useEffect, useMemo, useState } from 'preact/hooks';
import ErrorAlert from '../../ErrorAlert';
import type { Predictions } from '../../../lib/engine/protocol';
import type { ModelAnatomy } from '../../../lib/engine/inspectProtocol';
import type { ErrorInfo } from '../../../lib/errors';
import type { Task } from '../../../lib/data/types';
import { taskDescriptor, type TaskMetrics } from '../../../lib/tasks';
import { toGreyRgba } from '../../../lib/render/grey';
import { activeRunId, dataset, modelRunId, runs } from '../page/signals';
import { asErrorInfo } from '../page/errors';
import { getClient } from '../page/engineStart';
import { bringBackKeptModel } from '../page/datasetLoading';
import { usePageSignal } from '../useHydrated';
import { sliceView } from '../predictionImages';
import ReceptiveFieldView from './ReceptiveFieldView';
import KnockoutView from './KnockoutView';
import AttributionView from './AttributionView';
import PassProgress, { wasStopped } from './PassProgress';
import '../lab.css';
import './inside.css';

export interface LookInsideProps {
  lesson: string;
  task: Task;
  /** The lesson's data file in public/data/ (loaded after a reload when a trained model is kept). */
  dataFile: string;
}

/** The learner's own trained model, opened up on one test slice: receptive fields, knock-outs and attribution. */
export default function LookInside({ lesson, task, dataFile }: LookInsideProps) {
  const descriptor = taskDescriptor(task);
  const runId = usePageSignal(modelRunId, null);
  const run = usePageSignal(runs, []).find((r) => r.id === runId) ?? null;
  const training = usePageSignal(activeRunId, null) !== null;
  const data = usePageSignal(dataset, { state: 'idle' });
  const testCount = data.state === 'ready' ? data.summary.splits.find((s) => s.split === 'test')?.count ?? 0 : 0;
  const [index, setIndex] = useState(0);
  // Until the learner picks a slice, the task's typical test slice is opened (e.g. one with lung).
  const [chosen, setChosen] = useState(false);
  const [slice, setSlice] = useState<{ prediction: Predictions; anatomy: ModelAnatomy; metrics: TaskMetrics } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [stopped, setStopped] = useState<string | null>(null);

  useEffect(() => { setSlice(null); setChosen(false); }, [runId]);
  useEffect(() => bringBackKeptModel(lesson, dataFile, task), [lesson, dataFile, task]);

  const pick = (i: number) => {
    setChosen(true);
    setIndex(Math.max(0, Math.min(Math.max(0, testCount - 1), Number.isFinite(i) ? Math.floor(i) : 0)));
  };

  const open = async () => {
    setBusy(true);
    setError(null);
    setStopped(null);
    try {
      const client = getClient();
      // The slice's prediction and the anatomy come from the same model: nothing swaps it in between.
      setSlice(await client.withModel(async (calls) => {
        const anatomy = await client.inspectModel({});
        // The test numbers as trained, from the same layer-by-layer pass the knock-outs use.
        const { metrics } = await client.knockOut({ split: 'test', index, knockout: {} });
        const typical = chosen ? null : descriptor.summarizeTest(metrics).typicalSlice?.index ?? null;
        const shown = typical ?? index;
        setIndex(shown);
        const prediction = await calls.predict({ split: 'test', indices: [shown] });
        return { prediction, anatomy, metrics };
      }));
    } catch (e) {
      const info = asErrorInfo(e);
      if (wasStopped(info)) setStopped(info.message); else setError(info);
    } finally {
      setBusy(false);
    }
  };

  const pictures = useMemo(() => {
    if (!slice) return null;
    const { prediction } = slice;
    const n = prediction.height * prediction.width;
    const values = prediction.inputs.subarray(0, n);
    const input = toGreyRgba(values, prediction.width, prediction.height, descriptor.inputRange(values));
    const shown = sliceView(prediction, 0, descriptor, { threshold: 0.5, opacity: 0.5 }).compact[0];
    return { input, prediction: shown.image, predictionLabel: shown.label };
  }, [slice, descriptor]);

  return (
    <section class="widget inside" aria-labelledby={`${lesson}-inside-title`}>
      <h3 id={`${lesson}-inside-title`} class="widget__title">Look inside your model</h3>
      {!run && <p class="widget__note">Train a model above first: these views open the model trained on this page.</p>}
      {run && <p>Model: <strong>{run.label}</strong> ({run.history.length} epoch{run.history.length === 1 ? '' : 's'}, seed {run.config.seed}).</p>}
      <div class="widget__controls inside__slice">
        <label class="field">
          <span>Test slice (1 to {testCount || '?'})</span>
          <input type="number" min={1} max={Math.max(1, testCount)} value={index + 1}
            onChange={(e) => pick(Number((e.target as HTMLInputElement).value) - 1)} />
        </label>
      </div>
      <div class="button-row">
        <button type="button" class="button" onClick={open} disabled={!run || busy || training}>{busy ? 'Opening…' : slice ? 'Open this slice' : 'Look inside'}</button>
        {training && <span class="widget__note">Wait for the training run to finish.</span>}
      </div>
      <PassProgress active={busy} />
      {stopped && <p class="widget__note" role="status">{stopped}</p>}
      <ErrorAlert error={error} onDismiss={() => setError(null)} />
      {slice && pictures && (
        <>
          <ReceptiveFieldView anatomy={slice.anatomy} input={pictures.input} prediction={pictures.prediction} predictionLabel={pictures.predictionLabel} />
          <KnockoutView anatomy={slice.anatomy} prediction={slice.prediction} metrics={slice.metrics} descriptor={descriptor} />
          <AttributionView prediction={slice.prediction} input={pictures.input} predictionImage={pictures.prediction} predictionLabel={pictures.predictionLabel} />
        </>
      )}
    </section>
  );
}
