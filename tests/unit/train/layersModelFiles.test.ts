import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { DatasetFormatError } from '../../../src/lib/errors';
import { buildRunModel } from '../../../src/lib/train/buildRunModel';
import { fromLayersModelFiles, toLayersModelFiles } from '../../../src/lib/train/layersModelFiles';

beforeAll(async () => {
  expect(await tf.setBackend('cpu')).toBe(true);
});

describe('layers-model files', () => {
  it('round-trips a lesson model: same topology, same predictions', async () => {
    const model = buildRunModel({ task: 'translation', model: 'plain', height: 16, width: 16, seed: 4 });
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

  it('rejects mismatched or broken files', async () => {
    const model = buildRunModel({ task: 'segmentation', model: 'plain', height: 16, width: 16, seed: 4 });
    const files = await toLayersModelFiles(model);
    model.dispose();
    await expect(fromLayersModelFiles({ ...files, weights: files.weights.subarray(8) })).rejects.toThrow(/weights\.bin has 712676/);
    await expect(fromLayersModelFiles({ ...files, modelJson: '{nope' })).rejects.toThrow(DatasetFormatError);
    await expect(fromLayersModelFiles({ ...files, modelJson: '{}' })).rejects.toThrow(/not a TensorFlow\.js layers model/);
  });
});
