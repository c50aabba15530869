/*
 * 3x3 stride-1 convolutions (any padding of 0-2 pixels: 'same', 'valid', the input gradient's) by
 * Winograd's minimal filtering F(2x2, 3x3)
 * (Lavin & Gray, "Fast Algorithms for Convolutional Neural Networks", CVPR 2016), WebAssembly SIMD128.
 * Built with convGrad.c into one module by scripts/buildWasm.ts; loaded by ../wasmConv.ts.
 *
 * Each 2x2 block of outputs comes from a 4x4 input tile: V = B^T d B (adds only), then per tile
 * position xi in 0..15 a matrix product M[xi] (tiles x Co) = V[xi] (tiles x Ci) * U[xi] (Ci x Co)
 * with U = G g G^T the transformed filter, then Y = A^T M A (adds only), plus bias and ReLU. That is
 * 16 multiplications per 2x2 outputs and channel pair instead of 36 (2.25x fewer).
 *
 * x [N,H,W,Ci] and y [N,OH,OW,Co] are NHWC, y[i][j] = sum over a, b of x[i+a-pt][j+b-pl] * g[a][b]; u [16][Ci][Cop] (Cop = Co rounded up to 4, lanes past Co
 * zero); bias [Cop] or 0; scratch v [16][TB][Ci] and m [16][TB][Cop] per calling thread (TB tiles
 * at a time, so that both stay in the cache). No stack and no static data, like convGrad.c.
 */
#include <wasm_simd128.h>

#ifdef RELAXED
/* See convGrad.c: the build rewrites this prototype instruction to the standard relaxed_madd. */
#define MADD(acc, a, b) __builtin_wasm_fma_f32x4((a), (b), (acc))
#else
#define MADD(acc, a, b) wasm_f32x4_add((acc), wasm_f32x4_mul((a), (b)))
#endif
#define EXPORT(name) __attribute__((export_name(name)))

#define TB 32

/*
 * u = G g G^T for every (ci, co) of a 3x3 filter, written as u[16][Ci][Cop]. flip = 0: g is the layer's
 * own filter [3,3,Ci,Co]. flip = 1: the filter of the input gradient, which is the convolution of dy by
 * the layer's filter rotated by 180 degrees with its channels swapped; g is then the layer's filter
 * [3,3,Co,Ci] (Ci here = the layer's output channels) and is read rotated and swapped in place.
 */
EXPORT("wino_filter")
void wino_filter(const float *g, float *u, int Ci, int Co, int flip) {
  const int cop = (Co + 3) & ~3;
  for (int ci = 0; ci < Ci; ci++) {
    for (int co = 0; co < cop; co++) {
      float k[3][3];
      for (int a = 0; a < 3; a++)
        for (int b = 0; b < 3; b++)
          k[a][b] = co >= Co ? 0.0f : flip ? g[(((2 - a) * 3 + (2 - b)) * Co + co) * Ci + ci] : g[((a * 3 + b) * Ci + ci) * Co + co];
      float t[4][3];
      for (int b = 0; b < 3; b++) {
        t[0][b] = k[0][b];
        t[1][b] = 0.5f * (k[0][b] + k[1][b] + k[2][b]);
        t[2][b] = 0.5f * (k[0][b] - k[1][b] + k[2][b]);
        t[3][b] = k[2][b];
      }
      for (int r = 0; r < 4; r++) {
        float q[4];
        q[0] = t[r][0];
        q[1] = 0.5f * (t[r][0] + t[r][1] + t[r][2]);
        q[2] = 0.5f * (t[r][0] - t[r][1] + t[r][2]);
        q[3] = t[r][2];
        for (int c = 0; c < 4; c++) u[((r * 4 + c) * Ci + ci) * cop + co] = q[c];
      }
    }
  }
}

/*
 * V = B^T d B for the tiles t0 … t0+nt−1 of one image (tile t covers outputs step·(t / TW) and step·(t % TW)
 * on, step = 2 for 3x3 filters and 3 for 2x2), into v [16][TB][Ci]; a tile reads input rows from
 * step·(t / TW) − pt on, zero outside the image.
 */
