/** Float64 reference convolutions (NHWC, filter [kh,kw,Ci,Co], dilation 1), written from the definitions. */

export interface RefGeometry {
  n: number; h: number; w: number; ci: number;
  kh: number; kw: number; co: number;
  s: number; pad: 'same' | 'valid';
  oh: number; ow: number; pt: number; pl: number;
}

/** TensorFlow's rules: valid o = ⌊(i−k)/s⌋+1; same o = ⌈i/s⌉ with the odd padding pixel at the end. */
export function refGeometry(n: number, h: number, w: number, ci: number, kh: number, kw: number, co: number, s: number, pad: 'same' | 'valid'): RefGeometry {
  if (pad === 'valid') {
    return { n, h, w, ci, kh, kw, co, s, pad, oh: Math.floor((h - kh) / s) + 1, ow: Math.floor((w - kw) / s) + 1, pt: 0, pl: 0 };
  }
  const oh = Math.ceil(h / s), ow = Math.ceil(w / s);
  const padH = Math.max((oh - 1) * s + kh - h, 0), padW = Math.max((ow - 1) * s + kw - w, 0);
  return { n, h, w, ci, kh, kw, co, s, pad, oh, ow, pt: Math.floor(padH / 2), pl: Math.floor(padW / 2) };
}

/** Calls `f(n,i,j,a,b,y,x)` for every output pixel (n,i,j) and tap (a,b) that reads input pixel (y,x) inside the image. */
function forEachTap(g: RefGeometry, f: (n: number, i: number, j: number, a: number, b: number, y: number, x: number) => void): void {
  for (let n = 0; n < g.n; n++)
    for (let i = 0; i < g.oh; i++)
      for (let j = 0; j < g.ow; j++)
        for (let a = 0; a < g.kh; a++) {
          const y = i * g.s + a - g.pt;
          if (y < 0 || y >= g.h) continue;
          for (let b = 0; b < g.kw; b++) {
            const x = j * g.s + b - g.pl;
            if (x >= 0 && x < g.w) f(n, i, j, a, b, y, x);
          }
        }
}

/** y[n,i,j,co] = Σ x[n, i·s+a−pt, j·s+b−pl, ci] · w[a,b,ci,co]. */
export function refConv2d(g: RefGeometry, x: ArrayLike<number>, w: ArrayLike<number>): Float64Array {
  const out = new Float64Array(g.n * g.oh * g.ow * g.co);
  forEachTap(g, (n, i, j, a, b, y, xx) => {
    const o = ((n * g.oh + i) * g.ow + j) * g.co, xi = ((n * g.h + y) * g.w + xx) * g.ci, wi = (a * g.kw + b) * g.ci * g.co;
    for (let c = 0; c < g.ci; c++) for (let d = 0; d < g.co; d++) out[o + d] += x[xi + c] * w[wi + c * g.co + d];
  });
  return out;
}

/** dW[a,b,ci,co] = Σ x[n, i·s+a−pt, j·s+b−pl, ci] · dy[n,i,j,co]. */
export function refBackpropFilter(g: RefGeometry, x: ArrayLike<number>, dy: ArrayLike<number>): Float64Array {
  const out = new Float64Array(g.kh * g.kw * g.ci * g.co);
  forEachTap(g, (n, i, j, a, b, y, xx) => {
    const o = ((n * g.oh + i) * g.ow + j) * g.co, xi = ((n * g.h + y) * g.w + xx) * g.ci, wi = (a * g.kw + b) * g.ci * g.co;
    for (let c = 0; c < g.ci; c++) for (let d = 0; d < g.co; d++) out[wi + c * g.co + d] += x[xi + c] * dy[o + d];
  });
  return out;
}

/** dx[n,y,x,ci] = Σ dy[n,i,j,co] · w[a,b,ci,co] over the taps that read (y,x). */
export function refBackpropInput(g: RefGeometry, dy: ArrayLike<number>, w: ArrayLike<number>): Float64Array {
  const out = new Float64Array(g.n * g.h * g.w * g.ci);
  forEachTap(g, (n, i, j, a, b, y, xx) => {
    const o = ((n * g.oh + i) * g.ow + j) * g.co, xi = ((n * g.h + y) * g.w + xx) * g.ci, wi = (a * g.kw + b) * g.ci * g.co;
    for (let c = 0; c < g.ci; c++) for (let d = 0; d < g.co; d++) out[xi + c] += dy[o + d] * w[wi + c * g.co + d];
  });
  return out;
}

/** Largest absolute difference divided by the largest absolute reference value. */
export function relativeError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  if (actual.length !== expected.length) throw new Error(`Length ${actual.length} ≠ ${expected.length}`);
  let maxDiff = 0, maxRef = 0;
  for (let i = 0; i < expected.length; i++) {
    maxDiff = Math.max(maxDiff, Math.abs(actual[i] - expected[i]));
    maxRef = Math.max(maxRef, Math.abs(expected[i]));
  }
  return maxDiff / Math.max(maxRef, 1e-12);
}
