import { describe, expect, it } from 'vitest';
import {
  assertNormalization, declaredUnits, describeNormalization, isAffineInvariant, normalizeDataset, parseNormalization,
  resolveNormalization, sniffUnits, unitsOfDataset,
} from '../../../src/lib/data/normalize';
import { defaultNormalization } from '../../../src/lib/data/prepareDataset';
import type { LessonDataset } from '../../../src/lib/data/types';

const f32 = (...v: number[]) => new Float32Array(v);

describe('choosing the input normalisation', () => {
  it('reads the machine-readable units attribute, not free text', () => {
    expect(declaredUnits({ units: 'HU' })).toBe('HU');
    expect(declaredUnits({ units: ' hounsfield units ' })).toBe('HU');
    expect(declaredUnits({ units: 'z-scored' })).toBe('z-scored');
    expect(declaredUnits({ units: 'a.u.' })).toBe('other');
    // The course's own free-text description is not the machine-readable attribute.
    expect(declaredUnits({ xUnits: 'Hounsfield units (integers, clipped below at -1024)' })).toBeNull();
  });

  it('sniffs the units from the values when there is no attribute', () => {
    expect(sniffUnits(f32(-1024, -800, 40, 60, 300, 1200)).units).toBe('HU');
    expect(sniffUnits(f32(-1.5, -0.5, 0.5, 1.5)).units).toBe('z-scored');
    expect(sniffUnits(f32(0, 0.2, 0.9, 1)).units).toBe('unit-range');
    expect(sniffUnits(f32(-1.024, -0.9, 0.04, 0.3)).units).toBe('other'); // HU / 1000
    // The sniff decides the default only without an attribute; an attribute wins.
    expect(defaultNormalization({}, f32(-1000, 50))).toEqual({ kind: 'zscore-slice' });
    const d: LessonDataset = { height: 1, width: 2, attributes: { units: 'HU' }, train: { x: f32(0, 1), y: f32(0, 1), count: 1 }, val: { x: f32(0, 1), y: f32(0, 1), count: 1 } };
    expect(unitsOfDataset(d)).toMatchObject({ units: 'HU', declared: true, sniff: { units: 'unit-range' } });
  });

  it('parses and describes the normalisations the CLI offers', () => {
    expect(parseNormalization('hu-scale')).toEqual({ kind: 'hu-scale', divisor: 1000 });
    expect(parseNormalization('lung-window')).toEqual({ kind: 'ct-window', level: -600, width: 1500 });
    expect(parseNormalization('ct-window:40:400')).toEqual({ kind: 'ct-window', level: 40, width: 400 });
    expect(parseNormalization('ZSCORE-SLICE')).toEqual({ kind: 'zscore-slice' });
    expect(() => parseNormalization('hu')).toThrow(/Unknown normalisation "hu"/);
    expect(describeNormalization({ kind: 'hu-scale', divisor: 1000 })).toBe('Hounsfield units HU / 1000');
    expect(describeNormalization({ kind: 'zscore-slice' })).toMatch(/per-slice z-score/);
    expect(isAffineInvariant({ kind: 'zscore-slice' })).toBe(true);
    expect(isAffineInvariant({ kind: 'hu-scale' })).toBe(false);
    expect(() => assertNormalization({ kind: 'ct-window', level: 0 }, 'model.json')).toThrow(/model.json names an input normalisation/);
    expect(() => assertNormalization({ kind: 'zscore-slice' }, 'x')).not.toThrow();
  });

  it('fills in training statistics so that a saved model re-applies them to data without a training split', () => {
    const train = { x: f32(2, 4, 6, 8), y: f32(0, 1, 0, 1), count: 2 };
    const resolved = resolveNormalization({ kind: 'zscore-split' }, { train });
    expect(resolved).toEqual({ kind: 'zscore-split', mean: 5, std: Math.sqrt(5) });
    expect(resolveNormalization({ kind: 'min-max' }, { train })).toEqual({ kind: 'min-max', min: 2, max: 8 });
    const evalOnly: LessonDataset = {
      height: 1, width: 2, attributes: {},
      train: { x: f32(), y: f32(), count: 0 }, val: { x: f32(), y: f32(), count: 0 },
      test: { x: f32(5, 15), y: f32(0, 1), count: 1 },
    };
    const out = normalizeDataset(evalOnly, resolved);
    expect(Array.from(out.test!.x).map((v) => +v.toFixed(5))).toEqual([0, +(10 / Math.sqrt(5)).toFixed(5)]);
    // Never a silent zero: without the statistics and without a training split, it refuses.
    expect(() => normalizeDataset(evalOnly, { kind: 'zscore-split' })).toThrow(/no training split/);
  });
});
