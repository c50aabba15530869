import { describe, expect, it } from 'vitest';
import { bandOf, DOMAIN_SHIFTS, shiftChange, shiftsOffered, shiftSpec, taskShifts } from '../../../src/lib/tasks/domainShifts';
import { isIdentityIntensity } from '../../../src/lib/augment/intensityConfig';

describe('the domain-shift table', () => {
  it('starts every shift at its no-shift amount, which changes nothing, and rises from there', () => {
    for (const [task, entry] of Object.entries(DOMAIN_SHIFTS)) {
      for (const spec of entry.shifts) {
        expect(spec.strengths[0], `${task} ${spec.kind}`).toBe(spec.none);
        for (let i = 1; i < spec.strengths.length; i++) expect(spec.strengths[i]).toBeGreaterThan(spec.strengths[i - 1]);
        const change = shiftChange(spec.kind, spec.none);
        if ('intensity' in change) expect(isIdentityIntensity(change.intensity)).toBe(true);
        else expect(change.offset).toBe(0);
        // Every strength the table offers is one the change accepts.
        for (const s of spec.strengths) expect(() => shiftChange(spec.kind, s)).not.toThrow();
        expect(spec.stands.length).toBeGreaterThan(20);
      }
    }
  });

  it('offers the HU offset only on files in Hounsfield units, and only for CT', () => {
    expect(shiftsOffered('segmentation', true).map((s) => s.kind)).toContain('huOffset');
    expect(shiftsOffered('segmentation', false).map((s) => s.kind)).not.toContain('huOffset');
    expect(shiftsOffered('translation', true).map((s) => s.kind)).not.toContain('huOffset');
    expect(() => shiftSpec('segmentation', 'huOffset', false)).toThrow(/Hounsfield/);
    expect(() => taskShifts('denoising')).toThrow(/no shifts for the task 'denoising'/);
  });

  it('maps strengths to the shared IntensityParams', () => {
    expect(shiftChange('noise', 0.2)).toMatchObject({ intensity: { noiseStd: 0.2, contrast: 1 } });
    expect(shiftChange('contrast', 0.5)).toMatchObject({ intensity: { contrast: 1.5, brightness: 0.5 } });
    expect(shiftChange('lowRes', 2)).toMatchObject({ intensity: { lowRes: 2 } });
    expect(shiftChange('huOffset', 50)).toEqual({ offset: 50 });
    const bias = shiftChange('bias', 0.5);
    expect('intensity' in bias && bias.intensity.bias.some((b) => b !== 0)).toBe(true);
    expect(() => shiftChange('gamma', 0)).toThrow(/gamma strength/);
    expect(() => shiftChange('noise', Number.NaN)).toThrow(/finite/);
  });

  it('sorts a measured change into the guesses by the metric’s direction and bands', () => {
    const dice = taskShifts('segmentation').metrics[0];
    expect(bandOf(dice, 0.9, 0.89)).toBe('same');
    expect(bandOf(dice, 0.9, 0.85)).toBe('bit-worse');
    expect(bandOf(dice, 0.9, 0.5)).toBe('much-worse');
    expect(bandOf(dice, 0.8, 0.9)).toBe('better');
    const mae = taskShifts('translation').metrics[0];
    expect(bandOf(mae, 0.1, 0.102)).toBe('same');
    expect(bandOf(mae, 0.1, 0.11)).toBe('bit-worse');
    expect(bandOf(mae, 0.1, 0.2)).toBe('much-worse');
    expect(bandOf(mae, 0.1, 0.05)).toBe('better');
  });
});
