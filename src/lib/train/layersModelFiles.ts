import * as tf from '@tensorflow/tfjs';
import { DatasetFormatError } from '../errors';
import type { InputUnits } from '../data/inputUnits';
import { assertNormalization, type Normalization } from '../data/normalizations';
import type { Task } from '../data/types';

/** A model in TensorFlow.js layers format: `model.json` text and the `weights.bin` it points to. */
export interface LayersModelFiles {
  modelJson: string;
  weights: Uint8Array;
}

const WEIGHTS_FILE = 'weights.bin';

/** What a saved model needs besides its weights to be applied right: kept in model.json under userDefinedMetadata.course. */
export interface CourseModelMetadata {
  task: Task;
  /** The input normalisation it was trained with; every prediction and evaluation re-applies it. */
  normalization: Normalization;
  /** Units of its training images as stored (e.g. 'HU'), when known. */
  inputUnits?: InputUnits;
}

/**
 * Serialises a model into the two files tf.loadLayersModel reads (no tensors created; the model is untouched).
 * `metadata` (task, normalisation) goes into model.json as userDefinedMetadata.course.
 */
export async function toLayersModelFiles(model: tf.LayersModel, metadata?: CourseModelMetadata): Promise<LayersModelFiles> {
  let files: LayersModelFiles | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const data = artifacts.weightData ?? new ArrayBuffer(0);
      const weights = new Uint8Array(Array.isArray(data) ? tf.io.concatenateArrayBuffers(data) : data).slice();
      const json: tf.io.ModelJSON = {
        modelTopology: artifacts.modelTopology as object,
        format: artifacts.format ?? 'layers-model',
        generatedBy: artifacts.generatedBy ?? `TensorFlow.js tfjs-layers v${tf.version.tfjs}`,
        convertedBy: null,
        weightsManifest: [{ paths: [WEIGHTS_FILE], weights: artifacts.weightSpecs ?? [] }],
        ...(metadata ? { userDefinedMetadata: { course: structuredClone(metadata) } } : {}),
      };
      files = { modelJson: JSON.stringify(json), weights };
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON', weightDataBytes: weights.byteLength } };
    }),
  );
  if (!files) throw new Error('model.save did not call the save handler.');
  return files;
}

/** Loads a model from `model.json` text and its single weights file; the caller owns (disposes) the model. Throws DatasetFormatError for files that don't fit. */
export async function fromLayersModelFiles(files: LayersModelFiles): Promise<tf.LayersModel> {
  let json: tf.io.ModelJSON;
  try {
    json = JSON.parse(files.modelJson) as tf.io.ModelJSON;
  } catch {
    throw new DatasetFormatError('model.json is not valid JSON.', 'Pass a directory written by --save (model.json + weights.bin).');
  }
  if (!json?.modelTopology || !Array.isArray(json.weightsManifest)) {
    throw new DatasetFormatError('model.json has no modelTopology or weightsManifest: it is not a TensorFlow.js layers model.', 'Pass a directory written by --save.');
  }
  const specs = json.weightsManifest.flatMap((group) => group.weights);
  const needed = specs.reduce((sum, s) => sum + s.shape.reduce((a, b) => a * b, 1) * 4, 0);
  if (needed !== files.weights.byteLength) {
    throw new DatasetFormatError(
      `model.json describes ${needed} bytes of weights, but weights.bin has ${files.weights.byteLength}.`,
      'The two files come from different saves; save the model again.',
    );
  }
  const weightData = files.weights.slice().buffer;
  return tf.loadLayersModel(tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: specs, weightData }));
}

/**
 * The course metadata in a model.json (see toLayersModelFiles), or null for files saved without it (older
 * versions, other tools). Throws DatasetFormatError when it is there but not understood.
 */
export function readModelMetadata(modelJson: string): CourseModelMetadata | null {
  let json: { userDefinedMetadata?: { course?: Partial<CourseModelMetadata> } };
  try {
    json = JSON.parse(modelJson) as typeof json;
  } catch {
    throw new DatasetFormatError('model.json is not valid JSON.', 'Pass a directory written by --save (model.json + weights.bin).');
  }
  const course = json?.userDefinedMetadata?.course;
  if (course === undefined) return null;
  if (typeof course.task !== 'string' || course.task === '') {
    throw new DatasetFormatError(`model.json names the task ${JSON.stringify(course.task)}, expected a task name such as segmentation.`, 'Save the model again with this version of the course.');
  }
  try {
    assertNormalization(course.normalization, 'model.json');
  } catch (error) {
    throw new DatasetFormatError((error as Error).message, 'Save the model again with this version of the course.');
  }
  return { task: course.task, normalization: course.normalization, ...(typeof course.inputUnits === 'string' ? { inputUnits: course.inputUnits } : {}) };
}
