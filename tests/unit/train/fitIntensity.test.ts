import * as tf from '@tensorflow/tfjs';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_AUGMENT } from '../../../src/lib/augment/augmentConfig';
import { DEFAULT_INTENSITY_AUGMENT, INTENSITY_CHANGES, onlyChanges } from '../../../src/lib/augment/intensityConfig';
import { SettingsError } from '../../../src/lib/errors';
import { createRng } from '../../../src/lib/random';
import { createRunConfig, intensityAugmentOf, taskDescriptor } from '../../../src/lib/tasks';
import { augmentTrainingBatch } from '../../../src/lib/train/augmentTrainingBatch';
import { buildRunModel } from '../../../src/lib/train/buildRunModel';
import { fit } from '../../../src/lib/train/fit';
import { assertRunConfig } from '../../../src/lib/train/runConfig';
import type { RunConfig } from '../../../src/lib/train/types';
import { discDataset, useWasm } from './fitTestData';

// Every batch the optimiser is given (inputs and targets as trained on), recorded by wrapping the real step.
const steps = vi.hoisted(() => ({ batches: [] as { x: Float32Array; y: Float32Array }[] }));
vi.mock('../../../src/lib/train/trainStep', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../../src/lib/train/trainStep')>();
  return {
    ...actual,
    createTrainStep: (options: Parameters<typeof actual.createTrainStep>[0]) => {
      const step = actual.createTrainStep(options);
      return async (x: tf.Tensor4D, y: tf.Tensor4D) => {
        steps.batches.push({ x: x.dataSync() as Float32Array, y: y.dataSync() as Float32Array });
        return step(x, y);
      };
    },
  };
});

beforeAll(useWasm);
beforeEach(() => { steps.batches = []; });

const SIZE = 16;
const data = discDataset({ size: SIZE, train: 12, val: 4, test: 4, seed: 5 });
// Every change on for every sample, so that each batch's inputs differ from the run without it.
const ALWAYS = (() => {
  const config = structuredClone(DEFAULT_INTENSITY_AUGMENT) as typeof DEFAULT_INTENSITY_AUGMENT;
  for (const name of INTENSITY_CHANGES) config[name].probability = 1;
  return config;
})();

function tinyConfig(overrides: Partial<RunConfig> = {}): RunConfig {
  return createRunConfig('segmentation', { height: SIZE, width: SIZE, epochs: 2, batchSize: 4, seed: 9, augment: { ...DEFAULT_AUGMENT }, ...overrides });
}

async function run(config: RunConfig) {
  const model = buildRunModel(config, taskDescriptor(config.task));
  try {
    const start = tf.memory().numTensors;
    const result = await fit({ task: taskDescriptor(config.task), model, dataset: data, config });
    return { result, leaked: tf.memory().numTensors - start, batches: steps.batches.splice(0) };
  } finally {
    model.dispose();
  }
}

describe('fit with intensity augmentation', () => {
  it('trains, leaks no tensor, and keeps the run\'s geometric draws and targets: only the inputs change', async () => {
    const without = await run(tinyConfig());
    const withIntensity = await run(tinyConfig({ intensityAugment: ALWAYS }));
    expect(withIntensity.leaked).toBe(0);
    expect(without.leaked).toBe(0);
    expect(withIntensity.result.history.every((h) => Number.isFinite(h.trainLoss) && Number.isFinite(h.valLoss))).toBe(true);
    expect(withIntensity.batches).toHaveLength(6);
    // The same shuffle and the same warps: every batch's (warped) masks are identical.
    withIntensity.batches.forEach((batch, i) => expect(batch.y).toEqual(without.batches[i].y));
    // …while every input was changed.
    withIntensity.batches.forEach((batch, i) => expect(batch.x).not.toEqual(without.batches[i].x));
  });

  it('with every probability 0 trains exactly the run without it', async () => {
    const never = onlyChanges(DEFAULT_INTENSITY_AUGMENT, []);
    const without = await run(tinyConfig({ epochs: 1 }));
    const off = await run(tinyConfig({ epochs: 1, intensityAugment: never }));
    expect(off.result.history[0].trainLoss).toBe(without.result.history[0].trainLoss);
    off.batches.forEach((batch, i) => expect(batch.x).toEqual(without.batches[i].x));
  });
});

