import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import ErrorAlert from '../../ErrorAlert';
import type { FeatureMapLayer, FeatureMapRecord, FeatureMaps as FeatureMapsResult } from '../../../lib/engine/protocol';
import type { ErrorInfo } from '../../../lib/errors';
import type { RgbaImage } from '../../../lib/render/grey';
import { activeRunId, dataset, engine, modelRunId, runs } from '../page/signals';
import { asErrorInfo } from '../page/errors';
import { getClient } from '../page/engineStart';
import { withModelCall } from './insideCalls';
import { usePageSignal } from '../useHydrated';
import { channelImage, costSentence, layerHeading, rangeText } from './featureMapsImages';
import '../../widgets.css';
import './featureMaps.css';

/** A small canvas that draws an RGBA image; the surrounding button or figure names it. */
function Pixels({ image, class: className }: { image: RgbaImage; class: string }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const canvas = ref.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) return;
    canvas.width = image.width;
    canvas.height = image.height;
    ctx.putImageData(new ImageData(new Uint8ClampedArray(image.rgba), image.width, image.height), 0, 0);
  }, [image]);
  return <canvas ref={ref} class={className} width={image.width} height={image.height} aria-hidden="true" />;
}

function LayerRow({ layer, onPick, picked }: { layer: FeatureMapLayer; onPick: (channel: number) => void; picked: number | null }) {
  const images = useMemo(() => Array.from({ length: layer.channels }, (_, c) => channelImage(layer, c)), [layer]);
  const heading = layerHeading(layer);
  return (
    <div class="fmaps__row" role="group" aria-label={heading} data-layer={layer.name}>
      <p class="fmaps__layer">{heading}</p>
      <div class="fmaps__channels">
        {images.map((image, c) => (
          <button key={c} type="button" class="fmaps__channel" aria-pressed={picked === c} aria-label={`${layer.name}, channel ${c + 1}: enlarge`} onClick={() => onPick(c)}>
            <Pixels image={image} class="fmaps__thumb" />
          </button>
        ))}
      </div>
    </div>
  );
}

/** Every convolutional layer's channels for one validation slice, recorded after each epoch, with an epoch scrubber. */
export interface FeatureMapsProps {
  lesson: string;
}

