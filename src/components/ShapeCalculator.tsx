import { useState } from 'preact/hooks';
import { describeOutputSize, outputSize, type SpatialLayer } from '../lib/shapes';

interface Step { pad: number; kernel: number; stride: number; padding: 'same' | 'valid' }
interface UpStep { kernel: number; stride: number; padding: 'same' | 'valid'; trimKernel: number }

const LESSON_DOWN: Step = { pad: 1, kernel: 4, stride: 2, padding: 'valid' };
const LESSON_UP: UpStep = { kernel: 4, stride: 2, padding: 'valid', trimKernel: 3 };

function downLayers(s: Step): SpatialLayer[] {
  const layers: SpatialLayer[] = [];
  if (s.pad > 0) layers.push({ kind: 'zeroPad', pad: s.pad });
  layers.push({ kind: 'conv', kernel: s.kernel, stride: s.stride, padding: s.padding });
  return layers;
}

function upLayers(u: UpStep): SpatialLayer[] {
  const layers: SpatialLayer[] = [{ kind: 'convTranspose', kernel: u.kernel, stride: u.stride, padding: u.padding }];
  if (u.trimKernel > 1) layers.push({ kind: 'conv', kernel: u.trimKernel, stride: 1, padding: 'valid' });
  return layers;
}

interface Row { stage: string; formula: string; size: number }

function run(input: number, layers: SpatialLayer[], stage: string, rows: Row[]): number {
  let size = input;
  for (const layer of layers) {
    rows.push({ stage, formula: describeOutputSize(size, layer), size: outputSize(size, layer) });
    size = outputSize(size, layer);
  }
  return size;
}

/** A whole-number field; a value outside [min, max] is reported (onValidity) rather than silently ignored. */
function NumberField({ label, value, min, max, onInput, onValidity }: { label: string; value: number; min: number; max: number; onInput: (v: number) => void; onValidity: (problem: string | null) => void }) {
  const [bad, setBad] = useState(false);
  return (
    <label class="field">
      <span>{label}</span>
      <input type="number" inputMode="numeric" min={min} max={max} value={value} aria-invalid={bad}
        onInput={(e) => {
          const raw = (e.target as HTMLInputElement).value;
          const v = Number(raw);
          const ok = raw !== '' && Number.isInteger(v) && v >= min && v <= max;
          setBad(!ok);
          onValidity(ok ? null : `${label} must be a whole number from ${min} to ${max}`);
          if (ok) onInput(v);
        }} />
    </label>
  );
}

function PaddingField({ value, onInput, label }: { value: 'same' | 'valid'; onInput: (v: 'same' | 'valid') => void; label: string }) {
  return (
    <label class="field">
      <span>{label}</span>
      <select value={value} onChange={(e) => onInput((e.target as HTMLSelectElement).value as 'same' | 'valid')}>
        <option value="valid">valid</option>
        <option value="same">same</option>
      </select>
    </label>
  );
}

/**
 * Lets the learner change the down- and up-sampling steps of the lesson model and see every
 * size, the arithmetic behind it, and whether the skip concatenations still fit.
 */
