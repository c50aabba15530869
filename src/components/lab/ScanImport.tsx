import { useState } from 'preact/hooks';
import ErrorAlert from '../ErrorAlert';
import type { DatasetSummary } from '../../lib/engine/protocol';
import type { ImportSummary } from '../../lib/engine/volumeProtocol';
import type { Task } from '../../lib/data/types';
import type { ErrorInfo } from '../../lib/errors';
import { SettingsError } from '../../lib/errors';
import { taskDescriptor } from '../../lib/tasks';
import { dataset, type DatasetState } from './page/signals';
import { asErrorInfo } from './page/errors';
import { dataUrl } from './page/urls';
import { ensureEngine, getClient } from './page/engineStart';
import { ensureDataset } from './page/datasetLoading';
import { useHydrated, usePageSignal } from './useHydrated';
import type { PickedFile } from './scanImport/entryFiles';
import { progressText, readSlotFiles, type ReadProgress } from './scanImport/readSlotFiles';
import { importSummaryLines, lessonFileName, scanLabel, seriesLabel, sideName, slotWords } from './scanImport/importSummaryText';
import ScanSlot from './scanImport/ScanSlot';
import ScanVolumeView from './scanImport/ScanVolumeView';
import ScanPrediction from './scanImport/ScanPrediction';
import { parseLabel } from './scanImport/parseLabel';
import { useBlobDownload } from './scanImport/useBlobDownload';
import './lab.css';

export interface ScanImportProps {
  /** The lesson's own file in public/data/, loaded again by "Back to the course data". */
  dataFile: string;
  task: Task;
}

/** The lessons train on 128×128 slices: an import is cut to the same size, so every panel's defaults fit it. */
const LESSON_SIZE = 128;

type Phase = { step: 'idle' } | { step: 'reading'; progress: ReadProgress } | { step: 'importing' } | { step: 'loading' };

interface Imported {
  summary: ImportSummary;
  /** The lesson's name for the data ("ct.nii.gz + mask.nii.gz"); the page's dataset carries it while it is loaded. */
  label: string;
  download: { url: string; fileName: string };
  series: { image?: string; target?: string };
}

/**
 * "Bring your own scan": the learner's image and mask (or target image) as NIfTI files or DICOM series,
 * turned into a lesson file by the engine (in the worker, nothing leaves the browser) and loaded for
 * every island of the lesson; the previous data stays when anything fails.
 */
