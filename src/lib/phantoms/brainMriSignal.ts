import { normal, type Rng } from '../random';
import { MR_CHANNELS, type TissueLayers } from './brainMriAnatomy';
import type { BrainMriSubject } from './brainMriSubject';
import { MR_LABELS, spinEchoSignal, type MrTissue } from './brainMriTissues';
import type { Layer } from './phantomCanvas';

/** Noise-free signal of each tissue in each contrast: [T1w, T2w, PDw]. */
export type TissueSignals = Record<MrTissue, [number, number, number]>;

/**
 * Spin-echo signal of every tissue for the subject's field, relaxation times and sequences. T1w and
 * PDw are conventional spin echoes (true T2); T2w is a turbo spin echo (apparent T2, fat bright).
 */
export function computeTissueSignals(subject: BrainMriSubject): TissueSignals {
  const out = {} as TissueSignals;
  const { t1w, t2w, pdw } = subject.sequences;
  for (const tissue of Object.keys(subject.relaxation) as MrTissue[]) {
    const p = subject.relaxation[tissue];
    out[tissue] = [
      spinEchoSignal(p.pd, p.t1, p.t2, t1w.trMs, t1w.teMs),
      spinEchoSignal(p.pd, p.t1, p.t2Tse, t2w.trMs, t2w.teMs),
      spinEchoSignal(p.pd, p.t1, p.t2, pdw.trMs, pdw.teMs),
    ];
  }
  return out;
}

const KEEP = Number.NaN;

/**
 * Paint layers of one slice. Grey matter sets the brain-mask channel and its T2w signal is scaled by
 * `gmT2Field` (regional T2 variation, [canvas pixels]); the rest leave the mask as it is.
 */
export function buildTissueLayers(signals: TissueSignals, gmT2Field: Float32Array): TissueLayers {
  const layers = {} as TissueLayers;
  for (const tissue of Object.keys(signals) as MrTissue[]) {
    const [a, b, c] = signals[tissue];
    layers[tissue] = { values: [a, b, c, KEEP], label: MR_LABELS[tissue] };
  }
  const [a, b, c] = signals.greyMatter;
  const cortex: Layer = { values: [a, b, c, 1], label: MR_LABELS.greyMatter, scale: { channel: MR_CHANNELS.t2w, field: gmT2Field } };
  layers.cortex = cortex;
  // Sulcal grey matter must stay inside the brain: it is painted only where the mask is set.
  layers.greyMatter = { ...cortex, values: [a, b, c, KEEP], within: MR_CHANNELS.brain };
  return layers;
}

/**
 * Smooth multiplicative bias field exp(p(x, y)) with p a random polynomial of degree ≤ 3 over
 * [−1, 1]², scaled so that the field's peak-to-peak (max/min − 1) equals `peakToPeak` and its
 * geometric mean is 1. Returns a new [size·size] array the caller owns.
 */
export function biasField(size: number, peakToPeak: number, rng: Rng): Float32Array {
  // c[i][j] multiplies u^i v^j (i + j ≤ 3); the constant is irrelevant after normalisation.
  const c: number[][] = [];
  for (let i = 0; i <= 3; i++) {
    c.push([]);
    for (let j = 0; i + j <= 3; j++) c[i].push(i + j === 0 ? 0 : normal(rng, 0, 1 / (i + j)));
  }
  const field = new Float32Array(size * size);
  const row = [0, 0, 0, 0];
  let lo = Infinity;
  let hi = -Infinity;
  let sum = 0;
  for (let y = 0; y < size; y++) {
    const v = (2 * (y + 0.5)) / size - 1;
    for (let i = 0; i <= 3; i++) {
      let a = 0;
      for (let j = c[i].length - 1; j >= 0; j--) a = a * v + c[i][j];
      row[i] = a;
    }
    for (let x = 0; x < size; x++) {
      const u = (2 * (x + 0.5)) / size - 1;
      const p = ((row[3] * u + row[2]) * u + row[1]) * u + row[0];
      field[y * size + x] = p;
      lo = Math.min(lo, p);
      hi = Math.max(hi, p);
      sum += p;
    }
  }
  const gain = hi > lo ? Math.log(1 + peakToPeak) / (hi - lo) : 0;
  const mean = sum / field.length;
  for (let k = 0; k < field.length; k++) field[k] = Math.exp((field[k] - mean) * gain);
  return field;
}

/** Rician magnitude in place: M = sqrt((S + n1)² + n2²), n1, n2 ~ N(0, sigma²) independent per pixel. */
export function addRicianNoise(image: Float32Array, sigma: number, rng: Rng): void {
  for (let k = 0; k < image.length; k++) {
    const re = image[k] + sigma * normal(rng);
    const im = sigma * normal(rng);
    image[k] = Math.sqrt(re * re + im * im);
  }
}
