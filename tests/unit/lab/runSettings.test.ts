import { describe, expect, it } from 'vitest';
import { lossNameOf, taskDescriptor } from '../../../src/lib/tasks';
import { lossAxisLabel } from '../../../src/lib/losses/lossInfo';
import { DEFAULT_AUGMENT } from '../../../src/lib/augment/augmentConfig';
import { LESSON1_SGD, LESSON2_ADAM } from '../../../src/lib/train/optimizerRegistry';
import { assertRunConfig } from '../../../src/lib/train/runConfig';
import { SettingsError } from '../../../src/lib/errors';
import {
  ADAM_PRESET, AUGMENT_PRESET, SGD_PRESET, copyTrainingSettings, newSeed, toRunConfig, type PanelSettings,
} from '../../../src/components/lab/runSettings';

const settings: PanelSettings = { model: 'plain', optimizer: 'sgd', loss: 'dice', learningRate: 0.05, schedule: 'constant', epochs: 3, batchSize: 16, size: 64, seed: 7, trainLimit: null, augment: false, intensityAugment: false };

describe('presets', () => {
  it('are the original\'s SGD and Keras\'s Adam', () => {
    expect(SGD_PRESET).toMatchObject({ kind: 'sgd', learningRate: 0.05, momentum: 0.9, nesterov: true, clipNorm: 0.5 });
    expect(ADAM_PRESET).toMatchObject({ kind: 'adam', learningRate: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 });
    expect(AUGMENT_PRESET).toMatchObject({ rotationRange: 10, horizontalFlip: true, verticalFlip: false });
  });
});

describe('toRunConfig', () => {
  it('builds a config the library accepts, with the form values', () => {
    const config = toRunConfig(settings, { task: 'segmentation', displaySlices: [3, 9] });
    expect(() => assertRunConfig(config)).not.toThrow();
    expect(config).toMatchObject({ model: 'plain', loss: 'dice', epochs: 3, batchSize: 16, seed: 7, height: 64, width: 64, augment: null, displaySlices: [3, 9] });
    expect(config.optimizer).toEqual({ ...LESSON1_SGD, schedule: 'constant' });
    expect('trainLimit' in config).toBe(false);
  });

  it('keeps Adam defaults but the learner’s learning rate, and copies the augmentation', () => {
    const config = toRunConfig({ ...settings, optimizer: 'adam', learningRate: 0.0005, schedule: 'cosine', augment: true, trainLimit: 24 }, { task: 'segmentation', displaySlices: [] });
    expect(config.optimizer).toEqual({ ...LESSON2_ADAM, learningRate: 0.0005, schedule: 'cosine' });
    expect(() => assertRunConfig(config)).not.toThrow();
    expect(config.augment).toEqual(DEFAULT_AUGMENT);
    expect(config.augment).not.toBe(AUGMENT_PRESET);
    expect(config.trainLimit).toBe(24);
  });

  it('passes bad values through, so the engine names them', () => {
    const config = toRunConfig({ ...settings, epochs: Number.NaN }, { task: 'segmentation', displaySlices: [] });
    expect(() => assertRunConfig(config)).toThrow(SettingsError);
    expect(() => assertRunConfig(config)).toThrow(/epochs/);
  });
});

describe('losses', () => {
  it('offers Dice first for masks and MAE first for images, each accepted by the engine for its task only', () => {
    expect(taskDescriptor('segmentation').defaultLoss).toBe('dice');
    expect(taskDescriptor('translation').defaultLoss).toBe('mae');
    for (const task of ['segmentation', 'translation'] as const) {
      const descriptor = taskDescriptor(task);
      for (const loss of descriptor.losses) {
        expect(() => assertRunConfig(toRunConfig({ ...settings, loss }, { task, displaySlices: [] }), { task: descriptor })).not.toThrow();
      }
    }
    const crossEntropyForImages = toRunConfig({ ...settings, loss: 'bce' }, { task: 'translation', displaySlices: [] });
    expect(() => assertRunConfig(crossEntropyForImages, { task: taskDescriptor('translation') })).toThrow(/cross-entropy needs binary masks/);
  });

  it('reads the loss of older saved runs (which had none) as the task default', () => {
    expect(lossNameOf({ task: 'segmentation' })).toBe('dice');
    expect(lossNameOf({ task: 'segmentation', loss: 'bce' })).toBe('bce');
    expect(lossNameOf({ task: 'translation' })).toBe('mae');
  });

  it('labels the axis by the loss, and neutrally when losses are mixed', () => {
    expect(lossAxisLabel(['dice', 'dice'])).toBe('Dice loss');
    expect(lossAxisLabel(['bce'])).toBe('cross-entropy loss');
    expect(lossAxisLabel(['dice', 'bce'])).toBe('loss');
  });
});

describe('newSeed', () => {
  it('maps [0, 1) to whole seeds the engine accepts', () => {
    expect(newSeed(0)).toBe(0);
    expect(newSeed(0.5)).toBe(2 ** 30);
    expect(newSeed(0.999999)).toBeLessThan(2 ** 31);
    expect(Number.isInteger(newSeed(0.123))).toBe(true);
  });
});

describe('copyTrainingSettings ("Same settings as …")', () => {
  const modelB = toRunConfig({ ...settings, model: 'skip', epochs: 12, batchSize: 8, size: 128, seed: 99 }, { task: 'segmentation', displaySlices: [0] });
  const demo: PanelSettings = { model: 'block', optimizer: 'adam', loss: 'bce', schedule: 'constant', learningRate: 0.002, epochs: 60, batchSize: 4, size: 64, seed: 42, trainLimit: 16, augment: false, intensityAugment: false };

  it('in the bonus demo copies the training settings and keeps the block model, its 16 slices, 60 epochs and augmentation choice', () => {
    const next = { ...demo, ...copyTrainingSettings(modelB, true) };
    expect(next).toEqual({ model: 'block', optimizer: 'sgd', loss: 'dice', learningRate: 0.05, schedule: 'constant', epochs: 60, batchSize: 8, size: 128, seed: 99, trainLimit: 16, augment: false, intensityAugment: false });
  });

  it('in an ordinary panel also takes the other run\'s epochs and training subset, but never its model', () => {
    const limited = { ...modelB, trainLimit: 32 };
    const next = { ...settings, ...copyTrainingSettings(limited, false) };
    expect(next.model).toBe('plain');
    expect(next.epochs).toBe(12);
    expect(next.trainLimit).toBe(32);
  });
});