static void input_tiles(const float *x, float *v, int H, int W, int Ci, int TW, int t0, int nt, int pt, int pl, int step) {
  for (int k = 0; k < nt; k++) {
    const int t = t0 + k, ty = t / TW, tx = t % TW;
    const int h0 = step * ty - pt, w0 = step * tx - pl;
    int ok = 0;
    for (int r = 0; r < 4; r++)
      for (int c = 0; c < 4; c++)
        if (h0 + r >= 0 && h0 + r < H && w0 + c >= 0 && w0 + c < W) ok |= 1 << (r * 4 + c);
    const float *base = x + ((long)h0 * W + w0) * Ci;
    int ci = 0;
    for (; ci + 4 <= Ci; ci += 4) {
      v128_t d[4][4];
      for (int r = 0; r < 4; r++)
        for (int c = 0; c < 4; c++)
          d[r][c] = (ok >> (r * 4 + c) & 1) ? wasm_v128_load(base + ((long)r * W + c) * Ci + ci) : wasm_f32x4_splat(0.0f);
      v128_t t4[4][4];
      for (int c = 0; c < 4; c++) {
        t4[0][c] = wasm_f32x4_sub(d[0][c], d[2][c]);
        t4[1][c] = wasm_f32x4_add(d[1][c], d[2][c]);
        t4[2][c] = wasm_f32x4_sub(d[2][c], d[1][c]);
        t4[3][c] = wasm_f32x4_sub(d[1][c], d[3][c]);
      }
      for (int r = 0; r < 4; r++) {
        float *vp = v + ((long)(r * 4) * TB + k) * Ci + ci;
        const long xs = (long)TB * Ci;
        wasm_v128_store(vp, wasm_f32x4_sub(t4[r][0], t4[r][2]));
        wasm_v128_store(vp + xs, wasm_f32x4_add(t4[r][1], t4[r][2]));
        wasm_v128_store(vp + 2 * xs, wasm_f32x4_sub(t4[r][2], t4[r][1]));
        wasm_v128_store(vp + 3 * xs, wasm_f32x4_sub(t4[r][1], t4[r][3]));
      }
    }
    for (; ci < Ci; ci++) {
      float d[4][4], t4[4][4];
      for (int r = 0; r < 4; r++)
        for (int c = 0; c < 4; c++) d[r][c] = (ok >> (r * 4 + c) & 1) ? base[((long)r * W + c) * Ci + ci] : 0.0f;
      for (int c = 0; c < 4; c++) {
        t4[0][c] = d[0][c] - d[2][c];
        t4[1][c] = d[1][c] + d[2][c];
        t4[2][c] = d[2][c] - d[1][c];
        t4[3][c] = d[1][c] - d[3][c];
      }
      for (int r = 0; r < 4; r++) {
        float *vp = v + ((long)(r * 4) * TB + k) * Ci + ci;
        const long xs = (long)TB * Ci;
        vp[0] = t4[r][0] - t4[r][2];
        vp[xs] = t4[r][1] + t4[r][2];
        vp[2 * xs] = t4[r][2] - t4[r][1];
        vp[3 * xs] = t4[r][1] - t4[r][3];
      }
    }
  }
}

/* m[t][o … o+4·NV) = Σ_ci v[t][ci] · u[ci][o …] for NT tiles and NV vectors of 4 output channels (register tile). */
#define DEFINE_GEMM(NT, NV)                                                                   \
  static inline void gemm_##NT##_##NV(const float *vp, const float *up, float *mp, int Ci, int cop) { \
    v128_t acc[NT][NV];                                                                       \
    for (int t = 0; t < NT; t++)                                                              \
      for (int q = 0; q < NV; q++) acc[t][q] = wasm_f32x4_splat(0.0f);                        \
    for (int ci = 0; ci < Ci; ci++) {                                                         \
      v128_t w[NV];                                                                           \
      for (int q = 0; q < NV; q++) w[q] = wasm_v128_load(up + 4 * q);                         \
      for (int t = 0; t < NT; t++) {                                                          \
        v128_t s = wasm_v128_load32_splat(vp + t * Ci);                                       \
        for (int q = 0; q < NV; q++) acc[t][q] = MADD(acc[t][q], s, w[q]);                   \
      }                                                                                       \
      vp += 1;                                                                                \
      up += cop;                                                                              \
    }                                                                                         \
    for (int t = 0; t < NT; t++)                                                              \
      for (int q = 0; q < NV; q++) wasm_v128_store(mp + t * cop + 4 * q, acc[t][q]);          \
  }
