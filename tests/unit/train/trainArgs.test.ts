import { describe, expect, it } from 'vitest';
import { parseTrainArgs } from '../../../scripts/trainArgs';

describe('train CLI arguments', () => {
  it('parses a full command line', () => {
    const args = parseTrainArgs(['--data', 'a.h5', '--task', 'translation', '--model', 'block', '--epochs', '3', '--batch', '8', '--seed', '5', '--augment', '--lr', '0.01', '--optimizer', 'sgd', '--loss', 'mse', '--size', '64', '--limit-train', '40', '--json', 'o.json', '--schedule', 'cosine', '--intensity-augment']);
    expect(args).toMatchObject({ schedule: 'cosine', data: 'a.h5', task: 'translation', model: 'block', epochs: 3, batch: 8, seed: 5, augment: true, intensityAugment: true, lr: 0.01, optimizer: 'sgd', loss: 'mse', size: 64, limitTrain: 40, json: 'o.json' });
  });

  it('rejects unknown flags, bad values and missing inputs with clear messages', () => {
    expect(() => parseTrainArgs(['--data', 'a.h5', '--epoch', '3'])).toThrow(/Unknown option '--epoch'/);
    expect(() => parseTrainArgs(['--data', 'a.h5', '--batch', '2.5'])).toThrow(/--batch expects a whole number ≥ 1, but got "2.5"/);
    expect(() => parseTrainArgs(['--data', 'a.h5', '--model', 'unet'])).toThrow(/--model expects one of plain, skip, block/);
    expect(() => parseTrainArgs(['--data', 'a.h5', '--lr=-1'])).toThrow(/--lr expects a positive number/);
    expect(() => parseTrainArgs(['--data', 'a.h5', '--loss', 'crossentropy'])).toThrow(/--loss expects one of dice, bce, mae, mse, but got "crossentropy"/);
    expect(() => parseTrainArgs(['--data', 'a.h5', '--schedule', 'step'])).toThrow(/--schedule expects one of constant, cosine, but got "step"/);
    expect(() => parseTrainArgs(['--epochs', '2'])).toThrow(/Missing --data/);
    expect(() => parseTrainArgs(['--model-from', 'dir'])).toThrow(/--model-from and --eval go together/);
    expect(parseTrainArgs(['--summary']).summary).toBe(true);
    expect(parseTrainArgs(['--data', 'a.h5']).intensityAugment).toBe(false);
    expect(() => parseTrainArgs(['--data', 'a.h5', '--intensity-augment=yes'])).toThrow(/--intensity-augment/);
  });

  it('parses --normalization into a normalisation, and refuses unknown ones with the choices', () => {
    expect(parseTrainArgs(['--data', 'a.h5', '--normalization', 'hu-scale']).normalization).toEqual({ kind: 'hu-scale', divisor: 1000 });
    expect(parseTrainArgs(['--model-from', 'd', '--eval', 'e.h5', '--normalization', 'lung-window']).normalization).toEqual({ kind: 'ct-window', level: -600, width: 1500 });
    expect(parseTrainArgs(['--data', 'a.h5']).normalization).toBeUndefined();
    expect(() => parseTrainArgs(['--data', 'a.h5', '--normalization', 'window'])).toThrow(/--normalization: Unknown normalisation "window"\. Use zscore-slice, hu-scale, lung-window/);
  });
});
