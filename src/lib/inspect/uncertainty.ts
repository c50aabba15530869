import * as tf from '@tensorflow/tfjs';
import type { SplitArrays } from '../data/types';
import { nextMacrotask } from '../train/predictBatches';
import { applyTransform, invertTransform, type UncertaintyTransform } from './uncertaintyTransforms';

/** How the spread is made: the test-time transforms, and extra passes with dropout on (only for a model that has dropout). */
export interface UncertaintyOptions {
  transforms: UncertaintyTransform[];
  /** Passes of the untransformed slice with dropout active; ignored (0) when the model has no Dropout layer. */
  dropoutPasses?: number;
}

/** One slice's spread: per-pixel maps [height, width] and their means. */
export interface SliceUncertainty {
  /** The model's plain prediction (no transform): probabilities or intensities. */
  prediction: Float32Array;
  /** Per pixel, the standard deviation of the passes' outputs (each mapped back onto the slice). */
  spread: Float32Array;
  /** Per pixel, |prediction − target|. */
  error: Float32Array;
  meanSpread: number;
  meanError: number;
}

/** True when the model has a Dropout layer (then dropout at inference adds to the spread). */
export function hasDropout(model: tf.LayersModel): boolean {
  return model.layers.some((layer) => layer.getClassName() === 'Dropout' || layer.getClassName() === 'SpatialDropout2D');
}

/**
 * Runs the model on one slice ([height, width], normalised as it trained) under every transform (and
 * with dropout on, if it has dropout), maps each output back exactly, and returns the per-pixel standard
 * deviation over the passes that saw each pixel, beside the plain prediction's error against `target`.
 * Disposes every tensor it makes; the arrays are new.
 */
export async function sliceUncertainty(
  model: tf.LayersModel, slice: Float32Array, target: Float32Array, height: number, width: number, options: UncertaintyOptions,
): Promise<SliceUncertainty> {
  const { transforms } = options;
  const dropoutPasses = hasDropout(model) ? options.dropoutPasses ?? 0 : 0;
  const size = height * width;
  const batch = new Float32Array(transforms.length * size);
  transforms.forEach((t, k) => batch.set(applyTransform(t, slice, height, width), k * size));
  const outputs = tf.tidy(() => {
    const x = tf.tensor4d(batch, [transforms.length, height, width, 1]);
    const plain = model.predict(x) as tf.Tensor;
    if (dropoutPasses === 0) return [plain];
    const one = tf.tensor4d(slice, [1, height, width, 1]);
    return [plain, ...Array.from({ length: dropoutPasses }, () => model.apply(one, { training: true }) as tf.Tensor)];
  });
  let data: Float32Array[];
  try {
    data = (await Promise.all(outputs.map((t) => t.data()))) as Float32Array[];
  } finally {
    tf.dispose(outputs);
  }
  const passes = transforms.map((t, k) => invertTransform(t, data[0].subarray(k * size, (k + 1) * size), height, width));
  for (let d = 1; d < data.length; d++) passes.push({ values: data[d], valid: new Uint8Array(size).fill(1) });
  const plainIndex = Math.max(0, transforms.findIndex((t) => t.kind === 'identity'));
  const prediction = passes[plainIndex].values;
  const spread = new Float32Array(size);
  const error = new Float32Array(size);
  let spreadSum = 0;
  let errorSum = 0;
  for (let i = 0; i < size; i++) {
    let n = 0;
    let sum = 0;
    for (const pass of passes) {
      if (pass.valid[i]) { n++; sum += pass.values[i]; }
    }
    // Two passes over the values (not E[v²] − E[v]²): identical outputs give exactly 0.
    const mean = sum / n;
    let squares = 0;
    for (const pass of passes) {
      if (pass.valid[i]) squares += (pass.values[i] - mean) ** 2;
    }
    spread[i] = Math.sqrt(squares / n);
    error[i] = Math.abs(prediction[i] - target[i]);
    spreadSum += spread[i];
    errorSum += error[i];
  }
  return { prediction, spread, error, meanSpread: spreadSum / size, meanError: errorSum / size };
}

/**
 * Mean spread and mean error of every slice of a split (see sliceUncertainty), in slice order. Yields to
 * the event loop after every slice (on wasm a read-back settles as a microtask, so without it a request
 * to stop or to report progress would wait for the whole split), reports each finished slice to
 * `onSlice`, and stops early (returning what it has) when `signal` aborts.
 */
export async function splitUncertainty(
  model: tf.LayersModel, arrays: SplitArrays, height: number, width: number,
  options: UncertaintyOptions & { signal?: AbortSignal; onSlice?: (done: number, total: number) => void },
): Promise<{ spread: number[]; error: number[] }> {
  const size = height * width;
  const spread: number[] = [];
  const error: number[] = [];
  for (let s = 0; s < arrays.count && !options.signal?.aborted; s++) {
    const one = await sliceUncertainty(model, arrays.x.subarray(s * size, (s + 1) * size), arrays.y.subarray(s * size, (s + 1) * size), height, width, options);
    spread.push(one.meanSpread);
    error.push(one.meanError);
    options.onSlice?.(s + 1, arrays.count);
    await nextMacrotask();
  }
  return { spread, error };
}
