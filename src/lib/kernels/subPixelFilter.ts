/**
 * Rearranges a forward filter w [k,k,Ci,Co] (stride s) into the filter of the sub-pixel
 * transposed convolution: F [M,M,Co,s·s·Ci] with M = ⌈k/s⌉ and
 *   F[my,mx,co,(ry·s+rx)·Ci+c] = w[s·(M−1−my)+ry, s·(M−1−mx)+rx, c, co]   (0 where that tap is past k).
 * Convolving dy with F (stride 1, padding M−1 before) gives, in channel block (ry,rx), the input
 * gradient at rows ≡ ry and columns ≡ rx (mod s); DepthToSpace then interleaves the blocks.
 * Returns a new array the caller owns.
 */
export function toSubPixelFilter(w: ArrayLike<number>, kh: number, kw: number, ci: number, co: number, s: number): { values: Float32Array; m: number; shape: [number, number, number, number] } {
  const m = Math.ceil(Math.max(kh, kw) / s);
  const outC = s * s * ci;
  const values = new Float32Array(m * m * co * outC);
  for (let my = 0; my < m; my++) for (let ry = 0; ry < s; ry++) {
    const a = s * (m - 1 - my) + ry;
    if (a >= kh) continue;
    for (let mx = 0; mx < m; mx++) for (let rx = 0; rx < s; rx++) {
      const b = s * (m - 1 - mx) + rx;
      if (b >= kw) continue;
      const block = (ry * s + rx) * ci;
      for (let c = 0; c < ci; c++) {
        const src = ((a * kw + b) * ci + c) * co;
        for (let o = 0; o < co; o++) values[((my * m + mx) * co + o) * outC + block + c] = w[src + o];
      }
    }
  }
  return { values, m, shape: [m, m, co, outC] };
}
