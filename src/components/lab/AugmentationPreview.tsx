/**
 * Augmentation preview: one random transform drawn from a visible seed and applied to an input and
 * its target alike (the engine's augmentPreview), shown side by side with the originals. "Draw
 * again" takes the next seed; every parameter states its unit. Task-generic: the target is drawn by
 * the task descriptor (a mask for segmentation, resampled by nearest neighbour; an image for
 * translation) and the display range is stated in the file's units. Used in both lessons.
 *
 * A tick adds the intensity changes a run with intensity augmentation draws (the task's own list,
 * input only) after the same transform, so the learner sees exactly what that setting adds.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import ImageCanvas from '../ImageCanvas';
import ErrorAlert from '../ErrorAlert';
import type { AugmentPreview as PreviewResult, SliceArrays } from '../../lib/engine/protocol';
import type { Task } from '../../lib/data/types';
import type { ErrorInfo } from '../../lib/errors';
import type { AugmentConfig } from '../../lib/augment/augmentConfig';
import { DEFAULT_AUGMENT, describeIntensityChanges } from '../../client/presets';
import { toGreyRgba } from '../../lib/render';
import { intensityAugmentOf, taskDescriptor } from '../../lib/tasks';
import { dataset, type DatasetState } from './page/signals';
import { asErrorInfo } from './page/errors';
import { dataUrl } from './page/urls';
import { getClient } from './page/engineStart';
import { ensureDataset } from './page/datasetLoading';
import { usePageSignal } from './useHydrated';
import { checkerboard } from './RegistrationCheck';
import { formatStored, storedRange, storedUnits } from '../../client/sliceInfo';

export interface AugmentationPreviewProps {
  dataFile: string;
  task: Task;
  /** Training slice shown first (0-based). */
  slice?: number;
  /** First seed; "Draw again" adds one. */
  seed?: number;
  /** The original tutorial's shear, when the lesson discusses it (e.g. 0.2, read as degrees: a no-op). */
  originalShear?: number;
}

interface NumberField {
  key: 'rotationRange' | 'shearRange' | 'widthShiftRange' | 'heightShiftRange';
  label: string;
  unit: string;
  min: number;
  max: number;
  step: number;
  /** Shown value per stored value (percent for fractions). */
  scale: number;
}

const FIELDS: NumberField[] = [
  { key: 'rotationRange', label: 'Rotation up to ±', unit: 'degrees', min: 0, max: 45, step: 1, scale: 1 },
  { key: 'shearRange', label: 'Shear up to ±', unit: 'degrees', min: 0, max: 30, step: 0.1, scale: 1 },
  { key: 'widthShiftRange', label: 'Horizontal shift up to ±', unit: '% of the width', min: 0, max: 30, step: 1, scale: 100 },
  { key: 'heightShiftRange', label: 'Vertical shift up to ±', unit: '% of the height', min: 0, max: 30, step: 1, scale: 100 },
];