#define DEFINE_GEMMS(NT) DEFINE_GEMM(NT, 1) DEFINE_GEMM(NT, 2) DEFINE_GEMM(NT, 3)
DEFINE_GEMMS(1)
DEFINE_GEMMS(2)
DEFINE_GEMMS(3)
DEFINE_GEMMS(4)

#define GEMM_NV(NT, nv)                                         \
  switch (nv) {                                                 \
    case 1: gemm_##NT##_1(vp, up, mp, Ci, cop); break;          \
    case 2: gemm_##NT##_2(vp, up, mp, Ci, cop); break;          \
    default: gemm_##NT##_3(vp, up, mp, Ci, cop); break;         \
  }

static void gemm(int nt, int nv, const float *vp, const float *up, float *mp, int Ci, int cop) {
  switch (nt) {
    case 1: GEMM_NV(1, nv); break;
    case 2: GEMM_NV(2, nv); break;
    case 3: GEMM_NV(3, nv); break;
    default: GEMM_NV(4, nv); break;
  }
}

static inline void store_lanes(float *p, v128_t val, int left) {
  if (left >= 4) {
    wasm_v128_store(p, val);
    return;
  }
  p[0] = wasm_f32x4_extract_lane(val, 0);
  if (left > 1) p[1] = wasm_f32x4_extract_lane(val, 1);
  if (left > 2) p[2] = wasm_f32x4_extract_lane(val, 2);
}

/* Y = A^T M A for the tiles t0 … t0+nt−1, plus bias, then ReLU if asked; outputs past the image's edge are not written. */
static void output_tiles(const float *m, float *y, const float *bias, int relu, int OH, int OW, int Co, int cop, int TW, int t0, int nt) {
  const long xs = (long)TB * cop;
  for (int k = 0; k < nt; k++) {
    const int t = t0 + k, ty = t / TW, tx = t % TW;
    const int oh = 2 * ty, ow = 2 * tx;
    const int rows = oh + 1 < OH ? 2 : 1, cols = ow + 1 < OW ? 2 : 1;
    for (int co = 0; co < cop; co += 4) {
      const float *mp = m + (long)k * cop + co;
      v128_t s[2][4];
      for (int c = 0; c < 4; c++) {
        v128_t m0 = wasm_v128_load(mp + (0 * 4 + c) * xs), m1 = wasm_v128_load(mp + (1 * 4 + c) * xs);
        v128_t m2 = wasm_v128_load(mp + (2 * 4 + c) * xs), m3 = wasm_v128_load(mp + (3 * 4 + c) * xs);
        s[0][c] = wasm_f32x4_add(wasm_f32x4_add(m0, m1), m2);
        s[1][c] = wasm_f32x4_sub(wasm_f32x4_sub(m1, m2), m3);
      }
      const v128_t b = bias ? wasm_v128_load(bias + co) : wasm_f32x4_splat(0.0f);
      const v128_t zero = wasm_f32x4_splat(0.0f);
      for (int r = 0; r < 2; r++) {
        if (r >= rows) break;
        const v128_t a0 = r ? s[1][0] : s[0][0], a1 = r ? s[1][1] : s[0][1], a2 = r ? s[1][2] : s[0][2], a3 = r ? s[1][3] : s[0][3];
        v128_t o0 = wasm_f32x4_add(wasm_f32x4_add(wasm_f32x4_add(a0, a1), a2), b);
        v128_t o1 = wasm_f32x4_add(wasm_f32x4_sub(wasm_f32x4_sub(a1, a2), a3), b);
        if (relu) { o0 = wasm_f32x4_max(o0, zero); o1 = wasm_f32x4_max(o1, zero); }
        float *yp = y + ((long)(oh + r) * OW + ow) * Co + co;
        store_lanes(yp, o0, Co - co);
        if (cols > 1) store_lanes(yp + Co, o1, Co - co);
      }
    }
  }
}

/*
 * F(3x3, 2x2), the dual of F(2x2, 3x3): the same input transform B^T d B over 4x4 tiles (now 3 apart),
 * the filter transform A h A^T of a 2x2 filter, and the output transform G^T M G (3x3 outputs per tile).
 * 16 multiplications per 3x3 outputs and channel pair instead of 36. It serves the 2x2 convolutions of
 * the course's strided input gradients (sub-pixel form, ../conv2dBackpropInput.ts).
 */

