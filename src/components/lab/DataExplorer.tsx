import { useEffect, useMemo, useState } from 'preact/hooks';
import ImageCanvas, { type PixelPoint } from '../ImageCanvas';
import ErrorAlert from '../ErrorAlert';
import SliceSlider from '../SliceSlider';
import { CT_WINDOWS, percentileRange, toGreyRgba, windowToRange, type DisplayRange } from '../../lib/render';
import type { SliceArrays } from '../../lib/engine/protocol';
import type { SplitName, Task } from '../../lib/data/types';
import type { ErrorInfo } from '../../lib/errors';
import { taskDescriptor } from '../../lib/tasks';
import { formatStored, storedRange, storedUnits, subjectOfSlice, type StoredUnits } from '../../client/sliceInfo';
import { dataset, type DatasetState } from './page/signals';
import { asErrorInfo } from './page/errors';
import { dataUrl } from './page/urls';
import { getClient } from './page/engineStart';
import { ensureDataset, loadingMessage, retryDataset } from './page/datasetLoading';
import { assertUploadSize } from '../../client/uploads';
import { refuseScanFile } from './scanImport/refuseScanFile';
import { usePageSignal } from './useHydrated';
import RegistrationCheck from './RegistrationCheck';

export interface DataExplorerProps {
  /** File in public/data/, e.g. "lung-ct-128.h5". */
  dataFile: string;
  /** The task names the images (its descriptor's labels). Window/level controls in HU appear only when the file's values are HU. */
  task: Task;
}

/** A stored value as printed: whole numbers for wide ranges (HU), three decimals for [0, 1] intensities. */
const stored = (value: number, span: number) => (span >= 20 ? String(Math.round(value)) : value.toFixed(3));

/** The read-out point's row or column from a field: clamped to the image, or null while the field is empty. */
const pixelField = (text: string, size: number): number | null => {
  const n = Math.round(Number(text));
  return text.trim() === '' || !Number.isFinite(n) ? null : Math.max(1, Math.min(size, n)) - 1;
};

// Scans are offered too, so that a NIfTI or DICOM file is not hidden in the dialog but refused by name, with where to take it.
const EXPLORER_ACCEPT = '.h5,.hdf5,.hdf,application/x-hdf5,.nii,.nii.gz,.gz,.dcm,application/dicom';
type WindowName = keyof typeof CT_WINDOWS | 'custom';
// Open on a slice through the middle of the first patient's chest rather than the neck or abdomen.
const FIRST_SLICE = 8;
const SPLIT_LABELS: Record<SplitName, string> = { train: 'training', val: 'validation', test: 'test' };

