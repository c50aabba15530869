/**
 * How sharp an image is, as one number: the root-mean-square of its intensity gradient (central
 * differences inside the image, in the image's units per pixel). Blurring spreads an edge over more
 * pixels with smaller steps; the plain mean of |gradient| would not notice (its sum is the total
 * change), the root-mean-square falls. So the ratio of a prediction's to its truth's says how much
 * of the edges survived.
 */
export function edgeStrength(values: ArrayLike<number>, width: number, height: number): number {
  if (values.length < width * height) throw new RangeError(`Expected ${width * height} values for a ${height}×${width} image, but got ${values.length}.`);
  if (width < 3 || height < 3) return 0;
  let sum = 0;
  for (let i = 1; i < height - 1; i++) {
    for (let j = 1; j < width - 1; j++) {
      const k = i * width + j;
      const gx = (values[k + 1] - values[k - 1]) / 2;
      const gy = (values[k + width] - values[k - width]) / 2;
      sum += gx * gx + gy * gy;
    }
  }
  return Math.sqrt(sum / ((width - 2) * (height - 2)));
}
