import { describe, expect, it } from 'vitest';
import { DEFAULT_AUGMENT, NO_AUGMENT } from '../../../src/lib/augment/augmentConfig';
import { describeAugment, describeAugmentParams, describeIntensityChanges, describeIntensityParams } from '../../../src/lib/augment/describeAugment';
import { IDENTITY_INTENSITY } from '../../../src/lib/augment/intensityConfig';
import { IDENTITY_PARAMS } from '../../../src/lib/augment/sampleAugmentParams';

describe('describeAugment', () => {
  it('states every setting of the lesson default with its unit', () => {
    expect(describeAugment(DEFAULT_AUGMENT)).toEqual([
      'Rotation: a random angle within ±10° (positive turns counter-clockwise).',
      'Shear: a random angle within ±10° (degrees, not radians).',
      'Horizontal shift: up to ±10 % of the width.',
      'Vertical shift: up to ±10 % of the height.',
      'Zoom: factors from 0.8 to 1.2, drawn separately for width and height (below 1 zooms in, above 1 zooms out).',
      'Horizontal flip: half of the samples are mirrored left–right.',
      'Vertical flip: off.',
      'Outside the image: repeat the nearest edge pixel.',
    ]);
  });

  it("flags the original's shear of 0.2 as degrees that were probably meant as radians", () => {
    const lines = describeAugment({ ...DEFAULT_AUGMENT, shearRange: 0.2 });
    expect(lines).toContain('Shear: a random angle within ±0.2° (degrees, not radians).');
    expect(lines).toContain('Note: a shear of 0.2° is invisible; 0.2 radians would be 11.5°.');
  });

  it('says off for everything switched off and names the constant', () => {
    const lines = describeAugment({ ...NO_AUGMENT, fillMode: 'constant', cval: 0 });
    expect(lines.filter((l) => l.endsWith(': off.'))).toHaveLength(7);
    expect(lines).toContain('Outside the image: the constant value 0.');
  });
});

describe('describeAugmentParams', () => {
  it('prints one drawn transform with signs and units', () => {
    expect(describeAugmentParams({ theta: 4.23, tx: -3.06, ty: 0.01, shear: -0.5, zx: 0.912, zy: 1.1, flipH: true, flipV: false }))
      .toBe('rotation +4.2°, shear −0.5°, shift −3.1 px, 0 px, zoom 0.91 × 1.1, flipped left–right');
    expect(describeAugmentParams(IDENTITY_PARAMS)).toBe('rotation 0°, shear 0°, shift 0 px, 0 px, zoom 1 × 1');
  });
});

describe('describeIntensityParams', () => {
  it('says "no intensity change" for the identity', () => {
    expect(describeIntensityParams({ ...IDENTITY_INTENSITY, bias: [0, 0, 0, 0, 0] })).toBe('no intensity change');
  });

  it('names each drawn change with its amount and unit, in the order they are applied', () => {
    expect(describeIntensityParams({ ...IDENTITY_INTENSITY, gamma: 1.3217, noiseStd: 0.0614, blurSigma: 0.712 })).toBe('blur σ 0.7 px, gamma 1.32, noise 0.06σ');
    expect(describeIntensityParams({ ...IDENTITY_INTENSITY, lowRes: 1.64, contrast: 0.8, brightness: -0.125 })).toBe('resolution ÷1.6, contrast ×0.8, brightness −0.13σ');
  });

  it('gives a bias field as its lowest and highest factor over the image', () => {
    // exp(0.2·x) over x ∈ [−1, 1]: from e^−0.2 = 0.82 at the left edge to e^0.2 = 1.22 at the right.
    expect(describeIntensityParams({ ...IDENTITY_INTENSITY, bias: [0.2, 0, 0, 0, 0] })).toBe('shading ×0.82 to ×1.22');
  });
});

describe('describeIntensityChanges', () => {
  it('lists the changes in the order they are applied, whatever order they are given in', () => {
    expect(describeIntensityChanges(['noise', 'bias', 'blur', 'lowRes'])).toBe('bias field (smooth shading), blur, lower resolution and noise');
    expect(describeIntensityChanges(['gamma'])).toBe('gamma');
    expect(describeIntensityChanges([])).toBe('none');
  });
});
