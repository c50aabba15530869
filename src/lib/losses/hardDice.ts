import { assertSliceArrays } from './assertSameShape';

/** Count and mean hard Dice of a group of slices; mean is NaN when the group is empty. */
export interface DiceGroup {
  count: number;
  mean: number;
}

/** Per-slice hard Dice and its summary, as plain data. */
export interface HardDiceResult {
  /** Dice of each slice, in slice order. */
  perSlice: Float32Array;
  /** 1 where the target slice has any foreground, else 0. */
  hasForeground: Uint8Array;
  all: DiceGroup;
  /** Slices whose target contains foreground (e.g. lung). */
  withForeground: DiceGroup;
  /** Slices whose target is empty: their Dice is 1 when nothing is predicted and 0 otherwise. */
  withoutForeground: DiceGroup;
}

export interface HardDiceOptions {
  height: number;
  width: number;
  /** A pixel is predicted foreground when its probability is strictly above this. Default 0.5. */
  threshold?: number;
}

function group(values: Float32Array, take: (i: number) => boolean): DiceGroup {
  let count = 0;
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    if (!take(i)) continue;
    count++;
    sum += values[i];
  }
  return { count, mean: count > 0 ? sum / count : Number.NaN };
}

/**
 * Hard Dice per slice: prediction p > threshold and target t > 0.5 binarised, Dice = 2|T∩P| / (|T| + |P|).
 * A slice with an empty target and an empty prediction scores 1 (nothing to find, nothing found).
 * yTrue, yProb: [N, height, width, 1] flattened row-major (typed arrays or number arrays); not modified.
 */
export function hardDicePerSlice(yTrue: ArrayLike<number>, yProb: ArrayLike<number>, options: HardDiceOptions): HardDiceResult {
  const { height, width } = options;
  const threshold = options.threshold ?? 0.5;
  const slices = assertSliceArrays('hardDicePerSlice', yTrue, yProb, height, width);
  const sliceSize = height * width;
  const perSlice = new Float32Array(slices);
  const hasForeground = new Uint8Array(slices);
  for (let s = 0; s < slices; s++) {
    let truth = 0;
    let predicted = 0;
    let both = 0;
    const end = (s + 1) * sliceSize;
    for (let i = s * sliceSize; i < end; i++) {
      const t = yTrue[i] > 0.5;
      const p = yProb[i] > threshold;
      if (t) truth++;
      if (p) predicted++;
      if (t && p) both++;
    }
    hasForeground[s] = truth > 0 ? 1 : 0;
    perSlice[s] = truth + predicted === 0 ? 1 : (2 * both) / (truth + predicted);
  }
  return {
    perSlice,
    hasForeground,
    all: group(perSlice, () => true),
    withForeground: group(perSlice, (i) => hasForeground[i] === 1),
    withoutForeground: group(perSlice, (i) => hasForeground[i] === 0),
  };
}