export default function ShapeCalculator() {
  const [input, setInput] = useState(128);
  const [down, setDown] = useState<Step>(LESSON_DOWN);
  const [up, setUp] = useState<UpStep>(LESSON_UP);
  const [problems, setProblems] = useState<Record<string, string>>({});
  const onValidity = (key: string, problem: string | null) => setProblems((p) => {
    const next = { ...p };
    if (problem) next[key] = problem; else delete next[key];
    return next;
  });

  const rows: Row[] = [];
  let error: string | null = null;
  const x1 = input;
  let x2 = 0, bottom = 0, up1 = 0, up2 = 0;
  try {
    x2 = run(x1, downLayers(down), 'down 1', rows);
    bottom = run(x2, downLayers(down), 'down 2', rows);
    up1 = run(bottom, upLayers(up), 'up 1', rows);
    up2 = run(up1, upLayers(up), 'up 2', rows);
  } catch (e) {
    error = e instanceof Error ? e.message : String(e);
  }
  // A field out of range: no sizes are shown for values the learner did not ask for.
  const invalid = Object.values(problems);
  if (invalid.length > 0) error = `${invalid.join('; ')}. The sizes appear again once every field is in range.`;
  const checks = error ? [] : [
    { ok: up1 === x2, text: `Skip 2: decoder ${up1}×${up1} with encoder x2 ${x2}×${x2}`, fits: ' — fits.', fails: ' — does not fit: the concatenation would fail.' },
    { ok: up2 === x1, text: `Skip 1: decoder ${up2}×${up2} with encoder x1 ${x1}×${x1}`, fits: ' — fits.', fails: ' — does not fit: the concatenation would fail.' },
    { ok: up2 === input, text: `Output ${up2}×${up2} against the ${input}×${input} input`, fits: ' — the same size.', fails: ' — a different size: the predicted mask would not line up with its target.' },
  ];
  const reset = () => { setInput(128); setDown(LESSON_DOWN); setUp(LESSON_UP); setProblems({}); };

  return (
    <section class="widget shape-calculator" aria-labelledby="shape-calc-title">
      <h3 id="shape-calc-title" class="widget__title">Shape calculator</h3>
      <div class="shape-calculator__fields">
        <fieldset>
          <legend>Input</legend>
          <NumberField label="size" value={input} min={8} max={512} onInput={setInput} onValidity={(p) => onValidity('input size', p)} />
        </fieldset>
        <fieldset>
          <legend>Each down-step</legend>
          <NumberField label="zero pad" value={down.pad} min={0} max={4} onInput={(pad) => setDown({ ...down, pad })} onValidity={(p) => onValidity('down pad', p)} />
          <NumberField label="kernel" value={down.kernel} min={1} max={7} onInput={(kernel) => setDown({ ...down, kernel })} onValidity={(p) => onValidity('down kernel', p)} />
          <NumberField label="stride" value={down.stride} min={1} max={3} onInput={(stride) => setDown({ ...down, stride })} onValidity={(p) => onValidity('down stride', p)} />
          <PaddingField label="padding" value={down.padding} onInput={(padding) => setDown({ ...down, padding })} />
        </fieldset>
        <fieldset>
          <legend>Each up-step</legend>
          <NumberField label="transposed kernel" value={up.kernel} min={1} max={7} onInput={(kernel) => setUp({ ...up, kernel })} onValidity={(p) => onValidity('up kernel', p)} />
          <NumberField label="stride" value={up.stride} min={1} max={3} onInput={(stride) => setUp({ ...up, stride })} onValidity={(p) => onValidity('up stride', p)} />
          <PaddingField label="padding" value={up.padding} onInput={(padding) => setUp({ ...up, padding })} />
          <NumberField label="then valid conv kernel (1 = none)" value={up.trimKernel} min={1} max={7} onInput={(trimKernel) => setUp({ ...up, trimKernel })} onValidity={(p) => onValidity('up trim', p)} />
        </fieldset>
      </div>
      {error ? <p class="callout callout--warning" role="status">{error}</p> : (
        <table class="shape-calculator__table">
          <caption class="visually-hidden">Sizes after each layer</caption>
          <thead><tr><th scope="col">Stage</th><th scope="col">Arithmetic</th><th scope="col">Size</th></tr></thead>
          <tbody>
            <tr><td>input (x1 after the first two convolutions)</td><td>—</td><td>{input}</td></tr>
            {rows.map((r, i) => <tr key={i}><td>{r.stage}</td><td><code>{r.formula}</code></td><td>{r.size}</td></tr>)}
          </tbody>
        </table>
      )}
      <ul class="checklist" aria-live="polite">
        {checks.map((c) => <li key={c.text} class={c.ok ? 'ok' : 'bad'}><span aria-hidden="true">{c.ok ? '✓' : '✗'}</span> {c.text}{c.ok ? c.fits : c.fails}</li>)}
      </ul>
      <button type="button" class="button button--quiet" onClick={reset}>Back to the lesson model</button>
    </section>
  );
}
