import { ShapeError } from '../errors';
import type { SplitName } from '../data/types';
import { computeFeatureMaps } from '../inspect/featureMaps';
import { createFeatureMapHistory, DEFAULT_HISTORY_BYTES } from '../inspect/featureMapHistory';
import type { TrainingEvent } from '../train/types';
import type { EngineApi } from './protocol';
import type { EngineState } from './engineState';
import type { FeatureMapRecord } from './mapsAndSpreadProtocol';
import { inputSize } from './modelRequests';
import { assertIndices, splitOf } from './sliceArrays';

type RunRequests = Pick<EngineApi, 'train'>;

/**
 * The feature-map requests, and `train` wrapped so that, while a slice is watched, every epoch's end
 * records that slice's feature maps from the model being trained (one multi-output pass, launched inside
 * the epoch-end event, so the maps show the weights of that epoch). A run's history restarts with the run
 * and is capped in bytes (see createFeatureMapHistory).
 */
export function withFeatureMaps<M extends RunRequests>(state: EngineState, methods: M, options: { maxBytes?: number } = {}):
  M & Pick<EngineApi, 'watchFeatureMaps' | 'featureMapRecord' | 'featureMaps'> {
  const maxBytes = options.maxBytes ?? DEFAULT_HISTORY_BYTES;
  const history = createFeatureMapHistory({ maxBytes });
  let watching: { split: SplitName; index: number } | null = null;
  const epochMs: number[] = [];
  let pending: Promise<unknown> = Promise.resolve();

  /** The watched slice, normalised as the current model trained: [height, width]. */
  const sliceFor = (split: SplitName, index: number) => {
    const model = state.requireModel();
    const { height, width } = inputSize(model);
    const arrays = splitOf(state.requireData().prepared.forModel(height, width, state.modelInput?.normalization), split);
    assertIndices(split, [index], arrays.count);
    return { model, height, width, slice: arrays.x.subarray(index * height * width, (index + 1) * height * width) };
  };

  const record = (event: TrainingEvent) => {
    if (event.type !== 'epoch-end' || !watching) return;
    epochMs.push(event.durationMs);
    const { epoch } = event;
    // A failed recording must not end the run (nor may a watched slice the loaded file lacks, say
    // slice 7 of a learner's file with 5 validation slices): the view shows the epochs that were kept.
    let watched: ReturnType<typeof sliceFor>;
    try {
      watched = sliceFor(watching.split, watching.index);
    } catch {
      return;
    }
    const { model, slice, height, width } = watched;
    pending = computeFeatureMaps(model, slice, height, width)
      .then(({ layers, busyMs }) => history.add({ epoch, layers, costMs: busyMs }))
      .catch(() => undefined);
  };

  const summary = async (): Promise<FeatureMapRecord> => {
    await pending;
    const mean = (values: number[]) => (values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length);
    return { watching, epochs: history.epochs(), bytes: history.bytes(), maxBytes, meanCostMs: history.meanCostMs(), meanEpochMs: mean(epochMs) };
  };

  return {
    ...methods,
    async train(params, context) {
      history.clear();
      epochMs.length = 0;
      return methods.train(params, {
        requestId: context?.requestId ?? 0,
        ...context,
        onEvent: (event) => {
          record(event);
          context?.onEvent?.(event);
        },
      });
    },

    async watchFeatureMaps({ split, index, enabled = true }) {
      if (!Number.isInteger(index) || index < 0) throw new ShapeError(`Expected a slice index from 0, but got ${String(index)}.`, 'Slice indices are 0-based.');
      const next = enabled ? { split, index } : null;
      // Another slice's epochs would not line up with this one's: start again.
      if (next?.split !== watching?.split || next?.index !== watching?.index) history.clear();
      watching = next;
      return summary();
    },

    async featureMapRecord() {
      return summary();
    },

    async featureMaps({ split, index, epoch }) {
      if (epoch !== undefined) {
        await pending;
        const kept = history.at(epoch);
        if (!kept || watching?.split !== split || watching.index !== index) {
          throw new ShapeError(`No feature maps of ${split} slice ${index + 1} were kept after epoch ${epoch + 1}.`, 'Kept epochs are listed by featureMapRecord; other slices are shown for the current model only.');
        }
        return { split, index, epoch, layers: kept.layers };
      }
      state.requireIdle('compute feature maps');
      const { model, slice, height, width } = sliceFor(split, index);
      return { split, index, epoch: null, layers: (await computeFeatureMaps(model, slice, height, width)).layers };
    },
  };
}
