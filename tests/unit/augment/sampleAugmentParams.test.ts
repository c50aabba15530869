import { describe, expect, it } from 'vitest';
import { DEFAULT_AUGMENT, NO_AUGMENT, type AugmentConfig } from '../../../src/lib/augment/augmentConfig';
import { DRAWS_PER_SAMPLE, isIdentityParams, sampleAugmentParams } from '../../../src/lib/augment/sampleAugmentParams';
import { SettingsError, ShapeError } from '../../../src/lib/errors';
import { createRng } from '../../../src/lib/random';

const size = { height: 64, width: 128 };

describe('sampleAugmentParams', () => {
  it('repeats under the same seed and differs under another', () => {
    const a = sampleAugmentParams(createRng(5), DEFAULT_AUGMENT, 6, size);
    const b = sampleAugmentParams(createRng(5), DEFAULT_AUGMENT, 6, size);
    const c = sampleAugmentParams(createRng(6), DEFAULT_AUGMENT, 6, size);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    expect(a).toHaveLength(6);
  });

  it('stays within the configured ranges, shifts in pixels of width and height', () => {
    const all = sampleAugmentParams(createRng(1), DEFAULT_AUGMENT, 2000, size);
    for (const p of all) {
      expect(Math.abs(p.theta)).toBeLessThanOrEqual(10);
      expect(Math.abs(p.shear)).toBeLessThanOrEqual(10);
      expect(Math.abs(p.tx)).toBeLessThanOrEqual(12.8);
      expect(Math.abs(p.ty)).toBeLessThanOrEqual(6.4);
      for (const z of [p.zx, p.zy]) expect(z >= 0.8 && z <= 1.2).toBe(true);
      expect(p.flipV).toBe(false);
    }
    // The ranges are used, not just respected: extremes come close to the bounds.
    expect(Math.max(...all.map((p) => p.tx))).toBeGreaterThan(12);
    expect(Math.min(...all.map((p) => p.ty))).toBeLessThan(-6);
    const flipped = all.filter((p) => p.flipH).length;
    expect(flipped).toBeGreaterThan(900);
    expect(flipped).toBeLessThan(1100);
  });

  it('draws zx and zy independently, as Keras does', () => {
    const all = sampleAugmentParams(createRng(2), DEFAULT_AUGMENT, 500, size);
    const n = all.length;
    const mx = all.reduce((s, p) => s + p.zx, 0) / n, my = all.reduce((s, p) => s + p.zy, 0) / n;
    const cov = all.reduce((s, p) => s + (p.zx - mx) * (p.zy - my), 0) / n;
    const sx = Math.sqrt(all.reduce((s, p) => s + (p.zx - mx) ** 2, 0) / n);
    const sy = Math.sqrt(all.reduce((s, p) => s + (p.zy - my) ** 2, 0) / n);
    expect(Math.abs(cov / (sx * sy))).toBeLessThan(0.15);
  });

  it('flips vertically only when asked', () => {
    const all = sampleAugmentParams(createRng(3), { ...DEFAULT_AUGMENT, verticalFlip: true }, 400, size);
    const n = all.filter((p) => p.flipV).length;
    expect(n).toBeGreaterThan(150);
    expect(n).toBeLessThan(250);
  });

  it('gives identity params when everything is off', () => {
    const all = sampleAugmentParams(createRng(4), NO_AUGMENT, 50, size);
    expect(all.every(isIdentityParams)).toBe(true);
  });

  it('uses a fixed number of draws per sample, so turning one range off keeps the others', () => {
    const rng = createRng(9);
    sampleAugmentParams(rng, DEFAULT_AUGMENT, 3, size);
    const fresh = createRng(9);
    for (let i = 0; i < 3 * DRAWS_PER_SAMPLE; i++) fresh();
    expect(rng()).toBe(fresh());
    const withRotation = sampleAugmentParams(createRng(11), DEFAULT_AUGMENT, 5, size);
    const withoutRotation = sampleAugmentParams(createRng(11), { ...DEFAULT_AUGMENT, rotationRange: 0 }, 5, size);
    expect(withoutRotation.map((p) => p.theta)).toEqual([0, 0, 0, 0, 0]);
    expect(withoutRotation.map((p) => p.tx)).toEqual(withRotation.map((p) => p.tx));
  });

  it('rejects settings out of range with a named field and a hint', () => {
    const bad = (over: Partial<AugmentConfig>) => () => sampleAugmentParams(createRng(1), { ...DEFAULT_AUGMENT, ...over }, 1, size);
    expect(bad({ shearRange: -1 })).toThrow(SettingsError);
    expect(bad({ shearRange: -1 })).toThrow(/shearRange.*degrees/);
    expect(bad({ zoomRange: [1.2, 0.8] })).toThrow(/zoomRange\[1\]/);
    expect(bad({ widthShiftRange: 3 })).toThrow(/widthShiftRange/);
    expect(bad({ fillMode: 'mirror' as never })).toThrow(/fillMode/);
    expect(bad({ cval: Number.NaN })).toThrow(/cval/);
    expect(() => sampleAugmentParams(createRng(1), DEFAULT_AUGMENT, 2, { height: 0, width: 4 })).toThrow(ShapeError);
    expect(() => sampleAugmentParams(createRng(1), DEFAULT_AUGMENT, 1.5, size)).toThrow(/count/);
    const error = (() => {
      try {
        bad({ rotationRange: 400 })();
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(SettingsError);
    expect((error as SettingsError).hint).not.toBe('');
  });
});