export default function AugmentationPreview({ dataFile, task, slice = 8, seed: firstSeed = 1, originalShear }: AugmentationPreviewProps) {
  const descriptor = taskDescriptor(task);
  const state = usePageSignal<DatasetState>(dataset, { state: 'idle' });
  const summary = state.state === 'ready' ? state.summary : null;
  const [config, setConfig] = useState<AugmentConfig>({ ...DEFAULT_AUGMENT, zoomRange: [...DEFAULT_AUGMENT.zoomRange] });
  const [seed, setSeed] = useState(firstSeed);
  const [intensityOn, setIntensityOn] = useState(false);
  const [original, setOriginal] = useState<SliceArrays | null>(null);
  const [preview, setPreview] = useState<PreviewResult | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);

  useEffect(() => {
    ensureDataset({ url: dataUrl(dataFile) }, task).catch((e: unknown) => setError(asErrorInfo(e)));
  }, [dataFile, task]);

  const trainCount = summary?.splits.find((s) => s.split === 'train')?.count ?? 0;
  const index = Math.min(slice, Math.max(0, trainCount - 1));

  useEffect(() => {
    if (!summary || trainCount === 0) return;
    let stale = false;
    getClient().getSlices({ split: 'train', indices: [index] }).then((s) => { if (!stale) setOriginal(s); }, (e: unknown) => setError(asErrorInfo(e)));
    return () => { stale = true; };
  }, [summary, index, trainCount]);

  useEffect(() => {
    if (!summary || trainCount === 0) return;
    let stale = false;
    const intensity = intensityOn ? intensityAugmentOf(task) : null;
    getClient().augmentPreview({ seed, config, intensity, indices: [index], split: 'train' }).then(
      (p) => { if (!stale) { setPreview(p); setError(null); } },
      (e: unknown) => { if (!stale) setError(asErrorInfo(e)); },
    );
    return () => { stale = true; };
  }, [summary, index, trainCount, seed, config, intensityOn]);

  const pictures = useMemo(() => {
    if (!original || !preview) return null;
    const { width, height } = original;
    // One display range per image, taken from the original, so the augmented copy is drawn alike.
    const inputRange = descriptor.inputRange(original.x);
    const outputRange = descriptor.outputRange(original.y);
    const target = (values: Float32Array) => (descriptor.targets === 'binary' ? descriptor.renderTarget(values, width, height) : toGreyRgba(values, width, height, outputRange));
    const augmentedInput = toGreyRgba(preview.inputs, preview.width, preview.height, inputRange);
    const augmentedTarget = target(preview.targets);
    return {
      input: toGreyRgba(original.x, width, height, inputRange),
      target: target(original.y),
      augmentedInput,
      augmentedTarget,
      board: descriptor.pairedImages ? checkerboard(augmentedInput, augmentedTarget, 8) : null,
      inputRange,
    };
  }, [original, preview, descriptor]);

  const set = (next: Partial<AugmentConfig>) => setConfig((c) => ({ ...c, ...next }));
  const { input: inputLabel, target: targetLabel } = descriptor.labels;
  const units = summary ? storedUnits(summary.attributes, storedRange(summary.splits)) : null;
  const bothNames = `the ${inputLabel} and its ${targetLabel}`;
  const changes = describeIntensityChanges(descriptor.intensityChanges);
  const drawnIntensity = preview?.intensity?.descriptions[0] ?? null;

  return (
    <section class="widget augmentation-preview" aria-labelledby="augmentation-preview-title">
      <h3 id="augmentation-preview-title" class="widget__title">Augmentation preview</h3>
      {!summary && !error && <p role="status">Loading the dataset…</p>}
      {pictures && preview && (
        <>
          <div class="image-row image-row--triptych augmentation-preview__images">
            <ImageCanvas image={pictures.input} label={`Original ${inputLabel}`} />
            <ImageCanvas image={pictures.target} label={`Original ${targetLabel}`} />
          </div>
          <div class="image-row image-row--triptych augmentation-preview__images">
            <ImageCanvas image={pictures.augmentedInput} label={`Augmented ${inputLabel}`} />
            <ImageCanvas image={pictures.augmentedTarget} label={`Augmented ${targetLabel}`} />
            {pictures.board && <ImageCanvas image={pictures.board} label="Augmented pair as a checkerboard" />}
          </div>
          <p class="augmentation-preview__drawn" aria-live="polite">
            Seed <strong>{preview.seed}</strong>, training slice {index + 1}: {preview.descriptions[0]}. The same transform was applied to {bothNames}.
          </p>
          {drawnIntensity !== null && (
            <p class="augmentation-preview__drawn" data-testid="intensity-drawn" aria-live="polite">
              Intensity change: {drawnIntensity === 'no intensity change' ? 'none this time (each change is drawn for only some of the samples; draw again)' : drawnIntensity}.
              {' '}Applied to the {inputLabel} only; the {targetLabel} stays as it is{drawnIntensity.includes('σ') ? ' (σ: the slice’s own standard deviation)' : ''}.
            </p>
          )}
          {units && (
            <p class="widget__note">
              {inputLabel[0].toUpperCase()}{inputLabel.slice(1)}s drawn black at {formatStored(pictures.inputRange.min, units)} and white at {formatStored(pictures.inputRange.max, units)}, the original and its augmented copy alike; units: {units.name}.
            </p>
          )}
        </>
      )}
      <div class="button-row">
        <button type="button" class="button" onClick={() => setSeed((s) => s + 1)} disabled={!summary}>Draw again</button>
        <label class="field">
          <span>Seed</span>
          <input type="number" min={0} step={1} value={seed} onChange={(e) => { const v = Number((e.target as HTMLInputElement).value); if (Number.isInteger(v) && v >= 0) setSeed(v); }} />
        </label>
      </div>
      {descriptor.intensityChanges.length > 0 && (
        <label class="field field--check">
          <input type="checkbox" checked={intensityOn} disabled={!summary} onChange={(e) => setIntensityOn((e.target as HTMLInputElement).checked)} />
          <span>Intensity changes too, as the training panel’s <em>Intensity augmentation</em> draws them: {changes} of the {inputLabel}, each for some of the samples</span>
        </label>
      )}
      <fieldset class="augmentation-preview__settings">
        <legend>Transform ranges (each sample draws its own values within them)</legend>
        {FIELDS.map((f) => (
          <label key={f.key} class="field field--range">
            <span>{f.label}<output>{Number((config[f.key] * f.scale).toFixed(1))}</output> {f.unit}</span>
            <input type="range" min={f.min} max={f.max} step={f.step} value={config[f.key] * f.scale}
              onInput={(e) => set({ [f.key]: Number((e.target as HTMLInputElement).value) / f.scale })} />
          </label>
        ))}
        <label class="field field--range">
          <span>Zoom factor from <output>{config.zoomRange[0].toFixed(2)}</output> to {config.zoomRange[1].toFixed(2)} (ratio; below 1 zooms in)</span>
          <input type="range" min={0.5} max={1} step={0.05} value={config.zoomRange[0]} aria-label="Smallest zoom factor"
            onInput={(e) => set({ zoomRange: [Number((e.target as HTMLInputElement).value), config.zoomRange[1]] })} />
          <input type="range" min={1} max={1.5} step={0.05} value={config.zoomRange[1]} aria-label="Largest zoom factor"
            onInput={(e) => set({ zoomRange: [config.zoomRange[0], Number((e.target as HTMLInputElement).value)] })} />
        </label>
        <label class="field field--check">
          <input type="checkbox" checked={config.horizontalFlip} onChange={(e) => set({ horizontalFlip: (e.target as HTMLInputElement).checked })} />
          <span>Horizontal flip (left–right, for half of the samples)</span>
        </label>
        <label class="field field--check">
          <input type="checkbox" checked={config.verticalFlip} onChange={(e) => set({ verticalFlip: (e.target as HTMLInputElement).checked })} />
          <span>Vertical flip (upside-down) — off by default: no scanner produces an axial slice upside down (the patient's front at the back), so the network would spend capacity on images it never meets</span>
        </label>
        <p class="widget__note">
          Outside the image: the nearest edge pixel is repeated. The {inputLabel} is resampled bilinearly; the {targetLabel} {descriptor.targetInterpolation === 'nearest' ? 'by nearest neighbour, so every pixel of it stays 0 or 1' : 'bilinearly too, as it is an image'}.
          {originalShear !== undefined && <> The original's shear of {originalShear} was read as <em>degrees</em>: set it here to {originalShear} and see that nothing visible changes.</>}
          {' '}The training panel trains with the default ranges shown first.
        </p>
      </fieldset>
      <ErrorAlert error={error} onDismiss={() => setError(null)} />
    </section>
  );
}
