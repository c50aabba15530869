import { readLessonDataset } from '../data/readLessonDataset';
import { inspectDataset } from '../data/inspectDataset';
import type { EngineApi } from './protocol';
import type { EngineState } from './engineState';
import { handOver } from './transfer';
import { assertIndices, gatherSlices, splitOf } from './sliceArrays';
import { createPreparedData, datasetBytes, summarizeDataset } from './preparedData';
import { augmentPreview } from './modelRequests';
import { lookupBaseline } from './lookupBaseline';
import { datasetRulesByTask, taskDescriptor } from '../tasks';
import { SettingsError } from '../errors';

/** The requests about data: inspect a file, load one, read slices, preview augmentation. */
export function datasetMethods(
  state: EngineState, options: { maxDatasetBytes?: number } = {},
): Pick<EngineApi, 'inspectDataset' | 'loadDataset' | 'getSlices' | 'augmentPreview' | 'lookupBaseline'> {
  // The loaders' own default budget unless the host sets one (the command line allows larger files than a page).
  const budget = options.maxDatasetBytes === undefined ? {} : { maxBytes: options.maxDatasetBytes };
  return {
    async inspectDataset({ source, label = 'The file' }) {
      return inspectDataset(await datasetBytes(source, label), { label, tasks: datasetRulesByTask(), ...budget });
    },

    async loadDataset({ source, task, label, purpose }) {
      state.requireIdle('load a dataset');
      const name = label ?? ('url' in source ? `The file at ${source.url}` : 'The file');
      const dataset = await readLessonDataset(await datasetBytes(source, name), { rules: taskDescriptor(task).data, label: name, ...budget, ...(purpose ? { purpose } : {}) });
      state.data = { prepared: createPreparedData(dataset), task };
      return summarizeDataset(dataset, task);
    },

    async getSlices({ split, indices }) {
      const dataset = state.requireData().prepared.stored;
      const arrays = splitOf(dataset, split);
      assertIndices(split, indices, arrays.count);
      const sliceSize = dataset.height * dataset.width;
      const x = gatherSlices(arrays.x, indices, sliceSize);
      const y = gatherSlices(arrays.y, indices, sliceSize);
      return { split, indices: [...indices], height: dataset.height, width: dataset.width, x: handOver(x, y), y };
    },

    async augmentPreview(params) {
      state.requireBackend();
      const { prepared, task } = state.requireData();
      const dataset = prepared.stored;
      const split = params.split ?? 'train';
      const arrays = splitOf(dataset, split);
      assertIndices(split, params.indices, arrays.count);
      const result = await augmentPreview(arrays, dataset.height, dataset.width, task, { ...params, split });
      handOver(result.inputs, result.targets);
      return result;
    },

    async lookupBaseline({ height, width, splits, bins }) {
      const { prepared, task } = state.requireData();
      if (taskDescriptor(task).baseline === null) {
        throw new SettingsError(`A lookup-table baseline maps input intensities to target intensities; the loaded data is for ${task}.`, 'Load a translation dataset (paired T1/T2 slices).');
      }
      const dataset = prepared.forDisplay(height ?? prepared.stored.height, width ?? prepared.stored.width);
      return lookupBaseline(dataset, { ...(splits ? { splits } : {}), ...(bins ? { bins } : {}) });
    },
  };
}