/* u = A h A^T for every (ci, co) of a 2x2 filter h [2,2,Ci,Co], written as u[16][Ci][Cop]. */
EXPORT("wino_filter2")
void wino_filter2(const float *h, float *u, int Ci, int Co) {
  const int cop = (Co + 3) & ~3;
  for (int ci = 0; ci < Ci; ci++) {
    for (int co = 0; co < cop; co++) {
      float k00 = 0.0f, k01 = 0.0f, k10 = 0.0f, k11 = 0.0f;
      if (co < Co) {
        k00 = h[(0 * Ci + ci) * Co + co];
        k01 = h[(1 * Ci + ci) * Co + co];
        k10 = h[(2 * Ci + ci) * Co + co];
        k11 = h[(3 * Ci + ci) * Co + co];
      }
      /* Rows of A h: h0, h0 + h1, h0 − h1, −h1; then the same along each row. */
      const float t[4][2] = {{k00, k01}, {k00 + k10, k01 + k11}, {k00 - k10, k01 - k11}, {-k10, -k11}};
      for (int r = 0; r < 4; r++) {
        float *up = u + ((long)(r * 4) * Ci + ci) * cop + co;
        const long xs = (long)Ci * cop;
        up[0] = t[r][0];
        up[xs] = t[r][0] + t[r][1];
        up[2 * xs] = t[r][0] - t[r][1];
        up[3 * xs] = -t[r][1];
      }
    }
  }
}

/* Y = G^T M G (3x3 outputs) for the tiles t0 … t0+nt−1, plus bias, then ReLU if asked; outputs past the edge are not written. */
static void output_tiles3(const float *m, float *y, const float *bias, int relu, int OH, int OW, int Co, int cop, int TW, int t0, int nt) {
  const long xs = (long)TB * cop;
  const v128_t half = wasm_f32x4_splat(0.5f), zero = wasm_f32x4_splat(0.0f);
  for (int k = 0; k < nt; k++) {
    const int t = t0 + k, oh = 3 * (t / TW), ow = 3 * (t % TW);
    const int rows = OH - oh < 3 ? OH - oh : 3, cols = OW - ow < 3 ? OW - ow : 3;
    for (int co = 0; co < cop; co += 4) {
      const float *mp = m + (long)k * cop + co;
      /* G^T rows: [1, .5, .5, 0], [0, .5, −.5, 0], [0, .5, .5, 1]. */
      v128_t s0[4], s1[4], s2[4];
      for (int c = 0; c < 4; c++) {
        const v128_t m0 = wasm_v128_load(mp + (0 * 4 + c) * xs), m1 = wasm_v128_load(mp + (1 * 4 + c) * xs);
        const v128_t m2 = wasm_v128_load(mp + (2 * 4 + c) * xs), m3 = wasm_v128_load(mp + (3 * 4 + c) * xs);
        const v128_t sum = wasm_f32x4_mul(half, wasm_f32x4_add(m1, m2));
        s0[c] = wasm_f32x4_add(m0, sum);
        s1[c] = wasm_f32x4_mul(half, wasm_f32x4_sub(m1, m2));
        s2[c] = wasm_f32x4_add(sum, m3);
      }
      const v128_t b = bias ? wasm_v128_load(bias + co) : zero;
      for (int r = 0; r < 3; r++) {
        if (r >= rows) break;
        const v128_t *q = r == 0 ? s0 : r == 1 ? s1 : s2;
        const v128_t sum = wasm_f32x4_mul(half, wasm_f32x4_add(q[1], q[2]));
        v128_t o0 = wasm_f32x4_add(wasm_f32x4_add(q[0], sum), b);
        v128_t o1 = wasm_f32x4_add(wasm_f32x4_mul(half, wasm_f32x4_sub(q[1], q[2])), b);
        v128_t o2 = wasm_f32x4_add(wasm_f32x4_add(sum, q[3]), b);
        if (relu) { o0 = wasm_f32x4_max(o0, zero); o1 = wasm_f32x4_max(o1, zero); o2 = wasm_f32x4_max(o2, zero); }
        float *yp = y + ((long)(oh + r) * OW + ow) * Co + co;
        store_lanes(yp, o0, Co - co);
        if (cols > 1) store_lanes(yp + Co, o1, Co - co);
        if (cols > 2) store_lanes(yp + 2 * Co, o2, Co - co);
      }
    }
  }
}

