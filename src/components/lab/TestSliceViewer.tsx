import { useEffect, useMemo, useState } from 'preact/hooks';
import ImageCanvas from '../ImageCanvas';
import ErrorAlert from '../ErrorAlert';
import SliceSlider from '../SliceSlider';
import type { Predictions } from '../../lib/engine/protocol';
import type { ErrorInfo } from '../../lib/errors';
import { activeRunId, asErrorInfo, bringBackKeptModel, dataset, getClient, modelRunId, type DatasetState } from './session';
import { segmentationImages } from './predictionImages';
import { usePageSignal } from './useHydrated';

const CHUNK = 16;

/** Every test slice with the current model's prediction: slider, arrow keys, wheel and swipe. */
export interface TestSliceViewerProps {
  lesson: string;
  /** The lesson's data file in public/data/ (loaded after a reload when a trained model is kept). */
  dataFile: string;
}

export default function TestSliceViewer({ lesson, dataFile }: TestSliceViewerProps) {
  const [index, setIndex] = useState(0);
  const [chunks, setChunks] = useState<Map<number, Predictions>>(new Map());
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [visible, setVisible] = useState(false);
  const runId = usePageSignal(modelRunId, null);
  const training = usePageSignal(activeRunId, null) !== null;
  const state = usePageSignal<DatasetState>(dataset, { state: 'idle' });
  const count = state.state === 'ready' ? state.summary.splits.find((s) => s.split === 'test')?.count ?? 0 : 0;

  useEffect(() => { setChunks(new Map()); }, [runId]);
  useEffect(() => bringBackKeptModel(lesson, dataFile, 'segmentation'), [lesson, dataFile]);

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
  const images = useMemo(() => chunk ? segmentationImages(chunk, index - chunkIndex * CHUNK, { threshold: 0.5, opacity: 0.5, ct: true }) : null, [chunk, index, chunkIndex]);

  return (
    <section class="widget slice-viewer" aria-labelledby="slice-viewer-title">
      <h3 id="slice-viewer-title" class="widget__title">Every test slice</h3>
      {!runId && <p class="widget__note">Train a model above first; then every test slice appears here with its prediction.</p>}
      {runId && !visible && <button type="button" class="button" onClick={() => setVisible(true)} disabled={training}>Show the test slices</button>}
      {runId && visible && count > 0 && (
        <SliceSlider index={index} count={count} onChange={setIndex} label="Test slices">
          <div class="image-row" aria-busy={!images}>
            {images ? (
              <>
                <ImageCanvas image={images.overlay} label={`Test slice ${index + 1}: prediction (fill) and truth (outline)`} class="image-canvas--large" />
                <ImageCanvas image={images.errors} label={`Errors on slice ${index + 1}; hard Dice ${images.dice.toFixed(3)}`} class="image-canvas--large" />
              </>
            ) : <p role="status">Predicting slices {chunkIndex * CHUNK + 1}–{Math.min(count, (chunkIndex + 1) * CHUNK)}…</p>}
          </div>
        </SliceSlider>
      )}
      <ErrorAlert error={error} onDismiss={() => setError(null)} />
    </section>
  );
}
