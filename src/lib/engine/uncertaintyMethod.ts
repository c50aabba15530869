import type { SplitName } from '../data/types';
import type * as tf from '@tensorflow/tfjs';
import { hasDropout, sliceUncertainty, splitUncertainty } from '../inspect/uncertainty';
import { defaultTransforms, describeTransform } from '../inspect/uncertaintyTransforms';
import { rankCorrelation } from '../inspect/rankCorrelation';
import type { EngineApi } from './protocol';
import type { EngineState } from './engineState';
import { inputSize } from './modelRequests';
import { assertIndices, gatherSlices, splitOf } from './sliceArrays';
import { handOver } from './transfer';
import { inspectProgressOf, stopInspectOf, trackedPass } from './inspectPass';

/** Passes with dropout on, for a model that has dropout. */
const DROPOUT_PASSES = 8;
const RANKED = 10;

/**
 * The uncertainty request: test-time augmentation on the current model, per slice of a split (kept per
 * model, split and shift, so choosing another slice costs one slice's passes) and per pixel of one slice.
 */
export function uncertaintyMethods(state: EngineState): Pick<EngineApi, 'uncertainty' | 'inspectProgress' | 'stopInspect'> {
  const perSplit = new WeakMap<tf.LayersModel, Map<string, { spread: number[]; error: number[] }>>();
  return {
    async inspectProgress() {
      return inspectProgressOf(state);
    },

    async stopInspect() {
      stopInspectOf(state);
      return null;
    },

    async uncertainty({ split: asked, index, shift = 2 }) {
      state.requireIdle('measure uncertainty');
      const model = state.requireModel();
      const { height, width } = inputSize(model);
      const { prepared } = state.requireData();
      const dataset = prepared.forModel(height, width, state.modelInput?.normalization);
      const split: SplitName = asked ?? (dataset.test && dataset.test.count > 0 ? 'test' : 'val');
      const arrays = splitOf(dataset, split);
      assertIndices(split, [index], arrays.count);
      const transforms = defaultTransforms(shift);
      const options = { transforms, dropoutPasses: DROPOUT_PASSES };
      const known = perSplit.get(model) ?? new Map<string, { spread: number[]; error: number[] }>();
      perSplit.set(model, known);
      const key = `${split}:${shift}:${JSON.stringify(state.modelInput?.normalization ?? null)}`;
      let perSlice = known.get(key);
      if (!perSlice) {
        // Nothing of a stopped pass is kept: the scatter and the ranking need every slice.
        perSlice = await trackedPass(state, `measuring the spread on the ${split} slices`, arrays.count,
          ({ signal, onSlice }) => splitUncertainty(model, arrays, height, width, { ...options, signal, onSlice }));
        known.set(key, perSlice);
      }
      const size = height * width;
      const one = await sliceUncertainty(model, arrays.x.subarray(index * size, (index + 1) * size), arrays.y.subarray(index * size, (index + 1) * size), height, width, options);
      const spreads = perSlice.spread;
      const mostUncertain = spreads.map((_, i) => i).sort((a, b) => spreads[b] - spreads[a]).slice(0, RANKED);
      const input = gatherSlices(splitOf(prepared.forDisplay(height, width), split).x, [index], size);
      const target = arrays.y.slice(index * size, (index + 1) * size);
      handOver(input, target, one.prediction, one.spread, one.error);
      const dropoutPasses = hasDropout(model) ? DROPOUT_PASSES : 0;
      return {
        split, index, height, width, input, target, prediction: one.prediction, spread: one.spread, error: one.error,
        perSlice: { spread: [...perSlice.spread], error: [...perSlice.error] }, mostUncertain,
        rankCorrelation: rankCorrelation(perSlice.spread, perSlice.error),
        passes: transforms.map(describeTransform), dropoutPasses,
      };
    },
  };
}