/** Browse the lesson's dataset: split counts, any slice with its mask or target, CT windowing. */
export default function DataExplorer({ dataFile, task }: DataExplorerProps) {
  const [split, setSplit] = useState<SplitName>('train');
  const [index, setIndex] = useState(FIRST_SLICE);
  const [slice, setSlice] = useState<SliceArrays | null>(null);
  const [windowName, setWindowName] = useState<WindowName>('lung');
  const [custom, setCustom] = useState({ level: -600, width: 1500 });
  const [overlay, setOverlay] = useState(false);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [busy, setBusy] = useState(false);
  // The pixel whose values are printed: the centre until the pointer or the row/column fields move it.
  const [point, setPoint] = useState<PixelPoint | null>(null);
  const state = usePageSignal<DatasetState>(dataset, { state: 'idle' });
  const descriptor = taskDescriptor(task);

  useEffect(() => {
    ensureDataset({ url: dataUrl(dataFile) }, task).catch((e: unknown) => setError(asErrorInfo(e)));
  }, [dataFile, task]);

  const summary = state.state === 'ready' ? state.summary : null;
  const splitInfo = summary?.splits.find((s) => s.split === split) ?? null;
  const count = splitInfo?.count ?? 0;

  useEffect(() => {
    if (!summary || count === 0) return;
    const i = Math.min(index, count - 1);
    let stale = false;
    getClient().getSlices({ split, indices: [i] }).then((s) => { if (!stale) setSlice(s); }, (e: unknown) => setError(asErrorInfo(e)));
    return () => { stale = true; };
  }, [summary, split, index, count]);

  // HU labels and HU windows only when the file's values are Hounsfield units (its `units`
  // attribute, checked against the stored range); otherwise the slice's 1st–99th percentiles in its own units.
  const units: StoredUnits | null = useMemo(() => (summary ? storedUnits(summary.attributes, storedRange(summary.splits)) : null), [summary]);
  const hounsfield = units?.hounsfield ?? false;
  const range: DisplayRange | null = useMemo(() => {
    if (!slice) return null;
    if (hounsfield) return windowToRange(windowName === 'custom' ? custom : CT_WINDOWS[windowName]);
    return percentileRange(slice.x);
  }, [slice, hounsfield, windowName, custom]);

  const images = useMemo(() => {
    if (!slice || !range) return null;
    const { width, height } = slice;
    const image = toGreyRgba(slice.x, width, height, range);
    const target = descriptor.renderTarget(slice.y, width, height);
    const combined = descriptor.overlayTarget ? descriptor.overlayTarget(image, slice.y) : null;
    const targetRange = descriptor.pairedImages ? descriptor.outputRange(slice.y) : null;
    return { image, target, combined, targetRange };
  }, [slice, range, descriptor]);

  if (state.state !== 'ready' || !summary) {
    return (
      <section class="widget data-explorer" aria-labelledby="data-explorer-title" aria-busy={state.state !== 'failed'}>
        <h3 id="data-explorer-title" class="widget__title">Explore the data</h3>
        {state.state === 'failed' ? <ErrorAlert error={state.error} onRetry={() => retryDataset(dataFile, task)} />
          : <p role="status">{state.state === 'loading' ? loadingMessage(state) : 'Loading the dataset…'}</p>}
      </section>
    );
  }

  const onFile = async (e: Event) => {
    const input = e.currentTarget as HTMLInputElement;
    const file = input.files?.[0];
    if (!file) return;
    setError(null);
    setBusy(true);
    try {
      // Refused by its size before a byte is read; otherwise the worker reads the File itself, lazily.
      assertUploadSize(`The file ${file.name}`, file.size);
      await refuseScanFile(file);
      await ensureDataset({ file, label: file.name }, task);
      setSplit('train');
      setIndex(0);
    } catch (err) {
      setError(asErrorInfo(err));
    } finally {
      setBusy(false);
      input.value = '';
    }
  };
  const shown = slice?.split === split && slice.indices[0] === Math.min(index, count - 1);
  const shownIndex = Math.min(index, Math.max(0, count - 1));
  const patient = subjectOfSlice(summary.attributes, split, shownIndex, count);
  const at: PixelPoint | null = slice
    ? point ? { row: Math.min(point.row, slice.height - 1), col: Math.min(point.col, slice.width - 1) } : { row: Math.floor(slice.height / 2), col: Math.floor(slice.width / 2) }
    : null;
  const readout = slice && at && units ? (() => {
    const k = at.row * slice.width + at.col;
    const x = slice.x[k];
    const y = slice.y[k];
    const targetText = descriptor.targets === 'binary' ? `${Math.round(y)} (${y >= 0.5 ? 'inside' : 'outside'})` : formatStored(y, { hounsfield: false, suffix: '' });
    return { x: formatStored(x, units), y: targetText };
  })() : null;
  const movePoint = (next: PixelPoint) => setPoint(next);
  const xLabel = descriptor.labels.input;
  const yLabel = descriptor.labels.target;
  const foreground = descriptor.labels.foregroundColumn;
  const selectSplit = (s: SplitName) => { setSplit(s); setIndex(FIRST_SLICE); };

  return (
    <section class="widget data-explorer" aria-labelledby="data-explorer-title">
      <h3 id="data-explorer-title" class="widget__title">Explore the data</h3>
      <table class="data-explorer__splits">
        <caption>{state.label}: {summary.height}×{summary.width} pixels per slice</caption>
        <thead><tr><th scope="col">Split</th><th scope="col">Arrays (shape)</th><th scope="col">Slices</th>{foreground && <th scope="col">{foreground}</th>}<th scope="col">{descriptor.pairedImages ? `${xLabel} range` : 'Image range'}</th>{descriptor.pairedImages && <th scope="col">{yLabel} range</th>}</tr></thead>
        <tbody>
          {summary.splits.map((s) => (
            <tr key={s.split}>
              <th scope="row">{SPLIT_LABELS[s.split]}</th>
              <td><code>{s.split}X</code>, <code>{s.split}Y</code> [{s.count}, {summary.height}, {summary.width}, 1]</td>
              <td>{s.count}</td>
              {foreground && <td>{s.nonEmptyTargets ?? '–'}</td>}
              <td>{stored(s.x.min, s.x.max - s.x.min)} … {stored(s.x.max, s.x.max - s.x.min)}{units?.suffix ?? ''}</td>
              {descriptor.pairedImages && <td>{stored(s.y.min, s.y.max - s.y.min)} … {stored(s.y.max, s.y.max - s.y.min)}</td>}
            </tr>
          ))}
        </tbody>
      </table>
      <div class="widget__row">
        <div class="data-explorer__view">
          <SliceSlider index={Math.min(index, Math.max(0, count - 1))} count={count} onChange={setIndex} label={`${SPLIT_LABELS[split]} slices`}>
            <div class="image-row" aria-busy={!shown}>
              {images && (overlay && images.combined
                ? <ImageCanvas image={images.combined} label={`${xLabel} ${index + 1} with the ${yLabel} in yellow`} class="image-canvas--large" marker={at} onPoint={movePoint} />
                : <>
                  <ImageCanvas image={images.image} label={`${xLabel} ${index + 1}`} marker={at} onPoint={movePoint} />
                  <ImageCanvas image={images.target} label={`${yLabel} ${index + 1}`} marker={at} onPoint={movePoint} />
                </>)}
            </div>
          </SliceSlider>
          <p class="widget__note data-explorer__patient">
            {patient
              ? `Patient ${patient.patient} (the ${SPLIT_LABELS[split]} split holds patients ${patient.firstInSplit}–${patient.lastInSplit}), slice ${patient.slice} of that patient's ${patient.slicesPerPatient}.`
              : 'Which patient this slice belongs to: the file does not say (it has no slicesPerSubject and subjects per split attributes).'}
          </p>
          {slice && at && readout && units && (
            <div class="data-explorer__readout">
              <p role="status" aria-live="polite" aria-atomic="true">
                <strong>Row {at.row + 1}, column {at.col + 1}:</strong> {xLabel} {readout.x}; {yLabel} {readout.y}.
              </p>
              <p class="widget__note">Units: {units.name}. Point at the image, or type a row and column.</p>
              <div class="data-explorer__point" role="group" aria-label="Read-out point">
                <label class="field field--inline"><span>Row</span>
                  <input type="number" min={1} max={slice.height} step={1} value={at.row + 1}
                    onInput={(e) => { const row = pixelField((e.target as HTMLInputElement).value, slice.height); if (row !== null) setPoint({ row, col: at.col }); }} /></label>
                <label class="field field--inline"><span>Column</span>
                  <input type="number" min={1} max={slice.width} step={1} value={at.col + 1}
                    onInput={(e) => { const col = pixelField((e.target as HTMLInputElement).value, slice.width); if (col !== null) setPoint({ row: at.row, col }); }} /></label>
              </div>
            </div>
          )}
          {descriptor.pairedImages && images && range && images.targetRange && (
            <p class="widget__note data-explorer__scale">
              Stored intensities{typeof summary.attributes.normalisation === 'string' ? ` (${summary.attributes.normalisation})` : ''}: {xLabel} black at {range.min.toFixed(3)}, white at {range.max.toFixed(3)};{' '}
              {yLabel} black at {images.targetRange.min.toFixed(3)}, white at {images.targetRange.max.toFixed(3)} (each image from its 1st to its 99th percentile).
            </p>
          )}
          {descriptor.pairedImages && images && (
            <RegistrationCheck first={images.image} second={images.target} firstLabel={xLabel} secondLabel={yLabel} sliceNumber={Math.min(index, count - 1) + 1} idPrefix="data-explorer" />
          )}
        </div>
        <div class="widget__controls">
          <label class="field">
            <span>Split</span>
            <select value={split} onChange={(e) => selectSplit((e.target as HTMLSelectElement).value as SplitName)}>
              {summary.splits.map((s) => <option key={s.split} value={s.split}>{SPLIT_LABELS[s.split]} ({s.count})</option>)}
            </select>
          </label>
          {descriptor.overlayTarget && (
            <label class="field field--check">
              <input type="checkbox" checked={overlay} onChange={(e) => setOverlay((e.target as HTMLInputElement).checked)} />
              <span>Mask over the image</span>
            </label>
          )}
          {!hounsfield && units && range && !descriptor.pairedImages && (
            <p class="widget__note data-explorer__scale">
              Not Hounsfield units, so the CT windows do not apply. Units: {units.name}. Black at {formatStored(range.min, units)}, white at {formatStored(range.max, units)} (this slice's 1st and 99th percentiles).
            </p>
          )}
          {hounsfield && (
            <fieldset>
              <legend>Window (Hounsfield units)</legend>
              <div class="button-row" role="group" aria-label="Window presets">
                {(['lung', 'mediastinum', 'bone'] as const).map((w) => (
                  <button key={w} type="button" class={`button ${windowName === w ? '' : 'button--quiet'}`} aria-pressed={windowName === w}
                    onClick={() => { setWindowName(w); setCustom(CT_WINDOWS[w]); }}>{w}</button>
                ))}
              </div>
              <label class="field field--range">
                <span>Level: <output>{custom.level} HU</output></span>
                <input type="range" min={-1000} max={1000} step={10} value={custom.level}
                  onInput={(e) => { setWindowName('custom'); setCustom({ ...custom, level: Number((e.target as HTMLInputElement).value) }); }} />
              </label>
              <label class="field field--range">
                <span>Width: <output>{custom.width} HU</output></span>
                <input type="range" min={50} max={3000} step={10} value={custom.width}
                  onInput={(e) => { setWindowName('custom'); setCustom({ ...custom, width: Number((e.target as HTMLInputElement).value) }); }} />
              </label>
              {range && <p class="widget__note">Black at {Math.round(range.min)} HU, white at {Math.round(range.max)} HU.</p>}
            </fieldset>
          )}
        </div>
      </div>
      <div class="data-explorer__own">
        <label class="field">
          <span>Use your own HDF5 file (trainX, trainY, valX, valY, optionally testX, testY); it stays in this browser</span>
          <input type="file" accept={EXPLORER_ACCEPT} onChange={onFile} disabled={busy} />
        </label>
        {state.url === null && (
          <button type="button" class="button button--quiet" disabled={busy}
            onClick={() => { setError(null); ensureDataset({ url: dataUrl(dataFile) }, task, { replace: true }).catch((e: unknown) => setError(asErrorInfo(e))); }}>
            Back to the course data
          </button>
        )}
      </div>
      {summary.warnings && summary.warnings.length > 0 && (
        <ul class="widget__note" aria-label="Notes on this file">
          {summary.warnings.map((warning) => <li key={warning}>{warning}</li>)}
        </ul>
      )}
      <ErrorAlert error={error} onDismiss={() => setError(null)} />
    </section>
  );
}
