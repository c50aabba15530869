/** Words and pictures for the uncertainty view: plain arrays in, RGBA and sentences out (no TensorFlow.js). */
import { sequentialColor } from '../../../lib/render/colormap';
import type { RgbaImage } from '../../../lib/render/grey';

/** `values` ([height, width]) on the sequential ramp, 0 dark and `max` pale yellow. */
export function rampImage(values: ArrayLike<number>, width: number, height: number, max: number): RgbaImage {
  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < width * height; i++) rgba.set([...sequentialColor(max > 0 ? values[i] / max : 0), 255], i * 4);
  return { width, height, rgba };
}

/** The largest value, 0 for an empty or all-zero list. */
export function maxOf(values: ArrayLike<number>): number {
  let max = 0;
  for (let i = 0; i < values.length; i++) if (values[i] > max) max = values[i];
  return max;
}

/** Positions from 1 (largest value) down, ties in index order. */
function placeOf(values: readonly number[]): number[] {
  const order = values.map((_, i) => i).sort((a, b) => values[b] - values[a] || a - b);
  const place = new Array<number>(values.length);
  order.forEach((slice, k) => { place[slice] = k + 1; });
  return place;
}

const ordinal = (n: number) => `${n}${n % 100 >= 11 && n % 100 <= 13 ? 'th' : ['th', 'st', 'nd', 'rd'][n % 10] ?? 'th'}`;

/**
 * What the per-slice spread and error say together: the rank correlation in words, then the slice where
 * they disagree most each way (wrong without being unsure; unsure without being wrong). Slices are
 * numbered from 1 as the view shows them.
 */
export function agreementSentences(spread: readonly number[], error: readonly number[], rho: number | null): string[] {
  if (rho === null || spread.length < 3) return ['Too few slices (or all alike) to compare uncertainty with error.'];
  const strength = rho >= 0.7 ? 'mostly agree: the slices the model is least sure about are largely those it gets most wrong'
    : rho >= 0.4 ? 'partly agree: uncertainty points at some of the worst slices but misses others'
      : rho >= 0 ? 'hardly agree: here the spread says little about where the errors are'
        : 'disagree: the model is, if anything, surer on the slices it gets wrong';
  const sentences = [`Rank correlation between per-slice uncertainty and error: ρ = ${rho.toFixed(2)}. They ${strength}.`];
  const spreadPlace = placeOf(spread);
  const errorPlace = placeOf(error);
  let wrong = 0;
  let unsure = 0;
  for (let s = 1; s < spread.length; s++) {
    if (spreadPlace[s] - errorPlace[s] > spreadPlace[wrong] - errorPlace[wrong]) wrong = s;
    if (errorPlace[s] - spreadPlace[s] > errorPlace[unsure] - spreadPlace[unsure]) unsure = s;
  }
  if (spreadPlace[wrong] - errorPlace[wrong] > spread.length / 4) {
    sentences.push(`Slice ${wrong + 1} has the ${ordinal(errorPlace[wrong])} largest error but only the ${ordinal(spreadPlace[wrong])} largest spread: wrong without being unsure, which flips and shifts cannot reveal.`);
  }
  if (errorPlace[unsure] - spreadPlace[unsure] > spread.length / 4) {
    sentences.push(`Slice ${unsure + 1} has the ${ordinal(spreadPlace[unsure])} largest spread but only the ${ordinal(errorPlace[unsure])} largest error: unsure, yet right.`);
  }
  return sentences;
}