describe('augmentTrainingBatch', () => {
  const batch = () => {
    const x = tf.tensor4d(data.train.x.slice(0, 4 * SIZE * SIZE), [4, SIZE, SIZE, 1]);
    const y = tf.tensor4d(data.train.y.slice(0, 4 * SIZE * SIZE), [4, SIZE, SIZE, 1]);
    return { x, y };
  };
  const task = taskDescriptor('translation');

  it('changes the input only, never the target, and draws the same noise from the same stream', () => {
    const given = batch();
    const rngs = () => ({ geometric: createRng(1), intensity: createRng(2) });
    const start = tf.memory().numTensors;
    const a = augmentTrainingBatch(given.x, given.y, { config: { augment: null, intensityAugment: ALWAYS }, task, rngs: rngs() });
    const b = augmentTrainingBatch(given.x, given.y, { config: { augment: null, intensityAugment: ALWAYS }, task, rngs: rngs() });
    expect(a.y).toBe(given.y);
    expect(a.geometric).toBeNull();
    expect(a.intensity).toHaveLength(4);
    expect(a.x).not.toBe(given.x);
    expect(a.x.dataSync()).not.toEqual(given.x.dataSync());
    expect(a.x.dataSync()).toEqual(b.x.dataSync());
    // One new tensor per call: the intermediate ones are disposed.
    expect(tf.memory().numTensors).toBe(start + 2);
    tf.dispose([a.x, b.x, given.x, given.y]);
  });

  it('leaves the batch as given when neither augmentation is on', () => {
    const given = batch();
    const out = augmentTrainingBatch(given.x, given.y, { config: { augment: null, intensityAugment: null }, task, rngs: { geometric: createRng(1), intensity: createRng(2) } });
    expect(out).toEqual({ ...given, geometric: null, intensity: null });
    tf.dispose([given.x, given.y]);
  });
});

describe('intensity augmentation per task', () => {
  it('gives segmentation every change and translation only the acquisition changes (never gamma, contrast or brightness)', () => {
    const segmentation = intensityAugmentOf('segmentation');
    for (const name of INTENSITY_CHANGES) expect(segmentation[name].probability).toBe(DEFAULT_INTENSITY_AUGMENT[name].probability);
    const translation = intensityAugmentOf('translation');
    for (const name of ['gamma', 'contrast', 'brightness'] as const) expect(translation[name].probability).toBe(0);
    for (const name of ['noise', 'blur', 'lowRes', 'bias'] as const) expect(translation[name].probability).toBeGreaterThan(0);
  });

  it('is checked with the run configuration: a change the task does not allow, a bad range or a non-object is refused', () => {
    const translation = taskDescriptor('translation');
    const config = createRunConfig('translation', { height: 16, width: 16 });
    expect(() => assertRunConfig(config, { task: translation })).not.toThrow();
    expect(() => assertRunConfig({ ...config, intensityAugment: null }, { task: translation })).not.toThrow();
    expect(() => assertRunConfig({ ...config, intensityAugment: intensityAugmentOf('translation') }, { task: translation })).not.toThrow();
    expect(() => assertRunConfig({ ...config, intensityAugment: DEFAULT_INTENSITY_AUGMENT }, { task: translation }))
      .toThrow(/translation task does not allow the intensity changes contrast, brightness, gamma/);
    // Without the task only the ranges are checked.
    expect(() => assertRunConfig({ ...config, intensityAugment: DEFAULT_INTENSITY_AUGMENT })).not.toThrow();
    const badGamma = { ...DEFAULT_INTENSITY_AUGMENT, gamma: { probability: 0.3, range: [1.5, 0.7] as [number, number] } };
    expect(() => assertRunConfig({ ...config, task: 'segmentation', intensityAugment: badGamma })).toThrow(SettingsError);
    expect(() => assertRunConfig({ ...config, intensityAugment: 'on' as never })).toThrow(/intensityAugment to be a settings object or null/);
    expect(() => assertRunConfig({ ...config, intensityAugment: { ...DEFAULT_INTENSITY_AUGMENT, noise: { probability: 2, std: [0, 0.1] } } })).toThrow(/noise\.probability/);
  });
});
