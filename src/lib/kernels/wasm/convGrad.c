/*
 * Convolution filter gradient for the course's TensorFlow.js kernels, WebAssembly SIMD128.
 * Built by scripts/buildWasm.ts (clang --target=wasm32, no libc); loaded by ../wasmConv.ts.
 *
 * NHWC input x [N,H,W,Ci], output gradient dy [N,OH,OW,Co], filter gradient dw [KH,KW,Ci,Cop]
 * (Cop = Co rounded up to a multiple of 4; lanes past Co hold garbage and are dropped by the caller):
 *   dw[a,b,ci,co] = sum over n,i,j of x[n, a + sh*i - pt, b + sw*j - pl, ci] * dy[n,i,j,co]
 * Taps outside the image read zero (are skipped). For one output row i and one tap (a,b) the sum
 * over j is a small matrix product dw[a,b] (Ci x Co) += X^T (Ci x J) * DY (J x Co); it runs in
 * register tiles of up to 4 input channels x 12 output channels. Loads of dy may run up to 3
 * floats past the end of dy: the caller leaves that room.
 *
 * No function here uses the shadow stack or static data, so several instances may share one
 * memory (one per worker thread) as long as each works on its own output buffer.
 */
#include <wasm_simd128.h>

#ifdef RELAXED
/*
 * clang 14 (Debian 12) knows relaxed SIMD only as its 2021 prototype: this builtin emits the
 * prototype's opcode 0xfd 0xaf 0x01 (qfma, a + b*c). scripts/buildWasm.ts rewrites each of those
 * instructions, found by disassembly, to the standard f32x4.relaxed_madd (0xfd 0x85 0x02,
 * a*b + c), so the operands are passed in the standard's order: x * d + acc.
 */
#define MADD(acc, a, b) __builtin_wasm_fma_f32x4((a), (b), (acc))
#else
#define MADD(acc, a, b) wasm_f32x4_add((acc), wasm_f32x4_mul((a), (b)))
#endif

#define EXPORT(name) __attribute__((export_name(name)))

/* One register tile: NCI input channels x NCV vectors of 4 output channels, summed over J pixels. */
#define DEFINE_TILE(NCI, NCV)                                                                     \
  static inline void tile_##NCI##_##NCV(const float *xp, int xstep, const float *dyp, int dystep, \
                                        int J, float *dwp, int cop) {                           \
    v128_t acc[NCI][NCV];                                                                         \
    for (int c = 0; c < NCI; c++)                                                                 \
      for (int v = 0; v < NCV; v++) acc[c][v] = wasm_v128_load(dwp + c * cop + 4 * v);           \
    for (int j = 0; j < J; j++) {                                                                 \
      v128_t d[NCV];                                                                              \
      for (int v = 0; v < NCV; v++) d[v] = wasm_v128_load(dyp + 4 * v);                           \
      for (int c = 0; c < NCI; c++) {                                                             \
        v128_t xs = wasm_v128_load32_splat(xp + c);                                               \
        for (int v = 0; v < NCV; v++) acc[c][v] = MADD(acc[c][v], xs, d[v]);                      \
      }                                                                                           \
      xp += xstep;                                                                                \
      dyp += dystep;                                                                              \
    }                                                                                             \
    for (int c = 0; c < NCI; c++)                                                                 \
      for (int v = 0; v < NCV; v++) wasm_v128_store(dwp + c * cop + 4 * v, acc[c][v]);           \
  }

#define DEFINE_TILES(NCI) DEFINE_TILE(NCI, 1) DEFINE_TILE(NCI, 2) DEFINE_TILE(NCI, 3)
DEFINE_TILES(1)
DEFINE_TILES(2)
DEFINE_TILES(3)
DEFINE_TILES(4)

#define DISPATCH_NCV(NCI, nv)                                                 \
  switch (nv) {                                                               \
    case 1: tile_##NCI##_1(xp, xstep, dyp, dystep, J, dwp, cop); break;       \
    case 2: tile_##NCI##_2(xp, xstep, dyp, dystep, J, dwp, cop); break;       \
    default: tile_##NCI##_3(xp, xstep, dyp, dystep, J, dwp, cop); break;      \
  }

