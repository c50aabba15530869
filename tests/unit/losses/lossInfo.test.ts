import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { SettingsError } from '../../../src/lib/errors';
import { isLossName, LOSS_INFO, lossAxisLabel, lossInfo, LOSSES, type LossName } from '../../../src/lib/losses/lossInfo';
import { lossFunction } from '../../../src/lib/losses/lossRegistry';

beforeAll(async () => {
  expect(await tf.setBackend('cpu')).toBe(true);
});

describe('the loss registry', () => {
  it('lists every loss once, each under its own name', () => {
    expect(LOSSES).toEqual(['dice', 'bce', 'mae', 'mse']);
    for (const name of LOSSES) {
      expect(isLossName(name)).toBe(true);
      expect(lossInfo(name)).toBe(LOSS_INFO[name]);
      expect(lossInfo(name).name).toBe(name);
    }
    expect(isLossName('toString')).toBe(false);
  });

  it('refuses an unknown loss name with a SettingsError naming the known ones, never a silent MAE', () => {
    for (const name of ['huber', 'MAE', '', 'toString', undefined]) {
      expect(() => lossInfo(name)).toThrow(SettingsError);
      expect(() => lossFunction(name as LossName)).toThrow(SettingsError);
    }
    expect(() => lossFunction('huber' as LossName)).toThrow(`Expected loss 'dice', 'bce', 'mae', 'mse', but got "huber".`);
    expect(() => lossAxisLabel(['huber' as LossName])).toThrow(SettingsError);
  });

  it('pairs each name with its own function', () => {
    const yTrue = tf.tensor4d([1, 0, 1, 0], [1, 2, 2, 1]);
    const yPred = tf.tensor4d([0.5, 0.5, 1, 0], [1, 2, 2, 1]);
    const value = (name: LossName) => {
      const loss = lossFunction(name)(yTrue, yPred);
      const v = loss.dataSync()[0];
      loss.dispose();
      return v;
    };
    try {
      expect(value('mae')).toBeCloseTo((0.5 + 0.5) / 4, 6);
      expect(value('mse')).toBeCloseTo((0.25 + 0.25) / 4, 6);
      // Soft Dice with its +1: 1 − (2·(0.5 + 1) + 1) / ((1 + 1) + (0.5 + 0.5 + 1) + 1).
      expect(value('dice')).toBeCloseTo(1 - 4 / 5, 6);
      // Two pixels at p = 0.5 cost log 2 each, the two right ones (nearly) nothing.
      expect(value('bce')).toBeCloseTo(Math.log(2) / 2, 5);
    } finally {
      yTrue.dispose();
      yPred.dispose();
    }
  });
});
