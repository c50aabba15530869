import { getKernel, util, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs';
import { wasmConv } from './wasmConv';

/** The parts of tfjs-wasm's BackendWasm these kernels use. */
interface WasmBackendLike {
  makeOutput(shape: number[], dtype: 'float32'): TensorInfo;
  typedArrayFromHeap(info: TensorInfo): Float32Array;
}

/**
 * tfjs-wasm 4.22 runs Concat, SplitV and Slice in JavaScript with one `subarray` + `set` per
 * innermost run: on the skip model's channel concatenations (runs of 20–40 floats) that is
 * hundreds of thousands of tiny copies per step. These versions copy float32 runs with plain
 * loops (or one `set` per long run) and hand every other case to the stock kernel.
 */
export function createWasmCopyKernels(stock: (name: string) => KernelConfig | undefined): KernelConfig[] {
  const fallback = (name: string): KernelFunc => (args) => {
    const k = stock(name) ?? getKernel(name, 'wasm');
    if (k === undefined) throw new Error(`Stock wasm kernel '${name}' is missing.`);
    return k.kernelFunc(args);
  };
  const concat: KernelFunc = (args) => {
    const inputs = args.inputs as unknown as TensorInfo[];
    const rank = inputs[0].shape.length;
    const axis = util.parseAxisParam(args.attrs!.axis as number, inputs[0].shape)[0];
    if (rank < 2 || axis !== rank - 1 || inputs.length < 2 || inputs.some((t) => t.dtype !== 'float32' || util.sizeFromShape(t.shape) === 0)) {
      return fallback('Concat')(args);
    }
    const backend = args.backend as unknown as WasmBackendLike;
    const widths = inputs.map((t) => t.shape[rank - 1]);
    const total = widths.reduce((a, b) => a + b, 0);
    const out = backend.makeOutput([...inputs[0].shape.slice(0, -1), total], 'float32');
    const dst = backend.typedArrayFromHeap(out);
    const rows = util.sizeFromShape(inputs[0].shape) / widths[0];
    let base = 0;
    inputs.forEach((t, i) => {
      const src = backend.typedArrayFromHeap(t), w = widths[i];
      for (let r = 0, s = 0, d = base; r < rows; r++, d += total) for (let c = 0; c < w; c++) dst[d + c] = src[s++];
      base += w;
    });
    return out;
  };
  const splitV: KernelFunc = (args) => {
    const x = (args.inputs as { x: TensorInfo }).x;
    const rank = x.shape.length;
    const axis = util.parseAxisParam(args.attrs!.axis as number, x.shape)[0];
    const sizes = args.attrs!.numOrSizeSplits as number | number[];
    if (rank < 2 || axis !== rank - 1 || x.dtype !== 'float32' || !Array.isArray(sizes) || sizes.some((v) => v < 0)) {
      return fallback('SplitV')(args);
    }
    const backend = args.backend as unknown as WasmBackendLike;
    const total = x.shape[rank - 1], rows = util.sizeFromShape(x.shape) / Math.max(total, 1);
    const outs = sizes.map((w) => backend.makeOutput([...x.shape.slice(0, -1), w], 'float32'));
    const src = backend.typedArrayFromHeap(x);
    let base = 0;
    outs.forEach((o, i) => {
      const dst = backend.typedArrayFromHeap(o), w = sizes[i];
      for (let r = 0, s = base, d = 0; r < rows; r++, s += total) for (let c = 0; c < w; c++) dst[d++] = src[s + c];
      base += w;
    });
    return outs;
  };
  const slice: KernelFunc = (args) => {
    const x = (args.inputs as { x: TensorInfo }).x;
    const begin = args.attrs!.begin as number[], size = (args.attrs!.size as number[]).map((v, i) => (v === -1 ? x.shape[i] - begin[i] : v));
    if (x.dtype !== 'float32' || x.shape.length !== 4 || begin.length !== 4 || size.length !== 4 || size.some((v) => v <= 0)) return fallback('Slice')(args);
    const backend = args.backend as unknown as WasmBackendLike;
    const out = backend.makeOutput(size, 'float32');
    const src = backend.typedArrayFromHeap(x), dst = backend.typedArrayFromHeap(out);
    const [, h, w, c] = x.shape;
    // Whole rows of channels are contiguous: copy size[2]·c floats at once when all channels are kept.
    const fullChannels = begin[3] === 0 && size[3] === c;
    let d = 0;
    for (let n = begin[0]; n < begin[0] + size[0]; n++) for (let i = begin[1]; i < begin[1] + size[1]; i++) {
      const row = ((n * h + i) * w + begin[2]) * c;
      if (fullChannels) { dst.set(src.subarray(row, row + size[2] * c), d); d += size[2] * c; continue; }
      for (let j = 0; j < size[2]; j++) for (let k = 0, s = row + j * c + begin[3]; k < size[3]; k++) dst[d++] = src[s + k];
    }
    return out;
  };
  // Bias gradients: dy summed over every axis but the channels. tfjs-wasm transposes the whole
  // tensor before reducing; the course's wasm column sum reads it as it lies.
  const sum: KernelFunc = (args) => {
    const x = (args.inputs as { x: TensorInfo }).x;
    const rank = x.shape.length;
    const axes = util.parseAxisParam(args.attrs!.axis as number | number[], x.shape).sort((a, b) => a - b);
    const own = wasmConv();
    const leading = axes.length === rank - 1 && axes.every((a, i) => a === i);
    if (own === null || rank < 2 || !leading || x.dtype !== 'float32' || util.sizeFromShape(x.shape) === 0) return fallback('Sum')(args);
    const backend = args.backend as unknown as WasmBackendLike;
    const cols = x.shape[rank - 1];
    const shape = args.attrs!.keepDims === true ? [...x.shape.slice(0, -1).map(() => 1), cols] : [cols];
    const out = backend.makeOutput(shape, 'float32');
    backend.typedArrayFromHeap(out).set(own.columnSums(backend.typedArrayFromHeap(x), cols));
    return out;
  };
  // Stock wasm kernels bind their C functions in a setupFunc that tfjs calls when the backend starts,
  // for the kernels registered then: ours run it for the stock kernel they fall back to.
  const setupFunc = (name: string) => (backend: object) => { stock(name)?.setupFunc?.(backend); };
  return ([['Sum', sum], ['Concat', concat], ['SplitV', splitV], ['Slice', slice]] as const).map(([kernelName, kernelFunc]) => (
    { kernelName, backendName: 'wasm', kernelFunc, setupFunc: setupFunc(kernelName) }
  ));
}