/*
 * The images n0 <= n < n1 of the batch (one share per thread, each with its own v and m), for an r x r
 * filter: r = 3 by F(2x2, 3x3), r = 2 by F(3x3, 2x2) (u from wino_filter2).
 */
EXPORT("wino_conv")
void wino_conv(const float *x, const float *u, const float *bias, float *y, float *v, float *m, int n0, int n1, int H, int W,
               int Ci, int OH, int OW, int Co, int pt, int pl, int relu, int r) {
  const int cop = (Co + 3) & ~3;
  const int step = r == 3 ? 2 : 3;
  const int TH = (OH + step - 1) / step, TW = (OW + step - 1) / step, T = TH * TW;
  for (int n = n0; n < n1; n++) {
    const float *xn = x + (long)n * H * W * Ci;
    float *yn = y + (long)n * OH * OW * Co;
    for (int t0 = 0; t0 < T; t0 += TB) {
      const int nt = T - t0 < TB ? T - t0 : TB;
      input_tiles(xn, v, H, W, Ci, TW, t0, nt, pt, pl, step);
      for (int xi = 0; xi < 16; xi++) {
        const float *vx = v + (long)xi * TB * Ci;
        const float *ux = u + (long)xi * Ci * cop;
        float *mx = m + (long)xi * TB * cop;
        for (int t = 0; t < nt; t += 4) {
          const int ntt = nt - t < 4 ? nt - t : 4;
          for (int o = 0; o < cop; o += 12) {
            const int nv = (cop - o) / 4 < 3 ? (cop - o) / 4 : 3;
            gemm(ntt, nv, vx + (long)t * Ci, ux + o, mx + (long)t * cop + o, Ci, cop);
          }
        }
      }
      if (r == 3) output_tiles(m, yn, bias, relu, OH, OW, Co, cop, TW, t0, nt);
      else output_tiles3(m, yn, bias, relu, OH, OW, Co, cop, TW, t0, nt);
    }
  }
}

/*
 * Filter gradient of the same 3x3 'same' layers, by the transpose of the forward algorithm: with
 * y = A^T [U . V] A per tile and U = G g G^T, dL/dg = G^T [ sum over tiles of V . (A dY A^T) ] G, where
 * dY is the tile's 2x2 block of dy (zero past the image's edge). Per tile position xi that sum is a
 * matrix product Uh[xi] (Ci x Co) += V[xi]^T (Ci x tiles) * Dh[xi] (tiles x Co); the 3x3 filter comes
 * out of Uh once at the end (wino_filter_grad_out). 16 multiplications per 2x2 block and channel pair
 * instead of 36.
 */

/* A vector of the floats p[0 … left−1] (left < 4: the rest zero). */
static inline v128_t load_lanes(const float *p, int left) {
  if (left >= 4) return wasm_v128_load(p);
  return wasm_f32x4_make(p[0], left > 1 ? p[1] : 0.0f, left > 2 ? p[2] : 0.0f, 0.0f);
}

/* Dh = A dY A^T for the tiles t0 … t0+nt−1 of one image's dy [OH,OW,Co], into dh [16][TB][Cop]. */
static void dy_tiles(const float *dy, float *dh, int OH, int OW, int Co, int cop, int TW, int t0, int nt) {
  const long xs = (long)TB * cop;
  const v128_t zero = wasm_f32x4_splat(0.0f);
  for (int k = 0; k < nt; k++) {
    const int t = t0 + k, oh = 2 * (t / TW), ow = 2 * (t % TW);
    const int down = oh + 1 < OH, right = ow + 1 < OW;
    const float *row0 = dy + ((long)oh * OW + ow) * Co, *row1 = row0 + (long)OW * Co;
    for (int co = 0; co < cop; co += 4) {
      const int left = Co - co;
      const v128_t y00 = load_lanes(row0 + co, left), y01 = right ? load_lanes(row0 + Co + co, left) : zero;
      const v128_t y10 = down ? load_lanes(row1 + co, left) : zero, y11 = down && right ? load_lanes(row1 + Co + co, left) : zero;
      /* Rows of A dY: y0, y0 + y1, y0 − y1, −y1 (y0, y1 the rows of dY); then the same along each row. */
      const v128_t r0[2] = {y00, y01};
      const v128_t r1[2] = {wasm_f32x4_add(y00, y10), wasm_f32x4_add(y01, y11)};
      const v128_t r2[2] = {wasm_f32x4_sub(y00, y10), wasm_f32x4_sub(y01, y11)};
      const v128_t r3[2] = {wasm_f32x4_neg(y10), wasm_f32x4_neg(y11)};
      const v128_t *rows[4] = {r0, r1, r2, r3};
      float *dp = dh + (long)k * cop + co;
      for (int r = 0; r < 4; r++) {
        const v128_t a = rows[r][0], b = rows[r][1];
        wasm_v128_store(dp + (r * 4 + 0) * xs, a);
        wasm_v128_store(dp + (r * 4 + 1) * xs, wasm_f32x4_add(a, b));
        wasm_v128_store(dp + (r * 4 + 2) * xs, wasm_f32x4_sub(a, b));
        wasm_v128_store(dp + (r * 4 + 3) * xs, wasm_f32x4_neg(b));
      }
    }
  }
}

