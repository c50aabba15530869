/**
 * Clears, in place, every 4-connected foreground component of a binary [height·width] image that
 * touches the image border (what "drop border-touching components" does to outside air).
 * `queue` (length ≥ width·height) may be passed to avoid an allocation per call.
 */
export function removeBorderComponents(binary: Uint8Array, width: number, height: number, queue?: Int32Array): void {
  const q = queue ?? new Int32Array(width * height);
  let head = 0;
  let tail = 0;
  const seed = (k: number): void => {
    if (binary[k] === 1) {
      binary[k] = 0;
      q[tail++] = k;
    }
  };
  for (let i = 0; i < width; i++) {
    seed(i);
    seed((height - 1) * width + i);
  }
  for (let j = 0; j < height; j++) {
    seed(j * width);
    seed(j * width + width - 1);
  }
  while (head < tail) {
    const k = q[head++];
    const i = k % width;
    if (i > 0) seed(k - 1);
    if (i < width - 1) seed(k + 1);
    if (k >= width) seed(k - width);
    if (k < (height - 1) * width) seed(k + width);
  }
}
