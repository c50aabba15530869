import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { DatasetFormatError } from '../../../src/lib/errors';
import { buildRunModel } from '../../../src/lib/train/buildRunModel';
import { fromLayersModelFiles, readModelMetadata, toLayersModelFiles } from '../../../src/lib/train/layersModelFiles';
import { taskDescriptor } from '../../../src/lib/tasks';

beforeAll(async () => {
  expect(await tf.setBackend('cpu')).toBe(true);
});

describe('layers-model files', () => {
  it('round-trips a lesson model: same topology, same predictions', async () => {
    const model = buildRunModel({ model: 'plain', height: 16, width: 16, seed: 4 }, taskDescriptor('translation'));
    const files = await toLayersModelFiles(model);
    expect(files.weights.byteLength).toBe(178_171 * 4);
    const json = JSON.parse(files.modelJson);
    expect(json.format).toBe('layers-model');
    expect(json.weightsManifest[0].paths).toEqual(['weights.bin']);
    const back = await fromLayersModelFiles(files);
    const x = tf.randomUniform([2, 16, 16, 1], 0, 1, 'float32', 3);
    const a = model.predict(x) as tf.Tensor;
    const b = back.predict(x) as tf.Tensor;
    expect(back.countParams()).toBe(178_171);
    expect(tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]).toBe(0);
    tf.dispose([x, a, b]);
    model.dispose();
    back.dispose();
  });

  it('names the input normalisation in model.json, and reads it back', async () => {
    const model = buildRunModel({ model: 'plain', height: 8, width: 8, seed: 1 }, taskDescriptor('segmentation'));
    try {
      const files = await toLayersModelFiles(model, { task: 'segmentation', normalization: { kind: 'zscore-split', mean: -400, std: 450 }, inputUnits: 'HU' });
      expect(JSON.parse(files.modelJson).userDefinedMetadata.course.normalization).toEqual({ kind: 'zscore-split', mean: -400, std: 450 });
      expect(readModelMetadata(files.modelJson)).toEqual({ task: 'segmentation', normalization: { kind: 'zscore-split', mean: -400, std: 450 }, inputUnits: 'HU' });
      (await fromLayersModelFiles(files)).dispose();
      // Files saved without it (older versions, other tools) read as null; unknown contents are refused.
      expect(readModelMetadata((await toLayersModelFiles(model)).modelJson)).toBeNull();
      const odd = JSON.stringify({ ...JSON.parse(files.modelJson), userDefinedMetadata: { course: { task: 'segmentation', normalization: { kind: 'magic' } } } });
      expect(() => readModelMetadata(odd)).toThrow(DatasetFormatError);
    } finally {
      model.dispose();
    }
  });

  it('rejects mismatched or broken files', async () => {
    const model = buildRunModel({ model: 'plain', height: 16, width: 16, seed: 4 }, taskDescriptor('segmentation'));
    const files = await toLayersModelFiles(model);
    model.dispose();
    await expect(fromLayersModelFiles({ ...files, weights: files.weights.subarray(8) })).rejects.toThrow(/weights\.bin has 712676/);
    await expect(fromLayersModelFiles({ ...files, modelJson: '{nope' })).rejects.toThrow(DatasetFormatError);
    await expect(fromLayersModelFiles({ ...files, modelJson: '{}' })).rejects.toThrow(/not a TensorFlow\.js layers model/);
  });
});
