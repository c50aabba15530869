import { useMemo, useState } from 'preact/hooks';
import ImageCanvas from './ImageCanvas';
import { overlayPrediction, toGreyRgba } from '../lib/render';

const SIZE = 32;
const TRUTH_RADIUS = 8;

/** Disc of probabilities: 1 inside `radius`, falling to 0 over `soft` pixels at the edge. */
function disc(cx: number, cy: number, radius: number, soft: number): Float32Array {
  const out = new Float32Array(SIZE * SIZE);
  if (radius <= 0) return out;
  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) {
      const d = Math.hypot(x + 0.5 - cx, y + 0.5 - cy) - radius;
      out[y * SIZE + x] = soft > 0 ? Math.min(1, Math.max(0, 0.5 - d / soft)) : d <= 0 ? 1 : 0;
    }
  }
  return out;
}

function sums(t: Float32Array, p: Float32Array) {
  let st = 0, sp = 0, stp = 0;
  for (let i = 0; i < t.length; i++) { st += t[i]; sp += p[i]; stp += t[i] * p[i]; }
  return { st, sp, stp };
}

function Slider({ label, value, min, max, step = 1, onInput, unit = '' }: { label: string; value: number; min: number; max: number; step?: number; onInput: (v: number) => void; unit?: string }) {
  return (
    <label class="field field--range">
      <span>{label}: <output>{value}{unit}</output></span>
      <input type="range" min={min} max={max} step={step} value={value} onInput={(e) => onInput(Number((e.target as HTMLInputElement).value))} />
    </label>
  );
}

/**
 * A truth disc and a predicted disc the learner can shift, grow and soften, with the soft Dice
 * computed live, with and without the +1 smoothing, including the empty-mask case.
 */
export default function DiceExplainer() {
  const [shift, setShift] = useState(4);
  const [radius, setRadius] = useState(8);
  const [soft, setSoft] = useState(0);
  const [emptyTruth, setEmptyTruth] = useState(false);

  const truth = useMemo(() => disc(SIZE / 2, SIZE / 2, emptyTruth ? 0 : TRUTH_RADIUS, 0), [emptyTruth]);
  const pred = useMemo(() => disc(SIZE / 2 + shift, SIZE / 2, radius, soft), [shift, radius, soft]);
  const { st, sp, stp } = sums(truth, pred);
  const smoothed = (2 * stp + 1) / (st + sp + 1);
  const plainDenominator = st + sp;
  const plain = plainDenominator > 0 ? (2 * stp) / plainDenominator : null;
  const image = useMemo(() => overlayPrediction(
    toGreyRgba(new Float32Array(SIZE * SIZE).fill(0.15), SIZE, SIZE, { min: 0, max: 1 }),
    pred, { threshold: 0.5, opacity: 0.85, soft: true, truth },
  ), [pred, truth]);

  return (
    <section class="widget dice-explainer" aria-labelledby="dice-explainer-title">
      <h3 id="dice-explainer-title" class="widget__title">Dice, by hand</h3>
      <div class="widget__row">
        <ImageCanvas image={image} label={emptyTruth ? 'Prediction (yellow) over an empty truth mask' : 'Prediction (yellow fill) over the truth (blue outline)'} class="image-canvas--small" />
        <div class="widget__controls">
          <Slider label="Shift prediction" value={shift} min={-16} max={16} onInput={setShift} unit=" px" />
          <Slider label="Prediction radius" value={radius} min={0} max={14} onInput={setRadius} unit=" px" />
          <Slider label="Soft edge" value={soft} min={0} max={6} step={0.5} onInput={setSoft} unit=" px" />
          <label class="field field--check">
            <input type="checkbox" checked={emptyTruth} onChange={(e) => setEmptyTruth((e.target as HTMLInputElement).checked)} />
            <span>Empty truth (a slice without lung)</span>
          </label>
        </div>
      </div>
      <dl class="number-grid" aria-live="polite">
        <div><dt>Σ t (truth pixels)</dt><dd>{st.toFixed(0)}</dd></div>
        <div><dt>Σ p (predicted, soft)</dt><dd>{sp.toFixed(1)}</dd></div>
        <div><dt>Σ t·p (overlap)</dt><dd>{stp.toFixed(1)}</dd></div>
        <div><dt>Dice with +1</dt><dd>{smoothed.toFixed(3)} <small>(loss {(1 - smoothed).toFixed(3)})</small></dd></div>
        <div><dt>Dice without smoothing</dt><dd>{plain === null ? 'undefined (0 / 0)' : plain.toFixed(3)}</dd></div>
      </dl>
      <p class="widget__note">
        {emptyTruth
          ? 'With an empty truth, Dice with smoothing is 1 / (Σp + 1): only predicting nothing at all scores 1.'
          : 'Shift the prediction away: the overlap falls and so does Dice. Growing the prediction to cover the truth does not give Dice 1 either, because Σp grows too.'}
      </p>
    </section>
  );
}
