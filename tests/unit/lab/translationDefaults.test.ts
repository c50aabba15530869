import { describe, expect, it } from 'vitest';
import { chooseTrainingDefaults } from '../../../src/components/lab/defaults';
import { taskDescriptor } from '../../../src/lib/tasks';

describe('first-run defaults of the translation task', () => {
  const { minutes, minEpochs, maxEpochs } = taskDescriptor('translation').firstRun;
  const base = { backend: 'wasm' as const, measured: true, trainCount: 320, valCount: 48, dataSize: 128, targetMinutes: minutes, minEpochs, maxEpochs };

  it('prefers many epochs at 64×64 to a few at 128×128 on two wasm threads', () => {
    const d = chooseTrainingDefaults({ ...base, msPerStep64: 900 });
    expect(d.size).toBe(64);
    expect(d.epochs).toBe(12);
    expect(d.estimatedMs).toBeLessThanOrEqual(6 * 60_000);
  });

  it('stays within six minutes on a slower device by training fewer epochs', () => {
    const d = chooseTrainingDefaults({ ...base, msPerStep64: 2800 });
    // Set-up 20 · 2.8 s = 56 s, then 61.6 s per epoch (20 steps, validation, overhead): 4 epochs in 6 minutes.
    expect(d.size).toBe(64);
    expect(d.epochs).toBe(4);
    expect(d.estimatedMs).toBeLessThanOrEqual(6 * 60_000);
  });

  it('keeps augmentation off and MAE with Adam at its Keras defaults', () => {
    const t = taskDescriptor('translation');
    expect(t.augmentByDefault).toBe(false);
    expect(t.defaultLoss).toBe('mae');
    expect(t.defaultOptimizer).toEqual({ kind: 'adam', learningRate: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 });
  });
});
