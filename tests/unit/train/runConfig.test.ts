import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { SettingsError } from '../../../src/lib/errors';
import { buildRunModel } from '../../../src/lib/train/buildRunModel';
import { formatDuration } from '../../../src/lib/format';
import { createEtaEstimator } from '../../../src/lib/train/eta';
import { activationBytesPerSample, assertFitsMemory } from '../../../src/lib/train/memoryBudget';
import { createPauseController } from '../../../src/lib/train/pauseController';
import { assertRunConfig } from '../../../src/lib/train/runConfig';
import { createRunConfig, taskDescriptor } from '../../../src/lib/tasks';

beforeAll(async () => {
  expect(await tf.setBackend('cpu')).toBe(true);
});

describe('run configuration', () => {
  it('names the bad setting', () => {
    const ok = createRunConfig('segmentation', { height: 64, width: 64, displaySlices: [2] });
    const data = { height: 64, width: 64, trainCount: 10, valCount: 3 };
    expect(() => assertRunConfig(ok, { data })).not.toThrow();
    expect(() => assertRunConfig({ ...ok, epochs: 0 }, { data })).toThrow(/epochs to be a whole number from 1/);
    expect(() => assertRunConfig({ ...ok, height: 66, width: 66 }, { data: { ...data, height: 66, width: 66 } })).toThrow(/divisible by 4/);
    expect(() => assertRunConfig({ ...ok, optimizer: { ...ok.optimizer, learningRate: -1 } })).toThrow(/learning rate/);
    expect(() => assertRunConfig({ ...ok, displaySlices: [3] }, { data })).toThrow(/display slice index to be a whole number from 0 to 2/);
    expect(() => assertRunConfig(ok, { data: { ...data, height: 128, width: 128 } })).toThrow(/data holds 128×128/);
    const translation = taskDescriptor('translation');
    expect(() => assertRunConfig({ ...ok, task: 'translation', loss: 'dice' }, { task: translation })).toThrow(SettingsError);
    expect(() => assertRunConfig({ ...ok, task: 'translation', loss: 'bce' }, { task: translation })).toThrow(/cross-entropy needs binary masks/);
    expect(() => assertRunConfig({ ...ok, task: 'segmentation', loss: 'bce' }, { task: taskDescriptor('segmentation') })).not.toThrow();
    expect(() => assertRunConfig({ ...ok, loss: 'huber' as never })).toThrow(/Expected loss 'dice', 'bce', 'mae', 'mse', but got "huber"/);
    expect(() => assertRunConfig(ok, { task: translation })).toThrow(/configured for the segmentation task, but was given the translation task/);
    expect(() => assertRunConfig({ ...ok, optimizer: { ...ok.optimizer, schedule: 'cosine' } }, { data })).not.toThrow();
    expect(() => assertRunConfig({ ...ok, optimizer: { ...ok.optimizer, schedule: 'step' as never } }, { data })).toThrow(/learning-rate schedule 'constant' or 'cosine', but got "step"/);
  });
});

describe('memory budget', () => {
  it('refuses the skip model at 256×256 with batch 16 on wasm (it exhausts the 4 GiB heap) but accepts batch 8', () => {
    const model = buildRunModel({ model: 'skip', height: 256, width: 256, seed: 1 }, taskDescriptor('segmentation'));
    try {
      // Input, 22 layer outputs: about 63 MiB of float32 activations per 256×256 sample.
      expect(activationBytesPerSample(model) / 2 ** 20).toBeCloseTo(63, 0);
      expect(() => assertFitsMemory({ model, batchSize: 8, backend: 'wasm' })).not.toThrow();
      expect(() => assertFitsMemory({ model, batchSize: 16, backend: 'wasm' })).toThrow(/Batch 16 needs about 3\.9 GiB .* wasm backend/);
      try {
        assertFitsMemory({ model, batchSize: 16, backend: 'wasm' });
      } catch (error) {
        expect((error as SettingsError).hint).toBe('Use a batch size of at most 14, or a smaller image size.');
      }
      expect(() => assertFitsMemory({ model, batchSize: 16, backend: 'wasm', budgetBytes: 8 * 2 ** 30 })).not.toThrow();
    } finally {
      model.dispose();
    }
  });
});

describe('ETA and pause controller', () => {
  it('ignores the warm-up batch and adds validation time', () => {
    const eta = createEtaEstimator();
    expect(eta.estimate(10, 1)).toBeNull();
    eta.recordBatch(5000); // warm-up: compilation, allocation
    expect(eta.estimate(10, 1)).toBeNull();
    eta.recordBatch(100);
    eta.recordBatch(300);
    eta.recordValidation(50);
    expect(eta.estimate(10, 2)).toBe(10 * 200 + 2 * 50);
    expect(formatDuration(3_725_000)).toBe('1 h 02 min');
    expect(formatDuration(185_000)).toBe('3 min 05 s');
  });

  it('releases waiters on resume and on abort', async () => {
    const pause = createPauseController();
    await pause.waitWhilePaused(); // not paused: returns at once
    pause.pause();
    let released = false;
    const waiting = pause.waitWhilePaused().then(() => (released = true));
    await new Promise((r) => setTimeout(r, 0));
    expect(released).toBe(false);
    pause.resume();
    await waiting;
    expect(released).toBe(true);
    pause.pause();
    const abort = new AbortController();
    const aborted = pause.waitWhilePaused(abort.signal);
    abort.abort();
    await aborted;
    expect(pause.paused).toBe(true);
  });
});
