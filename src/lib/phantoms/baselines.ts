import { ShapeError } from '../errors';
import type { SplitArrays } from '../data/types';
import { removeBorderComponents } from '../data/removeBorderComponents';

/** Score of a rule-based lung segmentation on a test split (threshold chosen on the train split). */
export interface SegmentationBaselineResult {
  /** Pixels with HU below this are called lung. */
  threshold: number;
  /** Mean per-slice Dice (smoothed by 1 px: an empty truth and empty prediction score 1) over all slices. */
  meanDice: number;
  /** Mean per-slice Dice over slices whose truth holds lung, and over those that hold none (NaN if none). */
  meanDiceLungSlices: number;
  meanDiceEmptySlices: number;
  lungSlices: number;
  emptySlices: number;
}

/** Score of a per-pixel lookup-table translation (input value → median target value in that bin). */
export interface LutBaselineResult {
  bins: number;
  /** Mean absolute error over every pixel of every test slice, and over pixels inside the head only. */
  maeWholeSlice: number;
  maeInsideHead: number;
  /** The same errors for the identity (prediction = input), for reference. */
  identityMaeWholeSlice: number;
  identityMaeInsideHead: number;
}

function pixelsPerSlice(split: SplitArrays, name: string): number {
  const n = split.x.length / Math.max(1, split.count);
  if (!Number.isInteger(n) || split.y.length !== split.x.length) {
    throw new ShapeError(`Expected ${name}.x and ${name}.y to hold ${split.count} slices of equal size, but got ${split.x.length} and ${split.y.length} values.`, 'Pass a split straight from a LessonDataset.');
  }
  return n;
}

/** Smoothed Dice of one binary prediction slice against the truth slice that starts at `truthOffset`. */
export function sliceDice(prediction: ArrayLike<number>, truth: ArrayLike<number>, truthOffset = 0, smooth = 1): number {
  let both = 0;
  let p = 0;
  let t = 0;
  for (let k = 0; k < prediction.length; k++) {
    const a = prediction[k] > 0.5 ? 1 : 0;
    const b = truth[truthOffset + k] > 0.5 ? 1 : 0;
    both += a & b;
    p += a;
    t += b;
  }
  return (2 * both + smooth) / (p + t + smooth);
}

function summarise(threshold: number, dice: number[], hasLung: boolean[]): SegmentationBaselineResult {
  let all = 0;
  let lung = 0;
  let empty = 0;
  let lungCount = 0;
  for (let s = 0; s < dice.length; s++) {
    all += dice[s];
    if (hasLung[s]) {
      lung += dice[s];
      lungCount++;
    } else empty += dice[s];
  }
  const emptyCount = dice.length - lungCount;
  return {
    threshold,
    meanDice: all / Math.max(1, dice.length),
    meanDiceLungSlices: lungCount > 0 ? lung / lungCount : Number.NaN,
    meanDiceEmptySlices: emptyCount > 0 ? empty / emptyCount : Number.NaN,
    lungSlices: lungCount,
    emptySlices: emptyCount,
  };
}

/** Per-slice Dice of the rule "HU < threshold", optionally dropping border-touching components. */
function scoreRule(split: SplitArrays, n: number, width: number, threshold: number, components: boolean): SegmentationBaselineResult {
  const height = n / width;
  const pred = new Uint8Array(n);
  const queue = new Int32Array(n);
  const dice: number[] = [];
  const hasLung: boolean[] = [];
  for (let s = 0; s < split.count; s++) {
    const offset = s * n;
    let truthCount = 0;
    for (let k = 0; k < n; k++) {
      pred[k] = split.x[offset + k] < threshold ? 1 : 0;
      if (split.y[offset + k] > 0.5) truthCount++;
    }
    if (components) removeBorderComponents(pred, width, height, queue);
    dice.push(sliceDice(pred, split.y, offset));
    hasLung.push(truthCount > 0);
  }
  return summarise(threshold, dice, hasLung);
}

/** Picks the threshold with the best mean Dice on `train` by a coarse then a fine search over HU. */
function chooseThreshold(train: SplitArrays, n: number, width: number, components: boolean): number {
  let best = -400;
  let bestDice = -1;
  const tryThreshold = (t: number): void => {
    const d = scoreRule(train, n, width, t, components).meanDice;
    if (d > bestDice) {
      bestDice = d;
      best = t;
    }
  };
  for (let t = -1000; t <= 0; t += 50) tryThreshold(t);
  const coarse = best;
  for (let t = coarse - 40; t <= coarse + 40; t += 10) if (t !== coarse) tryThreshold(t);
  return best;
}

/** Baseline 1: "lung = HU below a threshold", the threshold fitted on train, scored on test. */
export function thresholdDice(train: SplitArrays, test: SplitArrays, width: number): SegmentationBaselineResult {
  const n = pixelsPerSlice(train, 'train');
  if (pixelsPerSlice(test, 'test') !== n) throw new ShapeError(`Expected test slices of ${n} pixels like train, but got ${pixelsPerSlice(test, 'test')}.`, 'Use splits of one dataset.');
  return scoreRule(test, n, width, chooseThreshold(train, n, width, false), false);
}

/** Baseline 2: threshold, then drop every component touching the border (outside air); fitted on train. */
export function thresholdComponentsDice(train: SplitArrays, test: SplitArrays, width: number): SegmentationBaselineResult {
  const n = pixelsPerSlice(train, 'train');
  if (pixelsPerSlice(test, 'test') !== n) throw new ShapeError(`Expected test slices of ${n} pixels like train, but got ${pixelsPerSlice(test, 'test')}.`, 'Use splits of one dataset.');
  return scoreRule(test, n, width, chooseThreshold(train, n, width, true), true);
}

