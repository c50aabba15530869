import { describe, expect, it } from 'vitest';
import { modelsToEvict, usableKeptModels, type KeptPointer } from '../../../src/components/lab/page/keptModel';

const kept = (id: string, bytes: number, dataset = 'lung-ct-128.h5'): KeptPointer => ({ id, dataset, key: `model:l:${id}`, bytes, savedAt: '2026-12-01T00:00:00Z' });

describe('kept models', () => {
  it('removes the oldest models first until both the count and the size limits hold', () => {
    const list = [kept('a', 10), kept('b', 10), kept('c', 10), kept('d', 10)];
    expect(modelsToEvict(list, [], { count: 3, bytes: 100 }).map((k) => k.id)).toEqual(['a']);
    expect(modelsToEvict(list, [], { count: 10, bytes: 25 }).map((k) => k.id)).toEqual(['a', 'b']);
    expect(modelsToEvict(list, [], { count: 10, bytes: 100 })).toEqual([]);
  });

  it('never removes the model just kept or the one the learner chose', () => {
    const list = [kept('chosen', 10), kept('b', 10), kept('new', 10)];
    expect(modelsToEvict(list, ['new', 'chosen'], { count: 1, bytes: 100 }).map((k) => k.id)).toEqual(['b']);
  });

  it('offers only models trained on the loaded data whose run is still listed', () => {
    const list = [kept('a', 1), kept('b', 1, 'mine.h5'), kept('gone', 1)];
    expect(usableKeptModels(list, 'lung-ct-128.h5', [{ id: 'a' }, { id: 'b' }]).map((k) => k.id)).toEqual(['a']);
    expect(usableKeptModels(list, 'mine.h5', [{ id: 'a' }, { id: 'b' }]).map((k) => k.id)).toEqual(['b']);
    expect(usableKeptModels(list, null, [{ id: 'a' }])).toEqual([]);
  });
});
