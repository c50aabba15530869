import { getKernel, util, type FusedConv2DAttrs, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs';
import { resolveConvGeometry } from './convGeometry';
import { spaceToDepthFilter, spaceToDepthGeometry } from './spaceToDepth';
import { isHeapBackend } from './heapBackend';
import { wasmConv } from './wasmConv';
import { runWinograd, winogradEnabled, winogradFits } from './wasmWinograd';

export type ForwardKernelName = 'Conv2D' | 'FusedConv2D';

const isUnitDilation = (d: number | [number, number] | undefined) => d === undefined || (Array.isArray(d) ? d[0] === 1 && d[1] === 1 : d === 1);

/**
 * The forward convolution on wasm (Conv2D, and FusedConv2D with its bias and ReLU): 3×3 and 2×2
 * stride-1 layers and (rearranged by space-to-depth) 4×4 stride-2 layers with enough channels (`winogradFits`) run on the course's Winograd kernel once `prepareWasmConv`
 * has run; everything else (other shapes, activations, PReLU weights, before the kernels are ready)
 * goes to the stock XNNPACK kernel.
 */
export function createWinogradForward(name: ForwardKernelName, stock: (name: string) => KernelConfig | undefined): KernelFunc {
  return (args) => {
    const { inputs, backend } = args;
    const attrs = args.attrs as unknown as FusedConv2DAttrs;
    const { x, filter, bias, preluActivationWeights } = inputs as { x: TensorInfo; filter: TensorInfo; bias?: TensorInfo; preluActivationWeights?: TensorInfo };
    const activation = name === 'FusedConv2D' ? attrs.activation ?? 'linear' : 'linear';
    const own = wasmConv();
    const fits = own !== null && winogradEnabled() && isHeapBackend(backend) && x.dtype === 'float32' && filter.dtype === 'float32'
      && isUnitDilation(attrs.dilations) && (activation === 'linear' || activation === 'relu') && preluActivationWeights === undefined
      && (bias === undefined || util.sizeFromShape(bias.shape) === filter.shape[3]);
    if (fits) {
      const g = resolveConvGeometry(x.shape, filter.shape, attrs.strides, attrs.pad, attrs.dataFormat, attrs.dimRoundingMode);
      const direct = winogradFits(g);
      const strided = direct ? null : spaceToDepthGeometry(g);
      if (direct || (strided !== null && winogradFits(strided))) {
        // The output first: allocating it may grow tfjs's heap, which detaches every view taken before.
        const out = backend.makeOutput([g.batch, g.outHeight, g.outWidth, g.outChannels], 'float32');
        const xs = backend.typedArrayFromHeap(x), ws = backend.typedArrayFromHeap(filter);
        runWinograd(own, {
          x: xs, spaceToDepth: !direct,
          filter: direct ? ws : spaceToDepthFilter(ws, g.inChannels, g.outChannels),
          bias: bias === undefined ? undefined : backend.typedArrayFromHeap(bias), relu: activation === 'relu', g: strided ?? g,
        }, backend.typedArrayFromHeap(out));
        return out;
      }
    }
    const k = stock(name) ?? getKernel(name, 'wasm');
    if (k === undefined) throw new Error(`Stock wasm kernel '${name}' is missing.`);
    return k.kernelFunc(args);
  };
}