export default function FeatureMaps({ lesson }: FeatureMapsProps) {
  const data = usePageSignal(dataset, { state: 'idle' });
  const engineState = usePageSignal(engine, { state: 'idle' }).state;
  const allRuns = usePageSignal(runs, []);
  const active = usePageSignal(activeRunId, null);
  const modelRun = usePageSignal(modelRunId, null);
  const [index, setIndex] = useState<number | null>(null);
  const [record, setRecord] = useState<FeatureMapRecord | null>(null);
  const [position, setPosition] = useState(0);
  const [maps, setMaps] = useState<FeatureMapsResult | null>(null);
  const [picked, setPicked] = useState<{ layer: number; channel: number } | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const ready = engineState === 'ready';
  const valCount = data.state === 'ready' ? data.summary.splits.find((s) => s.split === 'val')?.count ?? 0 : 0;
  const epochsSeen = allRuns.find((r) => r.id === (active ?? modelRun))?.history.length ?? 0;

  // The gallery's first slice (one with lung or brain in it) until the learner picks another; a newly
  // loaded file (a learner's own, with fewer slices) starts again from its own first gallery slice.
  const summary = data.state === 'ready' ? data.summary : null;
  useEffect(() => {
    if (!summary) return;
    const count = summary.splits.find((s) => s.split === 'val')?.count ?? 0;
    setIndex((current) => (current !== null && current < count ? current : Math.max(0, Math.min(summary.gallerySlices[0] ?? 0, count - 1))));
  }, [summary]);
  // Recording is on while this view is on the page: the engine records the slice after every epoch.
  useEffect(() => {
    if (!ready || index === null) return;
    getClient().watchFeatureMaps({ split: 'val', index }).then(setRecord, (e: unknown) => setError(asErrorInfo(e)));
  }, [ready, index]);
  // A new epoch (or a new run) was recorded: follow it to the newest epoch.
  useEffect(() => {
    if (!ready || index === null) return;
    getClient().featureMapRecord({}).then((next) => {
      setRecord(next);
      setPosition(Math.max(0, next.epochs.length - 1));
      if (next.epochs.length === 0) setMaps(null);
    }, (e: unknown) => setError(asErrorInfo(e)));
  }, [ready, index, epochsSeen, active, modelRun]);
  const epoch = record?.epochs[position];
  useEffect(() => {
    if (epoch === undefined || index === null) return;
    getClient().featureMaps({ split: 'val', index, epoch }).then(setMaps, (e: unknown) => setError(asErrorInfo(e)));
  }, [record, epoch, index]);

  const showCurrent = async () => {
    if (index === null) return;
    try { setMaps(await withModelCall((client) => client.featureMaps({ split: 'val', index }))); } catch (e) { setError(asErrorInfo(e)); }
  };
  const cost = record ? costSentence(record) : null;
  const when = maps ? (maps.epoch === null ? 'the current model' : `after epoch ${maps.epoch + 1}`) : '';
  const big = maps && picked ? maps.layers[picked.layer] : null;

  return (
    <section class="widget fmaps" aria-labelledby={`${lesson}-fmaps-title`} data-testid="feature-maps">
      <h3 id={`${lesson}-fmaps-title`} class="widget__title">Feature maps over time</h3>
      <p class="widget__note">
        Every convolutional layer’s output for one validation slice, one row per layer and one small picture per channel
        (each scaled from its own minimum, black, to its maximum, white). They are recorded after every epoch of a run
        started while this page is open; the scrubber replays how the features formed.
      </p>
      <div class="widget__controls">
        <label class="field field--range">
          <span>Validation slice: <output>{index === null ? '…' : index + 1}</output> of {valCount || '?'}</span>
          <input type="range" aria-label="Validation slice" min={1} max={Math.max(1, valCount)} value={(index ?? 0) + 1} disabled={valCount === 0 || active !== null}
            onChange={(e) => { setIndex(Number((e.target as HTMLInputElement).value) - 1); setPicked(null); }} />
        </label>
        {record && record.epochs.length > 0 && (
          <label class="field field--range">
            <span>Epoch: <output>{(epoch ?? 0) + 1}</output> ({position + 1} of {record.epochs.length} kept)</span>
            <input type="range" aria-label="Epoch" min={0} max={record.epochs.length - 1} value={position} aria-valuetext={`Epoch ${(epoch ?? 0) + 1}`}
              onInput={(e) => setPosition(Number((e.target as HTMLInputElement).value))} />
          </label>
        )}
      </div>
      {record && record.epochs.length === 0 && (
        <p class="widget__note">
          Nothing recorded for this slice yet: train a model above (a new run records it after every epoch){modelRun && !active ? ', or look at the current model now.' : '.'}
        </p>
      )}
      {modelRun && !active && (
        <div class="button-row"><button type="button" class="button button--quiet" onClick={showCurrent}>Show the current model’s maps for this slice</button></div>
      )}
      {cost && <p class="widget__note">{cost}</p>}
      {maps && (
        <div class="fmaps__grid" aria-live="polite" data-epoch={maps.epoch ?? 'now'}>
          <p class="fmaps__when">Validation slice {maps.index + 1}, {when}: {maps.layers.length} convolutional layers.</p>
          {big && picked && (
            <figure class="fmaps__big">
              <Pixels image={channelImage(big, picked.channel)} class="fmaps__bigcanvas" />
              <figcaption>
                {big.name}, channel {picked.channel + 1}, {when}: values {rangeText(big.min[picked.channel], big.max[picked.channel])} (black to white), pooled from {big.sourceHeight}×{big.sourceWidth} to {big.height}×{big.width}.
                {' '}<button type="button" class="button button--quiet" onClick={() => setPicked(null)}>Close</button>
              </figcaption>
            </figure>
          )}
          {maps.layers.map((layer, l) => (
            <LayerRow key={layer.name} layer={layer} picked={picked?.layer === l ? picked.channel : null} onPick={(channel) => setPicked({ layer: l, channel })} />
          ))}
        </div>
      )}
      <ErrorAlert error={error} onDismiss={() => setError(null)} />
    </section>
  );
}
