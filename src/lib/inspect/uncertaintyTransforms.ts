/**
 * The test-time augmentations of the uncertainty view, on one [height, width] row-major slice: each
 * transform and its exact inverse. A shift moves the image by whole pixels, so no value is interpolated;
 * the rows or columns it brings in from outside are copied from the nearest edge on the way in, and are
 * marked invalid on the way back (the model never saw those pixels of the original slice).
 */

export type UncertaintyTransform =
  | { kind: 'identity' }
  | { kind: 'flip'; axis: 'horizontal' | 'vertical' }
  | { kind: 'shift'; rows: number; cols: number };

/** The transforms the view averages over: identity, both flips, and shifts of `shift` pixels along each axis. */
export function defaultTransforms(shift = 2): UncertaintyTransform[] {
  return [
    { kind: 'identity' },
    { kind: 'flip', axis: 'horizontal' },
    { kind: 'flip', axis: 'vertical' },
    { kind: 'shift', rows: shift, cols: 0 },
    { kind: 'shift', rows: -shift, cols: 0 },
    { kind: 'shift', rows: 0, cols: shift },
    { kind: 'shift', rows: 0, cols: -shift },
  ];
}

/** A transform in words, for the view's legend. */
export function describeTransform(t: UncertaintyTransform): string {
  if (t.kind === 'identity') return 'as it is';
  if (t.kind === 'flip') return t.axis === 'horizontal' ? 'flipped left–right' : 'flipped upside down';
  const parts = [t.rows !== 0 ? `${Math.abs(t.rows)} px ${t.rows > 0 ? 'down' : 'up'}` : '', t.cols !== 0 ? `${Math.abs(t.cols)} px ${t.cols > 0 ? 'right' : 'left'}` : ''];
  return `shifted ${parts.filter(Boolean).join(' and ')}`;
}

const clamp = (v: number, hi: number) => (v < 0 ? 0 : v > hi ? hi : v);

/** Where output pixel (r, c) of the transformed slice reads from in the original. */
function sourceOf(t: UncertaintyTransform, r: number, c: number, height: number, width: number): [number, number] {
  if (t.kind === 'identity') return [r, c];
  if (t.kind === 'flip') return t.axis === 'horizontal' ? [r, width - 1 - c] : [height - 1 - r, c];
  return [r - t.rows, c - t.cols];
}

/** The slice as the model sees it under `t`: a new array; a shift fills what it brings in from the nearest edge. */
export function applyTransform(t: UncertaintyTransform, slice: ArrayLike<number>, height: number, width: number): Float32Array {
  const out = new Float32Array(height * width);
  for (let r = 0; r < height; r++) {
    for (let c = 0; c < width; c++) {
      const [sr, sc] = sourceOf(t, r, c, height, width);
      out[r * width + c] = slice[clamp(sr, height - 1) * width + clamp(sc, width - 1)];
    }
  }
  return out;
}

/**
 * A model output under `t` mapped back onto the original slice's pixels: `values` (new) and `valid`
 * (1 where the original pixel was seen by the model under `t`; 0 on the border a shift pushed out, where
 * the value is 0). Flips are their own inverse and lose nothing.
 */
export function invertTransform(t: UncertaintyTransform, output: ArrayLike<number>, height: number, width: number): { values: Float32Array; valid: Uint8Array } {
  const values = new Float32Array(height * width);
  const valid = new Uint8Array(height * width);
  for (let r = 0; r < height; r++) {
    for (let c = 0; c < width; c++) {
      // Original pixel (r, c) landed at (r + rows, c + cols) under a shift; flips map back onto themselves.
      const [tr, tc] = t.kind === 'shift' ? [r + t.rows, c + t.cols] : sourceOf(t, r, c, height, width);
      if (tr < 0 || tc < 0 || tr >= height || tc >= width) continue;
      values[r * width + c] = output[tr * width + tc];
      valid[r * width + c] = 1;
    }
  }
  return { values, valid };
}
