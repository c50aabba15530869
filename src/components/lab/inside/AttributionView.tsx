import { useEffect, useMemo, useState } from 'preact/hooks';
import ImageCanvas, { type PixelPoint } from '../../ImageCanvas';
import ErrorAlert from '../../ErrorAlert';
import type { Predictions } from '../../../lib/engine/protocol';
import type { AttributionMap } from '../../../lib/engine/inspectProtocol';
import type { ErrorInfo } from '../../../lib/errors';
import type { RgbaImage } from '../../../lib/render/grey';
import { paintMask, signedOverlay } from '../../../lib/render/signedOverlay';
import { PALETTE } from '../../../lib/render/colormap';
import { asErrorInfo } from '../page/errors';
import { withModelCall } from './insideCalls';
import PixelPad from './PixelPad';

export interface AttributionViewProps {
  prediction: Predictions;
  input: RgbaImage;
  predictionImage: RgbaImage;
  predictionLabel: string;
}

/** Marks a square brush of `radius` pixels around `p` in a copy of the region. */
function brush(region: Uint8Array, p: PixelPoint, width: number, height: number, radius: number): Uint8Array<ArrayBuffer> {
  const next = new Uint8Array(region);
  for (let r = Math.max(0, p.row - radius); r <= Math.min(height - 1, p.row + radius); r++) {
    for (let c = Math.max(0, p.col - radius); c <= Math.min(width - 1, p.col + radius); c++) next[r * width + c] = 1;
  }
  return next;
}

/** Paint a region of the prediction (or pick a pixel) and see which input pixels drove it: gradient × input over the input. */
export default function AttributionView({ prediction, input, predictionImage, predictionLabel }: AttributionViewProps) {
  const { height, width } = prediction;
  const index = prediction.indices[0];
  const radius = Math.max(1, Math.round(width / 64));
  const [cursor, setCursor] = useState<PixelPoint | null>(null);
  const [region, setRegion] = useState(() => new Uint8Array(height * width));
  const [map, setMap] = useState<AttributionMap | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorInfo | null>(null);
  useEffect(() => { setRegion(new Uint8Array(height * width)); setMap(null); }, [prediction]);
  const painted = useMemo(() => region.reduce((n, v) => n + v, 0), [region]);
  const pad = useMemo(() => paintMask(predictionImage, region, PALETTE.prediction, 0.8), [predictionImage, region]);
  const overlay = useMemo(() => map && signedOverlay(input, map.attribution), [map, input]);

  const explain = async () => {
    setBusy(true);
    setError(null);
    try {
      const asked = region.slice();
      setMap(await withModelCall((c) => c.attribute({ split: prediction.split, index, region: asked })));
    } catch (e) {
      setError(asErrorInfo(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="inside__view" data-testid="attribution" aria-labelledby="inside-attr-title">
      <h4 id="inside-attr-title" class="inside__heading">Attribution: which input pixels drove this region?</h4>
      <div class="inside__pictures">
        <PixelPad image={pad} label={`${predictionLabel}: paint a region`} cursor={cursor} onCursor={setCursor}
          onPick={(p) => setRegion((r) => brush(r, p, width, height, radius))}
          help="Drag to paint, or click one pixel. Keyboard: arrow keys move, Enter or Space paints." />
        {overlay && map && (
          <ImageCanvas image={overlay} label={`Gradient × input for the ${map.regionPixels} painted pixels, over the input: vermillion pushed the region’s output up, blue pushed it down`} />
        )}
      </div>
      <div class="button-row">
        <button type="button" class="button" onClick={explain} disabled={busy || painted === 0}>{busy ? 'Computing…' : 'Show what drove it'}</button>
        <button type="button" class="button button--quiet" onClick={() => { setRegion(new Uint8Array(height * width)); setMap(null); }} disabled={painted === 0}>Clear</button>
        <span class="widget__note" aria-live="polite">{painted} pixel{painted === 1 ? '' : 's'} painted.</span>
      </div>
      <ErrorAlert error={error} onDismiss={() => setError(null)} />
    </section>
  );
}
