import { useEffect, useMemo, useState } from 'preact/hooks';
import ImageCanvas from '../ImageCanvas';
import ErrorAlert from '../ErrorAlert';
import SliceSlider from '../SliceSlider';
import type { Predictions } from '../../lib/engine/protocol';
import type { ErrorInfo } from '../../lib/errors';
import { activeRunId, dataset, modelRunId, type DatasetState } from './page/signals';
import { asErrorInfo } from './page/errors';
import { getClient } from './page/engineStart';
import { bringBackKeptModel } from './page/datasetLoading';
import type { Task } from '../../lib/data/types';
import { taskDescriptor } from '../../lib/tasks';
import { sliceView } from './predictionImages';
import SliceLegend from './SliceLegend';
import { usePageSignal } from './useHydrated';

const CHUNK = 16;

/** Every test slice with the current model's prediction: slider, arrow keys, wheel and swipe. */
export interface TestSliceViewerProps {
  lesson: string;
  task: Task;
  /** The lesson's data file in public/data/ (loaded after a reload when a trained model is kept). */
  dataFile: string;
}

/** "Errors: 3 TP" → "errors: 3 TP", for a label that follows "Test slice N: ". */
const lowerFirst = (text: string) => text.charAt(0).toLowerCase() + text.slice(1);

export default function TestSliceViewer({ lesson, task, dataFile }: TestSliceViewerProps) {
  const descriptor = taskDescriptor(task);
  const [index, setIndex] = useState(0);
  const [chunks, setChunks] = useState<Map<number, Predictions>>(new Map());
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [visible, setVisible] = useState(false);
  const runId = usePageSignal(modelRunId, null);
  const training = usePageSignal(activeRunId, null) !== null;
  const state = usePageSignal<DatasetState>(dataset, { state: 'idle' });
  const count = state.state === 'ready' ? state.summary.splits.find((s) => s.split === 'test')?.count ?? 0 : 0;

  useEffect(() => { setChunks(new Map()); }, [runId]);
  useEffect(() => bringBackKeptModel(lesson, dataFile, task), [lesson, dataFile, task]);

  const chunkIndex = Math.floor(index / CHUNK);
  useEffect(() => {
    if (!visible || !runId || training || count === 0 || chunks.has(chunkIndex)) return;
    const start = chunkIndex * CHUNK;
    const indices = Array.from({ length: Math.min(CHUNK, count - start) }, (_, i) => start + i);
    let stale = false;
    getClient().predict({ split: 'test', indices }).then(
      (p) => { if (!stale) setChunks((m) => new Map(m).set(chunkIndex, p)); },
      (e: unknown) => setError(asErrorInfo(e)),
    );
    return () => { stale = true; };
  }, [visible, runId, training, count, chunkIndex, chunks]);

  const chunk = chunks.get(chunkIndex);
  const view = useMemo(() => chunk ? sliceView(chunk, index - chunkIndex * CHUNK, descriptor, { threshold: 0.5, opacity: 0.5 }) : null, [chunk, index, chunkIndex, descriptor]);

  return (
    <section class="widget slice-viewer" aria-labelledby="slice-viewer-title">
      <h3 id="slice-viewer-title" class="widget__title">Every test slice</h3>
      {!runId && <p class="widget__note">Train a model above first; then every test slice appears here with its prediction.</p>}
      {runId && !visible && <button type="button" class="button" onClick={() => setVisible(true)} disabled={training}>Show the test slices</button>}
      {runId && visible && count > 0 && (
        <SliceSlider index={index} count={count} onChange={setIndex} label="Test slices">
          <>
          <div class="image-row" aria-busy={!view}>
            {view ? view.compact.map((picture) => (
              <ImageCanvas key={picture.key} image={picture.image} label={`Test slice ${index + 1}: ${lowerFirst(picture.label)}`} class="image-canvas--large" />
            )) : <p role="status">Predicting slices {chunkIndex * CHUNK + 1}–{Math.min(count, (chunkIndex + 1) * CHUNK)}…</p>}
          </div>
          {view && <SliceLegend view={view} />}
          </>
        </SliceSlider>
      )}
      <ErrorAlert error={error} onDismiss={() => setError(null)} />
    </section>
  );
}
