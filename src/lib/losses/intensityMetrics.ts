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
 * Mean |yPred − yTrue| over the pixels where mask > 0.5 (e.g. inside the head), pooled over all slices.
 * Arrays of equal length, [N, height, width, 1] flattened; not modified. NaN when the mask is empty.
 */
export function maeInMask(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, mask: ArrayLike<number>): number {
  assertSameLength('maeInMask', yTrue, yPred);
  assertSameLength('maeInMask', yTrue, mask, 'target and mask');
  let sum = 0;
  let count = 0;
  for (let i = 0; i < yTrue.length; i++) {
    if (!(mask[i] > 0.5)) continue;
    sum += Math.abs(yPred[i] - yTrue[i]);
    count++;
  }
  return count > 0 ? sum / count : Number.NaN;
}

/**
 * Peak signal-to-noise ratio in dB over all values given: 10·log10(dataRange² / MSE).
 * Arrays of equal length (one slice or many, pooled); not modified. Infinity when they are identical.
 */
export function psnr(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, options: { dataRange: number }): number {
  assertSameLength('psnr', yTrue, yPred);
  assertDataRange('psnr', options.dataRange);
  if (yTrue.length === 0) throw new ShapeError('Expected psnr to receive at least one value, but got empty arrays.', 'Pass the pixels of one or more slices.');
  let sum = 0;
  for (let i = 0; i < yTrue.length; i++) {
    const d = yPred[i] - yTrue[i];
    sum += d * d;
  }
  const mse = sum / yTrue.length;
  return mse === 0 ? Number.POSITIVE_INFINITY : 10 * Math.log10((options.dataRange * options.dataRange) / mse);
}
