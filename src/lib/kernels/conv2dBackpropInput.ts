import type { KernelBackend, Conv2DBackpropInputAttrs, KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { resolveConvGeometry, type ConvGeometry } from './convGeometry';
import { isHeapBackend } from './heapBackend';
import { createKernelRunner, type KernelRunner } from './kernelRunner';
import { toSubPixelFilter } from './subPixelFilter';
import { wasmConv } from './wasmConv';
import { inputGradientGeometry, runWinograd, winogradEnabled, winogradFits, winogradGradientFits } from './wasmWinograd';

/**
 * The input gradient (and so the forward pass of every Conv2DTranspose) written as one forward
 * convolution on the backend's own Conv2D kernel: insert stride−1 zeros between the rows and
 * columns of dy, pad by k−1−p, and convolve with the filter rotated by 180° with its in and out
 * channels swapped. The padding is passed to Conv2D (XNNPACK pads implicitly, no copy); rows a
 * negative padding would remove are cropped instead. Equal strides above 1 take the sub-pixel
 * route below, which skips the multiplications by the inserted zeros. A 3×3 stride-1 layer's
 * input gradient is itself such a convolution and, with enough channels, runs on the course's
 * Winograd kernel (the filter rotated and swapped inside the kernel's filter transform).
 */
export function createConv2dBackpropInput(backendName: string): KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const { dy, filter } = inputs as { dy: TensorInfo; filter: TensorInfo };
    const { strides, pad, dataFormat, dimRoundingMode, inputShape } = attrs as unknown as Conv2DBackpropInputAttrs;
    const g = resolveConvGeometry(inputShape, filter.shape, strides, pad, dataFormat, dimRoundingMode);
    const k = createKernelRunner(backend as KernelBackend, backendName);
    const own = wasmConv();
    if (own !== null && winogradEnabled() && isHeapBackend(backend) && dy.dtype === 'float32' && filter.dtype === 'float32'
      && winogradGradientFits(g) && winogradFits(inputGradientGeometry(g))) {
      const out = backend.makeOutput([g.batch, g.inHeight, g.inWidth, g.inChannels], 'float32');
      runWinograd(own, { x: backend.typedArrayFromHeap(dy), filter: backend.typedArrayFromHeap(filter), flip: true, g: inputGradientGeometry(g) }, backend.typedArrayFromHeap(out));
      return out;
    }
    const sh = g.strideHeight, sw = g.strideWidth;
    if (sh === sw && sh > 1) return subPixelBackpropInput(k, backend as KernelBackend, g, dy, filter);

    const temps: TensorInfo[] = [];
    try {
      // Zero insertion as a reshape to [N,oh,1,ow,1,C], a pad to [N,oh,sh,ow,sw,C] and a reshape back;
      // this leaves sh−1 (sw−1) extra zero rows (columns) at the end, counted against the bottom (right) pad.
      let dz = dy;
      if (sh > 1 || sw > 1) {
        const r6 = k.reshape(dy, [g.batch, g.outHeight, 1, g.outWidth, 1, g.outChannels]);
        temps.push(r6);
        const p6 = k.run('PadV2', { x: r6 }, {
          paddings: [[0, 0], [0, 0], [0, sh - 1], [0, 0], [0, sw - 1], [0, 0]],
          constantValue: 0,
        });
        temps.push(p6);
        dz = k.reshape(p6, [g.batch, g.outHeight * sh, g.outWidth * sw, g.outChannels]);
        temps.push(dz);
      }
      const top = g.filterHeight - 1 - g.padTop;
      const left = g.filterWidth - 1 - g.padLeft;
      const bottom = g.inHeight + g.filterHeight - 1 - top - dz.shape[1];
      const right = g.inWidth + g.filterWidth - 1 - left - dz.shape[2];
      if (top < 0 || left < 0 || bottom < 0 || right < 0) {
        const cropTop = Math.max(-top, 0), cropLeft = Math.max(-left, 0);
        const cropped = k.run('Slice', { x: dz }, {
          begin: [0, cropTop, cropLeft, 0],
          size: [g.batch, dz.shape[1] - cropTop - Math.max(-bottom, 0), dz.shape[2] - cropLeft - Math.max(-right, 0), g.outChannels],
        });
        temps.push(cropped);
        dz = cropped;
      }
      const rotated = k.run('Reverse', { x: filter }, { dims: [0, 1] });
      temps.push(rotated);
      const swapped = k.run('Transpose', { x: rotated }, { perm: [0, 1, 3, 2] });
      temps.push(swapped);
      return k.run('Conv2D', { x: dz, filter: swapped }, {
        strides: [1, 1],
        pad: [[0, 0], [Math.max(top, 0), Math.max(bottom, 0)], [Math.max(left, 0), Math.max(right, 0)], [0, 0]],
        dataFormat: 'NHWC',
        dilations: [1, 1],
      });
    } finally {
      for (const t of temps) k.dispose(t);
    }
  };
}

/**
 * Sub-pixel form of the strided input gradient: one stride-1 convolution of dy with the
 * rearranged filter of `toSubPixelFilter` (s² times the output channels, ⌈k/s⌉² taps), then an
 * interleave of the phases, then a crop by the forward padding. Same result as zero insertion with s²
 * times fewer multiply-adds (all of them useful).
 */
function subPixelBackpropInput(k: KernelRunner, backend: KernelBackend, g: ConvGeometry, dy: TensorInfo, filter: TensorInfo): TensorInfo {
  const s = g.strideHeight;
  const w = backend.readSync(filter.dataId) as Float32Array;
  const sub = toSubPixelFilter(w, g.filterHeight, g.filterWidth, g.inChannels, g.outChannels, s);
  const subFilter: TensorInfo = { dataId: backend.write(sub.values, sub.shape, 'float32'), shape: sub.shape, dtype: 'float32' };
  // Enough phase rows to cover the rows pt … pt+H−1 of the full transposed output.
  const qh = Math.max(Math.ceil((g.padTop + g.inHeight) / s), g.outHeight);
  const qw = Math.max(Math.ceil((g.padLeft + g.inWidth) / s), g.outWidth);
  const temps: TensorInfo[] = [subFilter];
  try {
    const phases = k.run('Conv2D', { x: dy, filter: subFilter }, {
      strides: [1, 1],
      pad: [[0, 0], [sub.m - 1, qh - g.outHeight], [sub.m - 1, qw - g.outWidth], [0, 0]],
      dataFormat: 'NHWC',
      dilations: [1, 1],
    });
    temps.push(phases);
    // Interleave the s² phase blocks (a DepthToSpace): view [N·Q, Q', s, s·Ci], swap the middle axes,
    // view [N, Q·s, Q'·s, Ci]. One 4-D transpose is far faster than tfjs-wasm's generic DepthToSpace.
    const blocks = k.reshape(phases, [g.batch * qh, qw, s, s * g.inChannels]);
    temps.push(blocks);
    const interleaved = k.run('Transpose', { x: blocks }, { perm: [0, 2, 1, 3] });
    temps.push(interleaved);
    const full = k.reshape(interleaved, [g.batch, qh * s, qw * s, g.inChannels]);
    if (g.padTop === 0 && g.padLeft === 0 && full.shape[1] === g.inHeight && full.shape[2] === g.inWidth) return full;
    temps.push(full);
    return k.run('Slice', { x: full }, { begin: [0, g.padTop, g.padLeft, 0], size: [g.batch, g.inHeight, g.inWidth, g.inChannels] });
  } finally {
    for (const t of temps) k.dispose(t);
  }
}
