import { ShapeError } from '../errors';
import { taskDescriptor } from '../tasks';
import { layerGeometryOf } from '../inspect/layerGeometryOf';
import { receptiveIntervals } from '../inspect/receptiveField';
import { assertKnockoutFits, channelLayersOf, skipConnectionsOf } from '../inspect/knockout';
import { scoreWithKnockout } from '../inspect/predictWithKnockout';
import { attributionOf } from '../inspect/attribution';
import type { SplitArrays, SplitName } from '../data/types';
import type { EngineApi } from './protocol';
import type { EngineState } from './engineState';
import { handOver } from './transfer';
import { assertIndices, gatherSlices, splitOf } from './sliceArrays';
import { inputSize } from './modelRequests';
import { trackedPass } from './inspectPass';

/** Slices per channel when ranking channels: enough to average over anatomy, few enough for a layer of 50 channels in seconds. */
const RANKED_SLICES = 12;

/**
 * The look-inside requests on the current model (inspectProtocol.ts). Each runs only between runs, on the
 * data as the model was trained on it, and leaves the model's weights as they are.
 */
export function inspectMethods(state: EngineState): Pick<EngineApi, 'inspectModel' | 'knockOut' | 'rankChannels' | 'attribute'> {
  /** The current model, its size, task and the split as the network sees it. */
  const current = (split: SplitName, what: string) => {
    state.requireIdle(what);
    const model = state.requireModel();
    const { height, width } = inputSize(model);
    const { prepared, task } = state.requireData();
    const arrays = splitOf(prepared.forModel(height, width, state.modelInput?.normalization), split);
    return { model, height, width, task, arrays };
  };
  const evaluatorFor = (task: string, height: number, width: number, count: number) => taskDescriptor(task).createEvaluator({ height, width, count });

  return {
    async inspectModel() {
      state.requireIdle('look inside the model');
      const model = state.requireModel();
      const { height, width } = inputSize(model);
      const layers = layerGeometryOf(model);
      const rows = receptiveIntervals(layers, 0);
      const columns = receptiveIntervals(layers, 1);
      handOver(rows.start, rows.end, columns.start, columns.end);
      return {
        height, width, rowStart: rows.start, rowEnd: rows.end, columnStart: columns.start, columnEnd: columns.end,
        skips: skipConnectionsOf(model), layers: channelLayersOf(model),
      };
    },

    async knockOut({ split, index, knockout }) {
      const { model, height, width, task, arrays } = current(split, 'knock out part of the model');
      assertIndices(split, [index], arrays.count);
      assertKnockoutFits(model, knockout);
      const evaluator = evaluatorFor(task, height, width, arrays.count);
      const { metrics, predictions } = await trackedPass(state, `scoring the ${split} slices`, arrays.count,
        ({ signal, onSlice }) => scoreWithKnockout({ model, split: arrays, height, width, knockout, evaluator, keep: [index], signal, onSlice }));
      return { metrics, height, width, prediction: handOver(predictions) };
    },

    async rankChannels({ split, layer, slices = RANKED_SLICES }) {
      const { model, height, width, task, arrays } = current(split, 'rank the channels');
      const found = channelLayersOf(model).find((l) => l.name === layer);
      assertKnockoutFits(model, { channels: { layer, indices: [] } });
      const count = Math.max(1, Math.min(Math.floor(slices), arrays.count));
      const indices = Array.from({ length: count }, (_, k) => Math.floor(((k + 0.5) * arrays.count) / count));
      const size = height * width;
      const subset: SplitArrays = { x: gatherSlices(arrays.x, indices, size), y: gatherSlices(arrays.y, indices, size), count };
      const descriptor = taskDescriptor(task);
      const channels = found?.channels ?? 0;
      return trackedPass(state, `switching off each channel of ${layer}`, (channels + 1) * count, async ({ signal, onSlice }) => {
        let scored = 0;
        const headline = async (off: number[]) => {
          const { metrics } = await scoreWithKnockout({
            model, split: subset, height, width, knockout: { channels: { layer, indices: off } }, evaluator: evaluatorFor(task, height, width, count),
            signal, onSlice: (done) => onSlice(scored + done),
          });
          scored += count;
          return descriptor.summarizeTest(metrics).numbers[0];
        };
        const first = await headline([]);
        const values: number[] = [];
        for (let c = 0; c < channels && !signal.aborted; c++) values.push((await headline([c])).value);
        // The headline number is the task's epoch metric over the slices (hard Dice, MAE): its direction says which way is worse.
        return { layer, label: first.label, direction: descriptor.epochMetric.direction, baseline: first.value, values, indices };
      });
    },

    async attribute({ split, index, region }) {
      const { model, height, width, arrays } = current(split, 'compute an attribution');
      assertIndices(split, [index], arrays.count);
      const size = height * width;
      if (!(region instanceof Uint8Array) || region.length !== size) {
        throw new ShapeError(`Expected the region to be ${height}×${width} = ${size} bytes, but got ${region?.length ?? 'none'}.`, 'Paint the region on the prediction shown at the model’s size.');
      }
      const regionPixels = region.reduce((n, v) => n + (v ? 1 : 0), 0);
      if (regionPixels === 0) throw new ShapeError('The region is empty.', 'Pick a pixel or paint a region on the prediction first.');
      const input = gatherSlices(arrays.x, [index], size);
      const { attribution } = await attributionOf({ model, input, region, height, width });
      return { height, width, attribution: handOver(attribution), regionPixels };
    },
  };
}