export default function ScanImport({ dataFile, task }: ScanImportProps) {
  const descriptor = taskDescriptor(task);
  const binaryTarget = descriptor.targets === 'binary';
  const words = slotWords(descriptor.labels, binaryTarget);
  const [imageFiles, setImageFiles] = useState<PickedFile[]>([]);
  const [targetFiles, setTargetFiles] = useState<PickedFile[]>([]);
  const [labelText, setLabelText] = useState('');
  const [phase, setPhase] = useState<Phase>({ step: 'idle' });
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [imported, runStep] = useBlobDownload<Imported>();
  const state = usePageSignal<DatasetState>(dataset, { state: 'idle' });
  // Until hydrated the server's markup has no handlers: controls stay disabled so nothing is chosen into the void.
  const hydrated = useHydrated();
  const busy = phase.step !== 'idle' || !hydrated;

  const setSide = (set: (files: PickedFile[]) => void) => (files: PickedFile[]) => { setError(null); set(files); };

  const runImport = (series: Imported['series'] = {}) => {
    setError(null);
    return runStep({
      onError: (e) => setError(asErrorInfo(e)),
      onSettled: () => setPhase({ step: 'idle' }),
      work: async (blobUrl) => {
        if (imageFiles.length === 0 || targetFiles.length === 0) {
          throw new SettingsError(`Expected both the ${words.image.short} scan and the ${words.target.short}, but ${imageFiles.length === 0 ? `the ${words.image.short} scan` : `the ${words.target.short}`} is missing.`, 'Choose files or a folder for both slots, or drop them onto the slots.');
        }
        const label = binaryTarget ? parseLabel(labelText) : undefined;
        // The bytes move to the worker (transferred, not copied), so every import reads the files again:
        // quick for files on this device, and the page never holds a 300-file series twice.
        setPhase({ step: 'reading', progress: { filesRead: 0, fileCount: imageFiles.length + targetFiles.length, bytesRead: 0, totalBytes: 0 } });
        const read = await readSlotFiles({ image: imageFiles, target: targetFiles }, (progress) => setPhase({ step: 'reading', progress }));
        setPhase({ step: 'importing' });
        await ensureEngine();
        const { bytes, summary } = await getClient().importVolumes({
          image: read.image, target: read.target, task, size: LESSON_SIZE,
          ...(label === undefined ? {} : { label }),
          ...(series.image === undefined ? {} : { imageSeries: series.image }),
          ...(series.target === undefined ? {} : { targetSeries: series.target }),
        });
        const imageName = sideName(imageFiles.map((f) => f.path));
        const targetName = sideName(targetFiles.map((f) => f.path));
        const name = scanLabel(imageName, targetName);
        // Made before loading: loading the dataset transfers (empties) the bytes.
        const url = blobUrl(bytes, 'application/x-hdf5');
        setPhase({ step: 'loading' });
        const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes.buffer as ArrayBuffer : bytes.slice().buffer;
        await ensureDataset({ bytes: whole, label: name }, task);
        return { summary, label: name, download: { url, fileName: lessonFileName(imageName, targetName) }, series };
      },
    });
  };

  const loaded: DatasetSummary | null = imported && state.state === 'ready' && state.label === imported.label && state.url === null ? state.summary : null;
  const onCourseData = state.state === 'ready' && state.url !== null;
  const backToCourse = () => { setError(null); ensureDataset({ url: dataUrl(dataFile) }, task, { replace: true }).catch((e: unknown) => setError(asErrorInfo(e))); };
  const status = phase.step === 'reading' ? progressText(phase.progress)
    : phase.step === 'importing' ? 'Reading the series and building the lesson file (in the worker)…'
      : phase.step === 'loading' ? 'Loading the lesson file for every panel of this lesson…' : '';

  return (
    <section class="widget scan-import" aria-labelledby={`scan-import-${task}-title`} aria-busy={phase.step !== 'idle'}>
      <h3 id={`scan-import-${task}-title`} class="widget__title">Bring your own scan</h3>
      <p class="widget__note scan-import__intro">
        Your files are read by this page and turned into a lesson file of {LESSON_SIZE}×{LESSON_SIZE} slices; nothing is uploaded.
      </p>
      <div class="scan-import__slots">
        <ScanSlot id={`scan-${task}-image`} title={words.image.title} help={words.image.help} files={imageFiles} onChange={setSide(setImageFiles)} onError={(e) => setError(asErrorInfo(e))} disabled={busy} />
        <ScanSlot id={`scan-${task}-target`} title={words.target.title} help={words.target.help} files={targetFiles} onChange={setSide(setTargetFiles)} onError={(e) => setError(asErrorInfo(e))} disabled={busy} />
      </div>
      <div class="scan-import__actions">
        {binaryTarget && (
          <label class="field scan-import__label">
            <span>Label value (empty = every non-zero voxel)</span>
            <input type="text" inputMode="decimal" value={labelText} disabled={busy} placeholder="every non-zero voxel"
              onInput={(e) => setLabelText((e.target as HTMLInputElement).value)} />
          </label>
        )}
        <button type="button" class="button" disabled={busy} onClick={() => void runImport()}>Import</button>
      </div>
      <p role="status" class="scan-import__status">{status}</p>
      <ErrorAlert error={error} onDismiss={() => setError(null)} />
      <ScanPrediction task={task} imageFiles={imageFiles} referenceFiles={targetFiles} labelText={binaryTarget ? labelText : ''}
        words={{ image: words.image.short, reference: words.target.short }} disabled={busy} />
      {imported && loaded && (
        <ImportResult imported={imported} loaded={loaded} task={task} words={{ image: words.image.short, target: words.target.short }} busy={busy}
          onSeries={(series) => void runImport(series)} onError={setError} />
      )}
      {imported && !loaded && !busy && (
        <p class="widget__note">The lesson uses other data now{onCourseData ? ' (the course data)' : ''}; import again to work on {imported.label}.</p>
      )}
      {(loaded || (state.state === 'ready' && state.url === null)) && (
        <button type="button" class="button button--quiet" disabled={busy} onClick={backToCourse}>Back to the course data</button>
      )}
    </section>
  );
}

interface ImportResultProps {
  imported: Imported;
  loaded: DatasetSummary;
  task: Task;
  words: { image: string; target: string };
  busy: boolean;
  onSeries: (series: Imported['series']) => void;
  onError: (error: ErrorInfo) => void;
}

/** What the import made: its summary, the series to choose from, the lesson file to download, the volume. */
function ImportResult({ imported, loaded, task, words, busy, onSeries, onError }: ImportResultProps) {
  const { summary } = imported;
  const lines = importSummaryLines(summary, loaded.attributes, words);
  const sides = [
    { side: 'image' as const, word: words.image, list: summary.series.image },
    { side: 'target' as const, word: words.target, list: summary.series.target },
  ].filter((s) => s.list.length > 1);
  return (
    <div class="scan-import__result">
      <h4 class="scan-import__subtitle">Imported: {imported.label}</h4>
      <p class="widget__note">Every panel of this lesson now uses this scan: explore it above, train, evaluate and compare below.</p>
      <dl class="scan-import__summary">
        {lines.map((line) => <div key={line.term}><dt>{line.term}</dt><dd>{line.value}</dd></div>)}
      </dl>
      {summary.warnings.length > 0 && (
        <ul class="scan-import__warnings" aria-label="Notes on the import">
          {summary.warnings.map((w) => <li key={w}>{w}</li>)}
        </ul>
      )}
      {sides.map(({ side, word, list }) => (
        <label key={side} class="field scan-import__series">
          <span>The {word} files hold {list.length} series; import this one</span>
          <select value={imported.series[side] ?? list[0].seriesInstanceUid} disabled={busy}
            onChange={(e) => onSeries({ ...imported.series, [side]: (e.target as HTMLSelectElement).value })}>
            {list.map((info) => <option key={info.seriesInstanceUid} value={info.seriesInstanceUid}>{seriesLabel(info)}</option>)}
          </select>
        </label>
      ))}
      <p class="scan-import__download">
        <a class="button button--quiet" href={imported.download.url} download={imported.download.fileName}>Download the lesson file ({imported.download.fileName})</a>
        <span class="widget__note"> An instructor can make it the course's default data (see the instructors' page).</span>
      </p>
      <ScanVolumeView task={task} summary={loaded} counts={summary.counts} onError={onError} />
    </div>
  );
}
