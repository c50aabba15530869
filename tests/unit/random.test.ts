import { describe, expect, it } from 'vitest';
import { createRng, deriveSeed, normal, shuffledIndices } from '../../src/lib/random';

describe('random', () => {
  it('repeats the same stream for the same seed and differs for another', () => {
    const a = createRng(42), b = createRng(42), c = createRng(43);
    const sa = Array.from({ length: 5 }, a), sb = Array.from({ length: 5 }, b), sc = Array.from({ length: 5 }, c);
    expect(sa).toEqual(sb);
    expect(sa).not.toEqual(sc);
    for (const v of sa) expect(v >= 0 && v < 1).toBe(true);
  });
  it('derives distinct seeds per label', () => {
    expect(deriveSeed(1, 'train')).not.toBe(deriveSeed(1, 'val'));
    expect(deriveSeed(1, 'train')).toBe(deriveSeed(1, 'train'));
  });
  it('draws normals with about the right mean and spread', () => {
    const rng = createRng(7);
    const xs = Array.from({ length: 20000 }, () => normal(rng));
    const mean = xs.reduce((s, v) => s + v, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((s, v) => s + (v - mean) ** 2, 0) / xs.length);
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(sd - 1)).toBeLessThan(0.03);
  });
  it('shuffles into a permutation', () => {
    const p = shuffledIndices(100, createRng(3));
    expect([...p].sort((x, y) => x - y)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect([...p]).not.toEqual(Array.from({ length: 100 }, (_, i) => i));
  });
});
