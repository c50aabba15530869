import { describe, expect, it } from 'vitest';
import { edgeStrength } from '../../../src/lib/render';

describe('edgeStrength', () => {
  const size = 16;
  const step = Float32Array.from({ length: size * size }, (_, k) => (k % size < size / 2 ? 0 : 1));
  /** The step blurred with a 3-pixel box along the rows. */
  const blurred = Float32Array.from(step, (_, k) => {
    const j = k % size;
    const at = (jj: number) => step[k - j + Math.max(0, Math.min(size - 1, jj))];
    return (at(j - 1) + at(j) + at(j + 1)) / 3;
  });

  it('is zero for a flat image and measures a step edge in units per pixel', () => {
    expect(edgeStrength(new Float32Array(size * size).fill(0.4), size, size)).toBe(0);
    // Two of the 14 inner columns see half the step each: sqrt(2 × 0.5² / 14).
    expect(edgeStrength(step, size, size)).toBeCloseTo(Math.sqrt(0.5 / 14), 6);
  });

  it('falls when the same edge is blurred', () => {
    const sharp = edgeStrength(step, size, size);
    const soft = edgeStrength(blurred, size, size);
    expect(soft).toBeLessThan(0.9 * sharp);
    expect(soft).toBeGreaterThan(0);
  });

  it('refuses too few values', () => {
    expect(() => edgeStrength(new Float32Array(10), size, size)).toThrow(/Expected 256 values/);
  });
});
