import { useEffect, useMemo, useState } from 'preact/hooks';
import ImageCanvas from '../../ImageCanvas';
import SliceSlider from '../../SliceSlider';
import { CT_WINDOWS, percentileRange, toGreyRgba, windowToRange } from '../../../lib/render';
import type { DatasetSummary, SliceArrays } from '../../../lib/engine/protocol';
import type { ErrorInfo } from '../../../lib/errors';
import type { Task } from '../../../lib/data/types';
import { taskDescriptor } from '../../../lib/tasks';
import { storedRange, storedUnits } from '../../../client/sliceInfo';
import { getClient } from '../page/engineStart';
import { asErrorInfo } from '../page/errors';
import { bodyOrder, bodySliceText } from './importSummaryText';

export interface ScanVolumeViewProps {
  task: Task;
  /** The imported lesson file as the engine loaded it. */
  summary: DatasetSummary;
  counts: { train: number; val: number; test: number };
  onError: (error: ErrorInfo) => void;
}

type WindowName = keyof typeof CT_WINDOWS;
const WINDOWS = Object.keys(CT_WINDOWS) as WindowName[];

/**
 * The imported scan as a volume: its slices from inferior to superior (the train, val and test blocks
 * laid end to end), the mask over the image or image and target side by side, CT windows for HU.
 */
export default function ScanVolumeView({ task, summary, counts, onError }: ScanVolumeViewProps) {
  const descriptor = taskDescriptor(task);
  const order = useMemo(() => bodyOrder(counts), [counts]);
  // Open in the middle of the scan, where the structure is largest more often than at its ends.
  const [at, setAt] = useState(() => Math.floor(order.length / 2));
  const [slice, setSlice] = useState<SliceArrays | null>(null);
  const [windowName, setWindowName] = useState<WindowName>('lung');
  const [overlay, setOverlay] = useState(true);
  const hounsfield = useMemo(() => storedUnits(summary.attributes, storedRange(summary.splits)).hounsfield, [summary]);
  const shown = order[Math.min(at, order.length - 1)];

  useEffect(() => {
    if (!shown) return;
    let stale = false;
    getClient().getSlices({ split: shown.split, indices: [shown.index] })
      .then((s) => { if (!stale) setSlice(s); }, (e: unknown) => { if (!stale) onError(asErrorInfo(e)); });
    return () => { stale = true; };
    // A new import (another series, the same counts) is a new summary: its slices are fetched again.
  }, [summary, shown?.split, shown?.index]);

  const images = useMemo(() => {
    if (!slice) return null;
    const { width, height } = slice;
    const range = hounsfield ? windowToRange(CT_WINDOWS[windowName]) : percentileRange(slice.x);
    const image = toGreyRgba(slice.x, width, height, range);
    return {
      image,
      target: descriptor.renderTarget(slice.y, width, height),
      combined: descriptor.overlayTarget ? descriptor.overlayTarget(image, slice.y) : null,
    };
  }, [slice, hounsfield, windowName, descriptor]);

  if (order.length === 0) return null;
  const { input, target } = descriptor.labels;
  const current = slice && shown && slice.split === shown.split && slice.indices[0] === shown.index;
  return (
    <div class="scan-volume">
      <div class="scan-volume__view">
        <SliceSlider index={Math.min(at, order.length - 1)} count={order.length} onChange={setAt} label="Imported scan, inferior to superior">
          <div class="image-row" aria-busy={!current}>
            {images && (overlay && images.combined
              ? <ImageCanvas image={images.combined} label={`${input} ${at + 1} with the ${target} in yellow`} class="image-canvas--large" />
              : <>
                <ImageCanvas image={images.image} label={`${input} ${at + 1}`} />
                <ImageCanvas image={images.target} label={`${target} ${at + 1}`} />
              </>)}
          </div>
        </SliceSlider>
        <p class="widget__note scan-volume__where" aria-live="polite">{bodySliceText(order, Math.min(at, order.length - 1), counts)}</p>
        <SplitStrip order={order} at={Math.min(at, order.length - 1)} />
      </div>
      <div class="widget__controls">
        {descriptor.overlayTarget && (
          <label class="field field--check">
            <input type="checkbox" checked={overlay} onChange={(e) => setOverlay((e.target as HTMLInputElement).checked)} />
            <span>Mask over the image</span>
          </label>
        )}
        {hounsfield ? (
          <fieldset>
            <legend>Window (Hounsfield units)</legend>
            <div class="button-row" role="group" aria-label="Window presets for the imported scan">
              {WINDOWS.map((w) => (
                <button key={w} type="button" class={`button ${windowName === w ? '' : 'button--quiet'}`} aria-pressed={windowName === w} onClick={() => setWindowName(w)}>{w}</button>
              ))}
            </div>
            <p class="widget__note">Level {CT_WINDOWS[windowName].level} HU, width {CT_WINDOWS[windowName].width} HU.</p>
          </fieldset>
        ) : (
          <p class="widget__note">Not Hounsfield units, so each slice is shown from its 1st to its 99th percentile.</p>
        )}
      </div>
    </div>
  );
}

/** Where the slice shown lies in the scan: the three blocks as a bar, the slice marked. */
function SplitStrip({ order, at }: { order: ReturnType<typeof bodyOrder>; at: number }) {
  const total = order.length;
  const blocks = (['train', 'val', 'test'] as const).map((split) => ({ split, count: order.filter((s) => s.split === split).length }));
  return (
    <div class="scan-volume__strip" aria-hidden="true">
      {blocks.filter((b) => b.count > 0).map((b) => (
        <span key={b.split} class={`scan-volume__block scan-volume__block--${b.split}`} style={{ flexGrow: b.count }}>{b.split}</span>
      ))}
      <span class="scan-volume__marker" style={{ left: `${((at + 0.5) / total) * 100}%` }} />
    </div>
  );
}
