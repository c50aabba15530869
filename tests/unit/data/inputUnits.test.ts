import { describe, expect, it } from 'vitest';
import { declaredUnits, sniffUnits, unitsOfDataset } from '../../../src/lib/data/inputUnits';
import { defaultNormalization } from '../../../src/lib/data/prepareDataset';
import type { LessonDataset } from '../../../src/lib/data/types';

const f32 = (...v: number[]) => new Float32Array(v);

describe('the units of the input', () => {
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
});
