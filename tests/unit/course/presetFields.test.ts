import { describe, expect, it } from 'vitest';
import { PRESET_FIELDS, PRESET_KEYS, panelDefaultsSchema, presetFromUrl, unknownUrlParams } from '../../../src/course/presetFields';

describe('URL presets', () => {
  it('applies plain keys to the main panel only, and panel keys to their panel', () => {
    const search = '?epochs=8&lr=0.001&size=64&augment=off&model-b.epochs=20&model-b.slices=all&norm=hu-scale';
    expect(presetFromUrl(search, { panelId: 'model-a', main: true, task: 'segmentation' }))
      .toEqual({ preset: { epochs: 8, learningRate: 0.001, size: 64, augment: false, normalization: 'hu-scale' }, problems: [] });
    expect(presetFromUrl(search, { panelId: 'model-b', main: false, task: 'segmentation' }))
      .toEqual({ preset: { epochs: 20, trainLimit: null }, problems: [] });
  });

  it('a panel key wins over a plain one for the main panel', () => {
    expect(presetFromUrl('?epochs=8&model-a.epochs=5', { panelId: 'model-a', main: true, task: 'segmentation' }).preset).toEqual({ epochs: 5 });
  });

  it('leaves out every bad value and says which and why', () => {
    const { preset, problems } = presetFromUrl('?epochs=0&lr=fast&size=102&batch=16&loss=mae&optimizer=rmsprop&augment=maybe&seed=1.5',
      { panelId: 'model-a', main: true, task: 'segmentation' });
    expect(preset).toEqual({ batchSize: 16 });
    expect(problems).toEqual([
      { param: 'loss', value: 'mae', reason: 'expected dice or bce for a segmentation panel' },
      { param: 'optimizer', value: 'rmsprop', reason: 'expected sgd or adam' },
      { param: 'lr', value: 'fast', reason: 'expected a number above 0 and at most 1' },
      { param: 'epochs', value: '0', reason: 'expected a whole number from 1 to 500' },
      { param: 'size', value: '102', reason: 'expected a multiple of 4 from 16 to 256 (pixels per side)' },
      { param: 'seed', value: '1.5', reason: 'expected a whole number from 0 to 2147483647' },
      { param: 'augment', value: 'maybe', reason: 'expected true or false' },
    ]);
  });

  it('reads intensity augmentation from `intensity`, as a flag', () => {
    expect(presetFromUrl('?intensity=on&model-b.intensity=0', { panelId: 'model-b', main: false, task: 'segmentation' }).preset).toEqual({ intensityAugment: false });
    expect(presetFromUrl('?intensity=yes', { panelId: 'model', main: true, task: 'translation' }).preset).toEqual({ intensityAugment: true });
    expect(presetFromUrl('?intensity=maybe', { panelId: 'model', main: true, task: 'translation' }).problems).toEqual([{ param: 'intensity', value: 'maybe', reason: 'expected true or false' }]);
    expect(unknownUrlParams('?epoch=8', ['model'])[0].reason).toContain('slices, augment, intensity, norm)');
  });

  it('an empty value is a problem, not a zero', () => {
    expect(presetFromUrl('?epochs=', { panelId: 'model', main: true, task: 'translation' }).problems).toEqual([{ param: 'epochs', value: '', reason: 'expected a whole number from 1 to 500' }]);
  });

  it('names parameters that fit no panel or no setting', () => {
    expect(unknownUrlParams('?epoch=8&model-c.epochs=3&model-b.epochs=4&backend=wasm&lr=0.1', ['model-a', 'model-b'])).toEqual([
      { param: 'epoch', value: '8', reason: expect.stringContaining('unknown setting “epoch”') },
      { param: 'model-c.epochs', value: '3', reason: 'no panel “model-c” on this page (its panels: model-a, model-b)' },
    ]);
  });
});

describe('panel defaults schema', () => {
  it('has an entry, with a distinct URL key, for every settings field', () => {
    const keys = PRESET_KEYS.map((k) => PRESET_FIELDS[k].url);
    expect(new Set(keys).size).toBe(keys.length);
    expect(PRESET_KEYS).toEqual(expect.arrayContaining(['model', 'loss', 'optimizer', 'learningRate', 'epochs', 'batchSize', 'size', 'seed', 'trainLimit', 'augment', 'intensityAugment', 'normalization']));
    for (const key of PRESET_KEYS) expect(PRESET_FIELDS[key].label).not.toBe('');
  });

  it('refuses unknown fields by name', () => {
    const result = panelDefaultsSchema.safeParse({ epoch: 3 });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0].message).toMatch(/unknown field "epoch"; expected one of model, loss/);
  });
});
