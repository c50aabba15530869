import { describe, expect, it } from 'vitest';
import { SettingsError } from '../../../src/lib/errors';
import { buildBrainDataset } from '../../../src/lib/phantoms/brainDataset';
import { buildLungDataset } from '../../../src/lib/phantoms/lungDataset';
import { SPLIT_ID_BASE, subjectSeed, subjectSeedsBySplit } from '../../../src/lib/phantoms/subjectSplits';

const tiny = { seed: 9, size: 24, subjects: { train: 2, val: 1, test: 1 }, slicesPerSubject: 3 };

describe('subject splits', () => {
  it('draws each split from its own id range, so no subject is shared', () => {
    const seeds = subjectSeedsBySplit(5, { train: 50, val: 10, test: 10 });
    const all = [...seeds.train, ...seeds.val, ...seeds.test];
    expect(new Set(all).size).toBe(70);
    expect(seeds.val[0]).toBe(subjectSeed(5, SPLIT_ID_BASE.val));
    expect(SPLIT_ID_BASE.train + 50).toBeLessThanOrEqual(SPLIT_ID_BASE.val);
    // A bigger training split keeps its first subjects: splits never borrow from each other.
    expect(subjectSeedsBySplit(5, { train: 60, val: 10, test: 10 }).train.slice(0, 50)).toEqual(seeds.train);
  });

  it('rejects impossible counts and settings', () => {
    expect(() => subjectSeedsBySplit(1, { train: -1, val: 1, test: 1 })).toThrow(SettingsError);
    expect(() => buildLungDataset({ ...tiny, size: 25 })).toThrow(/even whole number/);
    expect(() => buildBrainDataset({ ...tiny, slicesPerSubject: 0 })).toThrow(SettingsError);
  });
});

describe('dataset builders', () => {
  it('builds the lung dataset in the lesson layout, deterministically', () => {
    const a = buildLungDataset(tiny);
    const b = buildLungDataset(tiny);
    const c = buildLungDataset({ ...tiny, seed: 10 });
    expect(a.train.count).toBe(6);
    expect(a.val.count).toBe(3);
    expect(a.test?.count).toBe(3);
    expect(a.train.x.length).toBe(6 * 24 * 24);
    expect(a.train.x).toEqual(b.train.x);
    expect(a.test?.y).toEqual(b.test?.y);
    expect(a.train.x).not.toEqual(c.train.x);
    for (const v of a.train.y) expect(v === 0 || v === 1).toBe(true);
    expect(Math.min(...a.train.x)).toBeGreaterThanOrEqual(-1024);
    expect(a.attributes.slicesTrain).toBe(6);
    expect(a.attributes.subjectsTest).toBe(1);
    expect(String(a.attributes.xUnits)).toMatch(/Hounsfield/);
    expect(a.attributes.units).toBe('HU');
    expect(a.extras).toBeUndefined();
  });

  it('builds the brain dataset scaled to [0, 1] with one factor per contrast, and keeps labels on request', () => {
    const a = buildBrainDataset(tiny, { keepExtras: true });
    const b = buildBrainDataset(tiny);
    expect(a.train.x).toEqual(b.train.x);
    expect(a.val.y).toEqual(b.val.y);
    for (const split of [a.train, a.val, a.test!]) {
      for (const arr of [split.x, split.y]) {
        let lo = Infinity;
        let hi = -Infinity;
        for (const v of arr) {
          lo = Math.min(lo, v);
          hi = Math.max(hi, v);
        }
        expect(lo).toBeGreaterThan(0);
        expect(hi).toBeLessThanOrEqual(1);
      }
    }
    expect(Number(a.attributes.scaleT1w)).toBeGreaterThan(0);
    expect(Number(a.attributes.scaleT2w)).toBeGreaterThan(0);
    const extras = a.extras?.test;
    expect(extras?.labels.length).toBe(3 * 24 * 24);
    expect(extras?.pdw?.length).toBe(3 * 24 * 24);
    expect(Array.from(extras?.z ?? []).every((z) => z >= 0.25 && z <= 0.9)).toBe(true);
  });

  it('reports progress once per slice', () => {
    const events: number[] = [];
    buildLungDataset(tiny, { onEvent: (e) => events.push(e.done) });
    expect(events).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
  });
});