static void tile(int nci, int nv, const float *xp, int xstep, const float *dyp, int dystep, int J, float *dwp, int cop) {
  switch (nci) {
    case 1: DISPATCH_NCV(1, nv); break;
    case 2: DISPATCH_NCV(2, nv); break;
    case 3: DISPATCH_NCV(3, nv); break;
    default: DISPATCH_NCV(4, nv); break;
  }
}

static int ceil_div(int a, int b) { return a >= 0 ? (a + b - 1) / b : -((-a) / b); }
static int floor_div(int a, int b) { return a >= 0 ? a / b : -((-a + b - 1) / b); }

/* Adds the images n0 <= n < n1 of the batch into dw (which the caller has zeroed or holds a sum). */
EXPORT("filter_grad")
void filter_grad(const float *x, const float *dy, float *dw, int n0, int n1, int H, int W, int Ci, int OH, int OW,
                 int Co, int KH, int KW, int sh, int sw, int pt, int pl) {
  const int cop = (Co + 3) & ~3;
  const int xstep = sw * Ci;
  for (int n = n0; n < n1; n++) {
    for (int i = 0; i < OH; i++) {
      const float *dyrow = dy + ((long)(n * OH + i) * OW) * Co;
      for (int a = 0; a < KH; a++) {
        const int h = a + sh * i - pt;
        if (h < 0 || h >= H) continue;
        const float *xrow = x + ((long)(n * H + h) * W) * Ci;
        for (int b = 0; b < KW; b++) {
          /* Output columns j whose tap b reads inside the row: 0 <= b + sw*j - pl < W. */
          int jlo = ceil_div(pl - b, sw), jhi = floor_div(W - 1 + pl - b, sw);
          if (jlo < 0) jlo = 0;
          if (jhi > OW - 1) jhi = OW - 1;
          const int J = jhi - jlo + 1;
          if (J <= 0) continue;
          const float *xs = xrow + (b + sw * jlo - pl) * Ci;
          const float *dys = dyrow + jlo * Co;
          float *dwab = dw + (a * KW + b) * Ci * cop;
          for (int c = 0; c < Ci; c += 4) {
            const int nci = Ci - c < 4 ? Ci - c : 4;
            for (int o = 0; o < cop; o += 12) {
              const int nv = (cop - o) / 4 < 3 ? (cop - o) / 4 : 3;
              tile(nci, nv, xs + c, xstep, dys + o, Co, J, dwab + c * cop + o, cop);
            }
          }
        }
      }
    }
  }
}

/* dst[k] += src[k] for 0 <= k < count (count a multiple of 4): sums the per-thread partial gradients. */
EXPORT("add_into")
void add_into(float *dst, const float *src, int count) {
  for (int k = 0; k < count; k += 4) wasm_v128_store(dst + k, wasm_f32x4_add(wasm_v128_load(dst + k), wasm_v128_load(src + k)));
}

/* Zeroes count floats (a multiple of 4). */
EXPORT("zero")
void zero(float *dst, int count) {
  for (int k = 0; k < count; k += 4) wasm_v128_store(dst + k, wasm_f32x4_splat(0.0f));
}

/*
 * dst[c] = sum over r of src[r*cols + c] (the bias gradient: dy summed over batch, rows and columns).
 * Blocks of 256 rows are summed first and then added to the total, which keeps float32 rounding
 * close to that of a pairwise sum. part and dst each hold cols floats.
 */
EXPORT("col_sum")
void col_sum(const float *src, float *dst, float *part, int rows, int cols) {
  for (int c = 0; c < cols; c++) dst[c] = 0.0f;
  for (int r0 = 0; r0 < rows; r0 += 256) {
    const int r1 = r0 + 256 < rows ? r0 + 256 : rows;
    for (int c = 0; c < cols; c++) part[c] = 0.0f;
    for (int r = r0; r < r1; r++) {
      const float *row = src + (long)r * cols;
      int c = 0;
      for (; c + 4 <= cols; c += 4) wasm_v128_store(part + c, wasm_f32x4_add(wasm_v128_load(part + c), wasm_v128_load(row + c)));
      for (; c < cols; c++) part[c] += row[c];
    }
    for (int c = 0; c < cols; c++) dst[c] += part[c];
  }
}
