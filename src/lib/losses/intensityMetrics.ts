import { SettingsError, ShapeError } from '../errors';

function assertSameLength(what: string, a: ArrayLike<number>, b: ArrayLike<number>, names = 'target and prediction'): void {
  if (a.length !== b.length) {
    throw new ShapeError(
      `Expected the ${names} passed to ${what} to have the same length, but got ${a.length} and ${b.length}.`,
      'Pass arrays of the same slices, [N, height, width, 1] flattened row-major.',
    );
  }
}

/** Throws a SettingsError unless the data range is a positive finite number. */
export function assertDataRange(what: string, dataRange: number): void {
  if (!(dataRange > 0) || !Number.isFinite(dataRange)) {
    throw new SettingsError(
      `Expected the dataRange of ${what} to be a positive number, but got ${dataRange}.`,
      'Use the span of possible intensities, e.g. 1 for images scaled to [0, 1].',
    );
  }
}

/**
 * Running sums of prediction errors, fed batch by batch: MAE over every pixel, MAE inside a mask,
 * MSE and PSNR, pooled over everything added. The evaluation and the one-shot metrics below share it.
 */
export interface IntensityErrors {
  /** Adds pixels: arrays of equal length, [n, height, width, 1] flattened; `mask` > 0.5 marks pixels for maeInMask. Not modified. */
  add(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, mask?: ArrayLike<number>): void;
  readonly count: number;
  mae(): number;
  /** NaN when no masked pixel was added. */
  maeInMask(): number;
  mse(): number;
  /** 10·log10(dataRange² / MSE) in dB; Infinity when every prediction was exact. */
  psnr(dataRange: number): number;
}

export function createIntensityErrors(): IntensityErrors {
  let count = 0;
  let absSum = 0;
  let sqSum = 0;
  let maskedCount = 0;
  let maskedAbsSum = 0;
  return {
    add(yTrue, yPred, mask) {
      assertSameLength('the error sums', yTrue, yPred);
      if (mask) assertSameLength('the error sums', yTrue, mask, 'target and mask');
      for (let i = 0; i < yTrue.length; i++) {
        const d = yPred[i] - yTrue[i];
        const abs = Math.abs(d);
        absSum += abs;
        sqSum += d * d;
        if (mask && mask[i] > 0.5) {
          maskedAbsSum += abs;
          maskedCount++;
        }
      }
      count += yTrue.length;
    },
    get count() {
      return count;
    },
    mae: () => (count > 0 ? absSum / count : Number.NaN),
    maeInMask: () => (maskedCount > 0 ? maskedAbsSum / maskedCount : Number.NaN),
    mse: () => (count > 0 ? sqSum / count : Number.NaN),
    psnr(dataRange) {
      assertDataRange('psnr', dataRange);
      const mse = sqSum / count;
      return mse === 0 ? Number.POSITIVE_INFINITY : 10 * Math.log10((dataRange * dataRange) / mse);
    },
  };
}

/**
 * Mean |yPred − yTrue| over the pixels where mask > 0.5 (e.g. inside the head), pooled over all slices.
 * Arrays of equal length, [N, height, width, 1] flattened; not modified. NaN when the mask is empty.
 */
export function maeInMask(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, mask: ArrayLike<number>): number {
  assertSameLength('maeInMask', yTrue, yPred);
  assertSameLength('maeInMask', yTrue, mask, 'target and mask');
  const errors = createIntensityErrors();
  errors.add(yTrue, yPred, mask);
  return errors.maeInMask();
}

/**
 * Peak signal-to-noise ratio in dB over all values given: 10·log10(dataRange² / MSE).
 * Arrays of equal length (one slice or many, pooled); not modified. Infinity when they are identical.
 */
export function psnr(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, options: { dataRange: number }): number {
  assertSameLength('psnr', yTrue, yPred);
  assertDataRange('psnr', options.dataRange);
  if (yTrue.length === 0) throw new ShapeError('Expected psnr to receive at least one value, but got empty arrays.', 'Pass the pixels of one or more slices.');
  const errors = createIntensityErrors();
  errors.add(yTrue, yPred);
  return errors.psnr(options.dataRange);
}