/* uh[c][o …] += Σ_k v[k][c] · dh[k][o …] over nt tiles, for NCI input channels and NV vectors of output channels. */
#define DEFINE_GRAD_TILE(NCI, NV)                                                                       \
  static inline void grad_tile_##NCI##_##NV(const float *vp, const float *dp, float *up, int nt, int Ci, int cop) { \
    v128_t acc[NCI][NV];                                                                                \
    for (int c = 0; c < NCI; c++)                                                                       \
      for (int q = 0; q < NV; q++) acc[c][q] = wasm_v128_load(up + c * cop + 4 * q);                   \
    for (int k = 0; k < nt; k++) {                                                                      \
      v128_t d[NV];                                                                                     \
      for (int q = 0; q < NV; q++) d[q] = wasm_v128_load(dp + 4 * q);                                   \
      for (int c = 0; c < NCI; c++) {                                                                   \
        const v128_t s = wasm_v128_load32_splat(vp + c);                                                \
        for (int q = 0; q < NV; q++) acc[c][q] = MADD(acc[c][q], s, d[q]);                             \
      }                                                                                                 \
      vp += Ci;                                                                                         \
      dp += cop;                                                                                        \
    }                                                                                                   \
    for (int c = 0; c < NCI; c++)                                                                       \
      for (int q = 0; q < NV; q++) wasm_v128_store(up + c * cop + 4 * q, acc[c][q]);                   \
  }
#define DEFINE_GRAD_TILES(NCI) DEFINE_GRAD_TILE(NCI, 1) DEFINE_GRAD_TILE(NCI, 2) DEFINE_GRAD_TILE(NCI, 3)
DEFINE_GRAD_TILES(1)
DEFINE_GRAD_TILES(2)
DEFINE_GRAD_TILES(3)
DEFINE_GRAD_TILES(4)

#define GRAD_NV(NCI, nv)                                                  \
  switch (nv) {                                                           \
    case 1: grad_tile_##NCI##_1(vp, dp, up, nt, Ci, cop); break;          \
    case 2: grad_tile_##NCI##_2(vp, dp, up, nt, Ci, cop); break;          \
    default: grad_tile_##NCI##_3(vp, dp, up, nt, Ci, cop); break;         \
  }

static void grad_tile(int nci, int nv, const float *vp, const float *dp, float *up, int nt, int Ci, int cop) {
  switch (nci) {
    case 1: GRAD_NV(1, nv); break;
    case 2: GRAD_NV(2, nv); break;
    case 3: GRAD_NV(3, nv); break;
    default: GRAD_NV(4, nv); break;
  }
}

/*
 * For 2x2 filters (the transposed F(3x3, 2x2)): dL/dh = A^T [sum over tiles of V . (G dY G^T)] A, with dY the
 * tile's 3x3 block of dy. Dh = G dY G^T for the tiles t0 … t0+nt−1, into dh [16][TB][Cop].
 */