/** A lookup table T1 → T2: `bins` equal bins over the training input range, each holding the median training target of its bin. */
export interface LookupTable {
  bins: number;
  /** Training input range the bins span. */
  lo: number;
  hi: number;
  table: Float32Array;
  binOf(value: number): number;
  /** The table's prediction for every value of `inputs` (a new array). */
  apply(inputs: ArrayLike<number>): Float32Array;
}

/** A fitted lookup table as plain data (no functions), so it can cross to the page and be applied there. */
export interface LookupTableValues {
  lo: number;
  hi: number;
  /** The T2 value of each of the equal bins over [lo, hi]. */
  values: Float32Array;
}

/** The bin of `value`: equal bins over [lo, hi], values outside clamped to the first or last bin. */
export function lookupBin(table: Pick<LookupTableValues, 'lo' | 'hi'> & { bins: number }, value: number): number {
  const { lo, hi, bins } = table;
  return Math.min(bins - 1, Math.max(0, Math.floor(((value - lo) / (hi - lo || 1)) * bins)));
}

/** The table's prediction for every value of `inputs` (a new Float32Array; `inputs` is not modified). */
export function applyLookupTable(table: LookupTableValues, inputs: ArrayLike<number>): Float32Array {
  const spec = { lo: table.lo, hi: table.hi, bins: table.values.length };
  const out = new Float32Array(inputs.length);
  for (let k = 0; k < inputs.length; k++) out[k] = table.values[lookupBin(spec, inputs[k])];
  return out;
}

/** Fits the lookup table of baseline 3 on a training split (empty bins borrow the nearest filled bin's value). */
export function fitLookupTable(train: SplitArrays, bins = 256): LookupTable {
  pixelsPerSlice(train, 'train');
  let lo = Infinity;
  let hi = -Infinity;
  let yLo = Infinity;
  let yHi = -Infinity;
  for (let k = 0; k < train.x.length; k++) {
    lo = Math.min(lo, train.x[k]);
    hi = Math.max(hi, train.x[k]);
    yLo = Math.min(yLo, train.y[k]);
    yHi = Math.max(yHi, train.y[k]);
  }
  const fine = 1024;
  const hist = new Uint32Array(bins * fine);
  const binOf = (v: number): number => lookupBin({ lo, hi, bins }, v);
  const fineOf = (v: number): number => Math.min(fine - 1, Math.max(0, Math.floor(((v - yLo) / (yHi - yLo || 1)) * fine)));
  for (let k = 0; k < train.x.length; k++) hist[binOf(train.x[k]) * fine + fineOf(train.y[k])]++;
  const table = new Float32Array(bins);
  for (let b = 0; b < bins; b++) {
    let total = 0;
    for (let f = 0; f < fine; f++) total += hist[b * fine + f];
    if (total === 0) {
      table[b] = Number.NaN;
      continue;
    }
    let acc = 0;
    let f = 0;
    while (acc + hist[b * fine + f] < total / 2) acc += hist[b * fine + f++];
    table[b] = yLo + ((f + 0.5) / fine) * (yHi - yLo);
  }
  // Empty bins borrow the nearest filled bin's value.
  for (let b = 0; b < bins; b++) {
    if (!Number.isNaN(table[b])) continue;
    for (let r = 1; r < bins; r++) {
      const v = !Number.isNaN(table[b - r] ?? Number.NaN) ? table[b - r] : table[b + r];
      if (v !== undefined && !Number.isNaN(v)) {
        table[b] = v;
        break;
      }
    }
  }
  return {
    bins, lo, hi, table, binOf,
    apply: (inputs) => applyLookupTable({ lo, hi, values: table }, inputs),
  };
}

/**
 * Baseline 3: a per-pixel lookup table from input (T1w) to target (T2w): `bins` equal bins over the
 * training input range, each predicting the median training target of its bin. `testHeadMask`
 * ([count·H·W], 1 inside the head) selects the pixels of the inside-head error; without it that error is NaN.
 */
export function lutBaseline(train: SplitArrays, test: SplitArrays, options: { bins?: number; testHeadMask?: Uint8Array } = {}): LutBaselineResult {
  const bins = options.bins ?? 256;
  pixelsPerSlice(test, 'test');
  const lut = fitLookupTable(train, bins);
  const table = lut.table;
  const binOf = lut.binOf;
  const mask = options.testHeadMask;
  if (mask !== undefined && mask.length !== test.x.length) {
    throw new ShapeError(`Expected testHeadMask to have ${test.x.length} values, but got ${mask.length}.`, 'Pass one mask value per test pixel.');
  }
  let lutAll = 0;
  let idAll = 0;
  let lutHead = 0;
  let idHead = 0;
  let headCount = 0;
  for (let k = 0; k < test.x.length; k++) {
    const eLut = Math.abs(table[binOf(test.x[k])] - test.y[k]);
    const eId = Math.abs(test.x[k] - test.y[k]);
    lutAll += eLut;
    idAll += eId;
    if (mask !== undefined && mask[k] === 1) {
      lutHead += eLut;
      idHead += eId;
      headCount++;
    }
  }
  const n = Math.max(1, test.x.length);
  return {
    bins,
    maeWholeSlice: lutAll / n,
    maeInsideHead: headCount > 0 ? lutHead / headCount : Number.NaN,
    identityMaeWholeSlice: idAll / n,
    identityMaeInsideHead: headCount > 0 ? idHead / headCount : Number.NaN,
  };
}
