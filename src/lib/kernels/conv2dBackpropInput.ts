import type { Backend, Conv2DBackpropInputAttrs, KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { resolveConvGeometry } from './convGeometry';
import { createKernelRunner } from './kernelRunner';

/**
 * The input gradient (and so the forward pass of every Conv2DTranspose) written as one forward
 * convolution on the backend's own Conv2D kernel: insert stride−1 zeros between the rows and
 * columns of dy, pad by k−1−p, and convolve with the filter rotated by 180° with its in and out
 * channels swapped. The padding is passed to Conv2D (XNNPACK pads implicitly, no copy); rows a
 * negative padding would remove are cropped instead.
 */
export function createConv2dBackpropInput(backendName: string): KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const { dy, filter } = inputs as { dy: TensorInfo; filter: TensorInfo };
    const { strides, pad, dataFormat, dimRoundingMode, inputShape } = attrs as unknown as Conv2DBackpropInputAttrs;
    const g = resolveConvGeometry(inputShape, filter.shape, strides, pad, dataFormat, dimRoundingMode);
    const k = createKernelRunner(backend as Backend, backendName);
    const sh = g.strideHeight, sw = g.strideWidth;

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
