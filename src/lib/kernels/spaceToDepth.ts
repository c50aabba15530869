import type { ConvGeometry } from './convGeometry';

/**
 * A 4×4 stride-2 convolution is a 2×2 stride-1 convolution of the input's space-to-depth rearrangement:
 * with a = 2p + u and b = 2q + v, y[i][j] = Σ x[2i+a−pt][2j+b−pl]·w[a][b] = Σ x'[i+p−pt/2][j+q−pl/2][(u,v)]·w'[p][q][(u,v)],
 * where x' holds the pixel (2i+u, 2j+v) of x in channel block 2u+v at (i, j). This gives the 2×2 layer's
 * geometry, or null when the rearrangement does not apply (other filters or strides, odd sides or padding)
 * or the 2×2 padding would fall outside 0–1. The rearrangement itself runs in the kernels' memory
 * (space_to_depth in wasm/winograd.c).
 */
export function spaceToDepthGeometry(g: ConvGeometry): ConvGeometry | null {
  if (g.filterHeight !== 4 || g.filterWidth !== 4 || g.strideHeight !== 2 || g.strideWidth !== 2) return null;
  if (g.inHeight % 2 !== 0 || g.inWidth % 2 !== 0 || g.padTop % 2 !== 0 || g.padLeft % 2 !== 0) return null;
  const inHeight = g.inHeight / 2, inWidth = g.inWidth / 2, padTop = g.padTop / 2, padLeft = g.padLeft / 2;
  const padBottom = g.outHeight + 1 - inHeight - padTop, padRight = g.outWidth + 1 - inWidth - padLeft;
  if (padBottom < 0 || padBottom > 1 || padRight < 0 || padRight > 1) return null;
  return {
    ...g, inHeight, inWidth, inChannels: 4 * g.inChannels, filterHeight: 2, filterWidth: 2, strideHeight: 1, strideWidth: 1,
    padTop, padBottom, padLeft, padRight,
  };
}

/** A 4×4 filter [4,4,C,Co] → the 2×2 filter [2,2,4C,Co] of the space-to-depth form. */
export function spaceToDepthFilter(w: Float32Array, c: number, co: number): Float32Array {
  const out = new Float32Array(w.length);
  for (let a = 0; a < 4; a++) {
    for (let b = 0; b < 4; b++) {
      const p = a >> 1, u = a & 1, q = b >> 1, v = b & 1;
      const src = (a * 4 + b) * c * co;
      const dst = ((p * 2 + q) * 4 * c + (u * 2 + v) * c) * co;
      out.set(w.subarray(src, src + c * co), dst);
    }
  }
  return out;
}

/** The inverse of `spaceToDepthFilter`: a 2×2 filter (gradient) [2,2,4C,Co] of the space-to-depth form → [4,4,C,Co]. */
export function depthToSpaceFilter(w: Float32Array, c: number, co: number): Float32Array {
  const out = new Float32Array(w.length);
  for (let a = 0; a < 4; a++) {
    for (let b = 0; b < 4; b++) {
      const p = a >> 1, u = a & 1, q = b >> 1, v = b & 1;
      const src = ((p * 2 + q) * 4 * c + (u * 2 + v) * c) * co;
      out.set(w.subarray(src, src + c * co), (a * 4 + b) * c * co);
    }
  }
  return out;
}