static void dy_tiles3(const float *dy, float *dh, int OH, int OW, int Co, int cop, int TW, int t0, int nt) {
  const long xs = (long)TB * cop;
  const v128_t half = wasm_f32x4_splat(0.5f), zero = wasm_f32x4_splat(0.0f);
  for (int k = 0; k < nt; k++) {
    const int t = t0 + k, oh = 3 * (t / TW), ow = 3 * (t % TW);
    const int rows = OH - oh < 3 ? OH - oh : 3, cols = OW - ow < 3 ? OW - ow : 3;
    for (int co = 0; co < cop; co += 4) {
      const int left = Co - co;
      v128_t y[3][3];
      for (int r = 0; r < 3; r++)
        for (int c = 0; c < 3; c++)
          y[r][c] = r < rows && c < cols ? load_lanes(dy + ((long)(oh + r) * OW + ow + c) * Co + co, left) : zero;
      /* Rows of G dY: y0, (y0 + y1 + y2)/2, (y0 − y1 + y2)/2, y2; then the same along each row. */
      v128_t g[4][3];
      for (int c = 0; c < 3; c++) {
        const v128_t sum = wasm_f32x4_add(y[0][c], y[2][c]);
        g[0][c] = y[0][c];
        g[1][c] = wasm_f32x4_mul(half, wasm_f32x4_add(sum, y[1][c]));
        g[2][c] = wasm_f32x4_mul(half, wasm_f32x4_sub(sum, y[1][c]));
        g[3][c] = y[2][c];
      }
      float *dp = dh + (long)k * cop + co;
      for (int r = 0; r < 4; r++) {
        const v128_t sum = wasm_f32x4_add(g[r][0], g[r][2]);
        wasm_v128_store(dp + (r * 4 + 0) * xs, g[r][0]);
        wasm_v128_store(dp + (r * 4 + 1) * xs, wasm_f32x4_mul(half, wasm_f32x4_add(sum, g[r][1])));
        wasm_v128_store(dp + (r * 4 + 2) * xs, wasm_f32x4_mul(half, wasm_f32x4_sub(sum, g[r][1])));
        wasm_v128_store(dp + (r * 4 + 3) * xs, g[r][2]);
      }
    }
  }
}

/* dw [2,2,Ci,Cop] = A^T Uh A for every (ci, co), from uh [16][Ci][Cop] (the 2x2 filters' gradient). */
EXPORT("wino_filter_grad_out2")
void wino_filter_grad_out2(const float *uh, float *dw, int Ci, int Co) {
  const int cop = (Co + 3) & ~3;
  const long xs = (long)Ci * cop;
  for (int ci = 0; ci < Ci; ci++) {
    for (int co = 0; co < cop; co += 4) {
      const float *up = uh + (long)ci * cop + co;
      /* A^T rows: [1, 1, 1, 0], [0, 1, −1, −1]; first along rows (index r of xi = 4r + c). */
      v128_t t[2][4];
      for (int c = 0; c < 4; c++) {
        const v128_t u0 = wasm_v128_load(up + (0 * 4 + c) * xs), u1 = wasm_v128_load(up + (1 * 4 + c) * xs);
        const v128_t u2 = wasm_v128_load(up + (2 * 4 + c) * xs), u3 = wasm_v128_load(up + (3 * 4 + c) * xs);
        t[0][c] = wasm_f32x4_add(wasm_f32x4_add(u0, u1), u2);
        t[1][c] = wasm_f32x4_sub(wasm_f32x4_sub(u1, u2), u3);
      }
      for (int a = 0; a < 2; a++) {
        float *wp = dw + ((long)(a * 2) * Ci + ci) * cop + co;
        wasm_v128_store(wp, wasm_f32x4_add(wasm_f32x4_add(t[a][0], t[a][1]), t[a][2]));
        wasm_v128_store(wp + (long)Ci * cop, wasm_f32x4_sub(wasm_f32x4_sub(t[a][1], t[a][2]), t[a][3]));
      }
    }
  }
}

/*
 * Adds the images n0 <= n < n1 into uh [16][Ci][Cop] (zeroed by the caller) for an r x r filter (3, or 2 for
 * the space-to-depth form of 4x4 stride-2 layers); scratch v [16][TB][Ci], dh [16][TB][Cop].
 */
