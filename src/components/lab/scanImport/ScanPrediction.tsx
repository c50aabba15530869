import { useState } from 'preact/hooks';
import ErrorAlert from '../../ErrorAlert';
import type { PredictionSummary } from '../../../lib/engine/volumeProtocol';
import type { Task } from '../../../lib/data/types';
import type { ErrorInfo } from '../../../lib/errors';
import { SettingsError } from '../../../lib/errors';
import { asErrorInfo } from '../page/errors';
import { ensureEngine, getClient } from '../page/engineStart';
import { modelRunId, runs } from '../page/signals';
import { usePageSignal } from '../useHydrated';
import type { PickedFile } from './entryFiles';
import { parseLabel } from './parseLabel';
import { progressText, readSlotFiles, type ReadProgress } from './readSlotFiles';
import { useBlobDownload } from './useBlobDownload';

export interface ScanPredictionProps {
  task: Task;
  imageFiles: readonly PickedFile[];
  /** The mask or target image, when the learner gave one: the prediction is scored against it. */
  referenceFiles: readonly PickedFile[];
  labelText: string;
  words: { image: string; reference: string };
  disabled: boolean;
}

interface Predicted {
  summary: PredictionSummary;
  download: { url: string; fileName: string };
  /** Which model ran, in words. */
  model: string;
}

type Phase = { step: 'idle' } | { step: 'reading'; progress: ReadProgress } | { step: 'running' };

/**
 * "Run the trained model on this scan": the model the page holds (the run trained last, or a kept or
 * imported model) on every axial slice of the learner's scan, in the worker. The result is a NIfTI on
 * the scan's own grid to download (3D Slicer, ITK-SNAP and NiiVue open it) and, with a mask or target
 * in the second slot, the volume's own metrics: how the model does on anatomy it has never seen.
 */
export default function ScanPrediction({ task, imageFiles, referenceFiles, labelText, words, disabled }: ScanPredictionProps) {
  const [phase, setPhase] = useState<Phase>({ step: 'idle' });
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [predicted, runStep] = useBlobDownload<Predicted>();
  const runId = usePageSignal<string | null>(modelRunId, null);
  const runList = usePageSignal(runs, []);
  const run = runList.find((r) => r.id === runId);
  const modelWords = run ? `the model of your run "${run.label}"` : 'the model this page holds (the one trained last, or a kept or imported one)';
  const busy = disabled || phase.step !== 'idle';

  const predict = () => {
    setError(null);
    return runStep({
      onError: (e) => setError(asErrorInfo(e)),
      onSettled: () => setPhase({ step: 'idle' }),
      work: async (blobUrl) => {
        if (imageFiles.length === 0) {
          throw new SettingsError(`Expected a ${words.image} scan to run the model on, but the image slot is empty.`, 'Choose a NIfTI file or a DICOM folder for the image slot first.');
        }
        const label = parseLabel(labelText);
        setPhase({ step: 'reading', progress: { filesRead: 0, fileCount: imageFiles.length + referenceFiles.length, bytesRead: 0, totalBytes: 0 } });
        const read = await readSlotFiles({ image: imageFiles, target: referenceFiles }, (progress) => setPhase({ step: 'reading', progress }));
        setPhase({ step: 'running' });
        await ensureEngine();
        const { bytes, fileName, summary } = await getClient().predictVolume({
          image: read.image,
          ...(read.target.length > 0 ? { reference: read.target } : {}),
          ...(label === undefined || read.target.length === 0 ? {} : { label }),
        });
        return { summary, download: { url: blobUrl(bytes, 'application/gzip'), fileName }, model: modelWords };
      },
    });
  };

  const status = phase.step === 'reading' ? progressText(phase.progress) : phase.step === 'running' ? 'Running the model on every axial slice (in the worker)…' : '';
  return (
    <section class="scan-prediction" aria-labelledby={`scan-prediction-${task}-title`} aria-busy={phase.step !== 'idle'}>
      <h4 id={`scan-prediction-${task}-title`} class="scan-import__subtitle">Run the trained model on this scan</h4>
      <p class="widget__note">
        Runs {modelWords} on every axial slice of the {words.image} scan, without importing it or changing the model. With a {words.reference} in
        the second slot it is scored on the whole volume; either way you can download the prediction, on the scan's own grid.
      </p>
      <button type="button" class="button" disabled={busy} onClick={() => void predict()}>Run the model on the scan</button>
      <p role="status" class="scan-import__status">{status}</p>
      <ErrorAlert error={error} onDismiss={() => setError(null)} />
      {predicted && <PredictionResult predicted={predicted} task={task} />}
    </section>
  );
}

/** The prediction's numbers, what it holds and where it lies, and its download. */
function PredictionResult({ predicted, task }: { predicted: Predicted; task: Task }) {
  const { summary, download } = predicted;
  return (
    <div class="scan-prediction__result" data-task={task}>
      <p class="widget__note">
        {predicted.model[0].toUpperCase() + predicted.model.slice(1)} ran on {summary.slicesRun} slices of {summary.dims.join('×')} voxels
        ({summary.orientation.image}, {summary.spacing.map((s) => +s.toFixed(2)).join('×')} mm), at {summary.size}×{summary.size} pixels of {+summary.pixelSizeMm.toFixed(2)} mm.
      </p>
      {summary.metrics ? (
        <table class="scan-prediction__metrics">
          <caption>The whole volume against the reference</caption>
          <tbody>
            {summary.metrics.map((m) => <tr key={m.key}><th scope="row">{m.label}</th><td>{m.text}</td></tr>)}
          </tbody>
        </table>
      ) : (
        <p class="widget__note">No reference was given, so there is nothing to score it against: open the download beside the scan to judge it.</p>
      )}
      {summary.warnings.length > 0 && (
        <ul class="scan-import__warnings" aria-label="Notes on the prediction">
          {summary.warnings.map((w) => <li key={w}>{w}</li>)}
        </ul>
      )}
      <p class="scan-import__download">
        <a class="button button--quiet" href={download.url} download={download.fileName}>Download the prediction ({download.fileName})</a>
        <span class="widget__note"> {summary.values}</span>
      </p>
    </div>
  );
}
