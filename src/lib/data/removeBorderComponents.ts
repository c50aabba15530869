/**
 * Clears, in place, every 4-connected foreground component of a binary [height·width] image that
 * touches the image border (what "drop border-touching components" does to outside air).
 * `queue` (length ≥ width·height) may be passed to avoid an allocation per call.
 */
export function removeBorderComponents(binary: Uint8Array, width: number, height: number, queue?: Int32Array): void {
  const q = queue ?? new Int32Array(width * height);
  let tail = 0;
  const last = (height - 1) * width;
  for (let i = 0; i < width; i++) {
    if (binary[i] === 1) {
      binary[i] = 0;
      q[tail++] = i;
    }
    if (binary[last + i] === 1) {
      binary[last + i] = 0;
      q[tail++] = last + i;
    }
  }
  for (let j = 1; j < height - 1; j++) {
    const a = j * width;
    const b = a + width - 1;
    if (binary[a] === 1) {
      binary[a] = 0;
      q[tail++] = a;
    }
    if (binary[b] === 1) {
      binary[b] = 0;
      q[tail++] = b;
    }
  }
  for (let head = 0; head < tail; head++) {
    const k = q[head];
    const i = k % width;
    // Clear on push, so each pixel enters the queue at most once.
    if (i > 0 && binary[k - 1] === 1) {
      binary[k - 1] = 0;
      q[tail++] = k - 1;
    }
    if (i < width - 1 && binary[k + 1] === 1) {
      binary[k + 1] = 0;
      q[tail++] = k + 1;
    }
    if (k >= width && binary[k - width] === 1) {
      binary[k - width] = 0;
      q[tail++] = k - width;
    }
    if (k < last && binary[k + width] === 1) {
      binary[k + width] = 0;
      q[tail++] = k + width;
    }
  }
}
