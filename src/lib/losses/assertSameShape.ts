import { ShapeError } from '../errors';

/** Throws a ShapeError unless the target and prediction shapes agree element for element. */
export function assertSameShape(what: string, trueShape: readonly number[], predShape: readonly number[]): void {
  const same = trueShape.length === predShape.length && trueShape.every((d, i) => d === predShape[i]);
  if (!same) {
    throw new ShapeError(
      `Expected the prediction passed to ${what} to have the target's shape [${trueShape.join(', ')}], but got [${predShape.join(', ')}].`,
      'The model output must match the target: check the model was built for this image size and has one output channel.',
    );
  }
}

/** Throws a ShapeError unless two flat arrays have the same length and it is a whole number of height×width slices. */
export function assertSliceArrays(what: string, a: ArrayLike<number>, b: ArrayLike<number>, height: number, width: number): number {
  if (a.length !== b.length) {
    throw new ShapeError(
      `Expected the two arrays passed to ${what} to have the same length, but got ${a.length} and ${b.length}.`,
      'Pass the target and the prediction of the same slices.',
    );
  }
  const sliceSize = height * width;
  if (!(sliceSize > 0) || a.length % sliceSize !== 0) {
    throw new ShapeError(
      `Expected ${what} to receive whole ${height}×${width} slices, but the arrays have ${a.length} values.`,
      'Arrays are [N, height, width, 1] flattened row-major; check height and width.',
    );
  }
  return a.length / sliceSize;
}
