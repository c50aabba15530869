import { isTask, taskNames } from '../tasks';
import { CourseError, SettingsError } from '../errors';
import { fromLayersModelFiles, readModelMetadata, toLayersModelFiles } from '../train/layersModelFiles';
import type { EngineApi, ListedModel } from './protocol';
import type { EngineState } from './engineState';
import { handOver } from './transfer';
import { assertIndices, gatherSlices, splitOf } from './sliceArrays';
import { evaluateSplit, inputSize, predictSlices, taskOfOutput } from './modelRequests';
import { volumesOfSplit } from '../data/volumesOfSplit';

/**
 * The requests about the current model: predict, evaluate, keep it in the browser, restore it, forget it, list the
 * kept ones, export and import it.
 */
export function modelMethods(state: EngineState): Pick<EngineApi, 'predict' | 'evaluate' | 'keepModel' | 'restoreModel' | 'forgetModel' | 'keptModels' | 'exportModel' | 'importModel'> {
  return {
    async predict({ split, indices }) {
      state.requireIdle('predict');
      const model = state.requireModel();
      const { height, width } = inputSize(model);
      const { prepared } = state.requireData();
      const dataset = prepared.forModel(height, width, state.modelInput?.normalization);
      const arrays = splitOf(dataset, split);
      assertIndices(split, indices, arrays.count);
      const out = await predictSlices(model, arrays, indices, height, width);
      // Show the learner the input in its own units (Hounsfield units for CT), not as normalised for the network.
      const inputs = gatherSlices(splitOf(prepared.forDisplay(height, width), split).x, indices, height * width);
      handOver(inputs, out.targets, out.predictions);
      return { split, indices: [...indices], height, width, ...out, inputs };
    },

    async evaluate({ split, batchSize, normalization: asked }) {
      state.requireIdle('evaluate');
      const model = state.requireModel();
      const { height, width } = inputSize(model);
      const { prepared, task } = state.requireData();
      const input = state.modelInput;
      const normalization = asked ?? input?.normalization;
      const dataset = prepared.forModel(height, width, normalization);
      // The units the model trained on stay its own (unknown without them) when another normalisation is asked for.
      const applied = normalization && { normalization, units: input?.units, stored: prepared.stored };
      const arrays = splitOf(dataset, split);
      // The file's patients and their spacing, the in-plane spacing scaled when the slices were resampled to the model's size.
      const { stored } = prepared;
      const volumes = volumesOfSplit(stored.attributes, split, arrays.count, { scale: { rows: stored.height / height, columns: stored.width / width } });
      return evaluateSplit(model, dataset, arrays, task, applied, { batchSize, volumes });
    },

    async keepModel({ key, tag, dataset }) {
      state.requireIdle('keep the model');
      const model = state.requireModel();
      const store = state.requireModelStore();
      const task = state.requireData().task;
      const input = state.modelInput && { normalization: state.modelInput.normalization, inputUnits: state.modelInput.units };
      const files = await toLayersModelFiles(model, input ? { task, ...input } : undefined);
      const { height, width } = inputSize(model);
      const meta = { tag, task, height, width, dataset, savedAt: new Date().toISOString(), ...input };
      await store.put({ key, files, meta });
      return { ...meta, bytes: files.weights.byteLength };
    },

    async restoreModel({ key, tag }) {
      state.requireBackend();
      state.requireIdle('restore a kept model');
      const stored = await state.requireModelStore().get(key);
      if (!stored || stored.meta.tag !== tag) throw new CourseError('No trained model is kept for this run.', 'Train the model again.');
      const { data } = state;
      if (data && data.task !== stored.meta.task) {
        throw new SettingsError(`The kept model does ${stored.meta.task}, but the loaded data is for ${data.task}.`, 'Load the data the model was trained on, or train a new model.');
      }
      const restored = await fromLayersModelFiles(stored.files);
      // A run may have started while the model was read: it owns the current model now.
      if (state.run) {
        restored.dispose();
        throw new SettingsError('A training run started while the kept model was being restored.', 'The new run’s model is used instead.');
      }
      const saved = stored.meta.normalization ? stored.meta : readModelMetadata(stored.files.modelJson);
      state.replaceModel(restored, saved?.normalization ? { normalization: saved.normalization, units: saved.inputUnits ?? 'other' } : null, stored.meta.task);
      return { ...stored.meta, bytes: stored.files.weights.byteLength };
    },

    async forgetModel({ key }) {
      await state.requireModelStore().delete(key);
      return null;
    },

    async keptModels({ keyPrefix = '' }) {
      // Listing touches neither the model nor a run: it needs no backend and may run during training.
      const summaries = await state.requireModelStore().summaries();
      return summaries
        .filter((s) => s.key.startsWith(keyPrefix))
        .map((s): ListedModel => ({ ...s.meta, bytes: s.bytes, key: s.key }))
        .sort((a, b) => a.savedAt.localeCompare(b.savedAt) || a.key.localeCompare(b.key));
    },

    async exportModel() {
      state.requireIdle('export the model');
      const model = state.requireModel();
      const task = state.requireData().task;
      const input = state.modelInput && { normalization: state.modelInput.normalization, inputUnits: state.modelInput.units };
      // The same files as the CLI's --save: npm run train -- --model-from <dir> reads them.
      const files = await toLayersModelFiles(model, input ? { task, ...input } : undefined);
      handOver(files.weights);
      return files;
    },

    async importModel({ modelJson, weights }) {
      state.requireBackend();
      state.requireIdle('import a model');
      const saved = readModelMetadata(modelJson);
      if (saved && !isTask(saved.task)) {
        throw new SettingsError(`model.json names the task '${saved.task}', which this course does not know (it knows ${taskNames().join(', ')}).`, 'Import a model saved by this course, or register its task first.');
      }
      const { data } = state;
      if (saved && data && saved.task !== data.task) {
        throw new SettingsError(`The model does ${saved.task}, but the loaded data is for ${data.task}.`, 'Import a model trained for this lesson’s task.');
      }
      const model = await fromLayersModelFiles({ modelJson, weights });
      if (state.run) {
        model.dispose();
        throw new SettingsError('A training run started while the model was being imported.', 'Import it again when the run has finished.');
      }
      const { height, width } = inputSize(model);
      state.replaceModel(model, saved ? { normalization: saved.normalization, units: saved.inputUnits ?? 'other' } : null, saved?.task ?? null);
      return { task: saved?.task ?? data?.task ?? taskOfOutput(model), height, width, normalization: saved?.normalization ?? null, paramCount: model.countParams() };
    },
  };
}