EXPORT("wino_filter_grad")
void wino_filter_grad(const float *x, const float *dy, float *uh, float *v, float *dh, int n0, int n1, int H, int W, int Ci,
                      int OH, int OW, int Co, int pt, int pl, int r) {
  const int cop = (Co + 3) & ~3;
  const int step = r == 3 ? 2 : 3;
  const int TH = (OH + step - 1) / step, TW = (OW + step - 1) / step, T = TH * TW;
  for (int n = n0; n < n1; n++) {
    const float *xn = x + (long)n * H * W * Ci, *dyn = dy + (long)n * OH * OW * Co;
    for (int t0 = 0; t0 < T; t0 += TB) {
      const int nt = T - t0 < TB ? T - t0 : TB;
      input_tiles(xn, v, H, W, Ci, TW, t0, nt, pt, pl, step);
      if (r == 3) dy_tiles(dyn, dh, OH, OW, Co, cop, TW, t0, nt);
      else dy_tiles3(dyn, dh, OH, OW, Co, cop, TW, t0, nt);
      for (int xi = 0; xi < 16; xi++) {
        const float *vx = v + (long)xi * TB * Ci, *dx = dh + (long)xi * TB * cop;
        float *ux = uh + (long)xi * Ci * cop;
        for (int c = 0; c < Ci; c += 4) {
          const int nci = Ci - c < 4 ? Ci - c : 4;
          for (int o = 0; o < cop; o += 12) {
            const int nv = (cop - o) / 4 < 3 ? (cop - o) / 4 : 3;
            grad_tile(nci, nv, vx + c, dx + o, ux + (long)c * cop + o, nt, Ci, cop);
          }
        }
      }
    }
  }
}

/* dw [3,3,Ci,Cop] = G^T Uh G for every (ci, co), from uh [16][Ci][Cop]; vectors of 4 output channels. */
EXPORT("wino_filter_grad_out")
void wino_filter_grad_out(const float *uh, float *dw, int Ci, int Co) {
  const int cop = (Co + 3) & ~3;
  const long xs = (long)Ci * cop;
  const v128_t half = wasm_f32x4_splat(0.5f);
  for (int ci = 0; ci < Ci; ci++) {
    for (int co = 0; co < cop; co += 4) {
      const float *up = uh + (long)ci * cop + co;
      /* G^T rows: [1, .5, .5, 0], [0, .5, −.5, 0], [0, .5, .5, 1]; first along rows (index r of xi = 4r + c). */
      v128_t t[3][4];
      for (int c = 0; c < 4; c++) {
        const v128_t u0 = wasm_v128_load(up + (0 * 4 + c) * xs), u1 = wasm_v128_load(up + (1 * 4 + c) * xs);
        const v128_t u2 = wasm_v128_load(up + (2 * 4 + c) * xs), u3 = wasm_v128_load(up + (3 * 4 + c) * xs);
        const v128_t s = wasm_f32x4_mul(half, wasm_f32x4_add(u1, u2)), d = wasm_f32x4_mul(half, wasm_f32x4_sub(u1, u2));
        t[0][c] = wasm_f32x4_add(u0, s);
        t[1][c] = d;
        t[2][c] = wasm_f32x4_add(s, u3);
      }
      for (int a = 0; a < 3; a++) {
        const v128_t s = wasm_f32x4_mul(half, wasm_f32x4_add(t[a][1], t[a][2])), d = wasm_f32x4_mul(half, wasm_f32x4_sub(t[a][1], t[a][2]));
        float *wp = dw + ((long)(a * 3) * Ci + ci) * cop + co;
        wasm_v128_store(wp, wasm_f32x4_add(t[a][0], s));
        wasm_v128_store(wp + (long)Ci * cop, d);
        wasm_v128_store(wp + 2L * Ci * cop, wasm_f32x4_add(s, t[a][3]));
      }
    }
  }
}

/*
 * Space-to-depth for the 4x4 stride-2 layers (../spaceToDepth.ts): src [N,H,W,C] (H, W even) to
 * dst [N,H/2,W/2,4C], channel block 2u+v of pixel (i, j) holding src pixel (2i+u, 2j+v).
 */
EXPORT("space_to_depth")
void space_to_depth(const float *src, float *dst, int N, int H, int W, int C) {
  const int h2 = H / 2, w2 = W / 2;
  for (int n = 0; n < N; n++)
    for (int i = 0; i < h2; i++)
      for (int j = 0; j < w2; j++)
        for (int u = 0; u < 2; u++)
          for (int v = 0; v < 2; v++) {
            const float *s = src + (((long)n * H + 2 * i + u) * W + 2 * j + v) * C;
            int c = 0;
            for (; c + 4 <= C; c += 4) wasm_v128_store(dst + c, wasm_v128_load(s + c));
            for (; c < C; c++) dst[c] = s[c];
            dst += C;
          }
}
