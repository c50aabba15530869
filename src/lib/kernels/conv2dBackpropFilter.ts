import type { KernelBackend, Conv2DBackpropFilterAttrs, KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { resolveConvGeometry } from './convGeometry';
import { isHeapBackend } from './heapBackend';
import { createKernelRunner } from './kernelRunner';
import { wasmConv } from './wasmConv';
import { depthToSpaceFilter } from './spaceToDepth';
import { runWinogradFilterGrad, winogradEnabled, winogradFilterGradGeometry } from './wasmWinograd';

/**
 * The filter gradient written as one forward convolution, so that it runs on the backend's own
 * Conv2D kernel (XNNPACK on wasm):
 *   dW[a,b,ci,co] = Σ_{n,i,j} x[n, a + s·i − pt, b + s·j − pl, ci] · dy[n,i,j,co]
 * is a convolution of x with batch and channels swapped ([Ci,H,W,N]) by dy as the filter
 * ([oh,ow,N,Co]) with the forward stride as dilation; its output [Ci,kh,kw,Co] is then
 * transposed to [kh,kw,Ci,Co]. Rows and columns the forward pass never read are cropped first.
 * Once `prepareWasmConv` has run, the course's own WebAssembly SIMD kernel computes it instead
 * (directly from the definition, in register tiles, on its own threads), and for wide 3×3 stride-1
 * and 4×4 stride-2 layers on wasm the Winograd form of it (wasmWinograd.ts, spaceToDepth.ts).
 */
export function createConv2dBackpropFilter(backendName: string): KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
    const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs as unknown as Conv2DBackpropFilterAttrs;
    const g = resolveConvGeometry(x.shape, filterShape, strides, pad, dataFormat, dimRoundingMode);
    const own = wasmConv();
    if (own !== null && x.dtype === 'float32' && dy.dtype === 'float32') {
      // The course's own SIMD kernel (see wasm/convGrad.c): no transposes, no im2col.
      if (isHeapBackend(backend)) {
        const xs = backend.typedArrayFromHeap(x), dys = backend.typedArrayFromHeap(dy);
        const wino = winogradEnabled() ? winogradFilterGradGeometry(g) : null;
        let dw: Float32Array;
        if (wino === null) dw = own.filterGrad(xs, dys, g);
        else if (!wino.spaceToDepth) dw = runWinogradFilterGrad(own, { x: xs, dy: dys, g });
        else dw = depthToSpaceFilter(runWinogradFilterGrad(own, { x: xs, dy: dys, g: wino.g, spaceToDepth: true }), g.inChannels, g.outChannels);
        const out = backend.makeOutput([...filterShape], 'float32');
        backend.typedArrayFromHeap(out).set(dw);
        return out;
      }
      const b = backend as KernelBackend;
      const dw = own.filterGrad(b.readSync(x.dataId) as Float32Array, b.readSync(dy.dataId) as Float32Array, g);
      return { dataId: b.write(dw, [...filterShape], 'float32'), shape: [...filterShape], dtype: 'float32' };
    }
    const k = createKernelRunner(backend as KernelBackend, backendName);

    // Padding after the last row/column that makes the output exactly kh×kw; negative means crop.
    const spanH = (g.outHeight - 1) * g.strideHeight + 1;
    const spanW = (g.outWidth - 1) * g.strideWidth + 1;
    const padBottom = g.filterHeight + spanH - 1 - g.inHeight - g.padTop;
    const padRight = g.filterWidth + spanW - 1 - g.inWidth - g.padLeft;

    const temps: TensorInfo[] = [];
    try {
      let xc = x;
      if (padBottom < 0 || padRight < 0) {
        xc = k.run('Slice', { x }, {
          begin: [0, 0, 0, 0],
          size: [g.batch, g.inHeight + Math.min(padBottom, 0), g.inWidth + Math.min(padRight, 0), g.inChannels],
        });
        temps.push(xc);
      }
      const xt = k.run('Transpose', { x: xc }, { perm: [3, 1, 2, 0] });
      temps.push(xt);
      const dyt = k.run('Transpose', { x: dy }, { perm: [1, 2, 0, 3] });
      temps.push(dyt);
      const conv = k.run('Conv2D', { x: xt, filter: dyt }, {
        strides: [1, 1],
        pad: [[0, 0], [g.padTop, Math.max(padBottom, 0)], [g.padLeft, Math.max(padRight, 0)], [0, 0]],
        dataFormat: 'NHWC',
        dilations: [g.strideHeight, g.strideWidth],
      });
      temps.push(conv);
      return k.run('Transpose', { x: conv }, { perm: [1, 2, 0, 3] });
    } finally {
      for (const t of temps) k.dispose(t);
    }
  };
}
