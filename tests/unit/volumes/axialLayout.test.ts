import { describe, expect, it } from 'vitest';
import { labelMask } from '../../../src/lib/volumes/labelMask';
import { resampleOnto } from '../../../src/lib/volumes/resampleOnto';
import { axialSlicesWithHead, axialSlicesWithStructure, pickSlices, slicesWithHead, slicesWithStructure } from '../../../src/lib/volumes/selectSlices';
import { axialLayout, readAxialSlices, toAxialMask, toAxialSlices } from '../../../src/lib/volumes/toAxialSlices';
import { ALL_ORIENTATIONS, codesOf, storedVolume, type WorldGrid } from './volumeFixtures';

// The import reads only the slices it keeps, straight from the volume: the same pixels and the same
// choice of slices as copying the whole volume into axial slices first, for every way a grid is stored.
const world: WorldGrid = { n: [6, 5, 9], spacing: [0.5, 0.75, 2], origin: [0, 0, 0] };
const image = (x: number, y: number, z: number) => (z >= 2 && z <= 6 && x > 0 && y > 0 ? 100 + x + 7 * y + 31 * z : 0);
const mask = (x: number, y: number, z: number) => (z >= 3 && z <= 5 && x === 2 + (z % 2) ? 2 : 0);

describe('reading axial slices without copying the volume', () => {
  it.each(ALL_ORIENTATIONS.map((o) => [codesOf(o.permutation, o.signs), o] as const))('reads the same slices and picks the same ones for a grid stored %s', (_, { permutation, signs }) => {
    const volume = storedVolume(world, image, permutation, signs);
    const labels = storedVolume(world, mask, permutation, signs);
    const layout = axialLayout(volume);
    const whole = toAxialSlices(volume);
    const { data: _data, ...wholeLayout } = whole;
    expect(layout).toEqual(wholeLayout);
    const picked = readAxialSlices(volume, layout, [7, 2, 4]);
    expect(Array.from(picked.data)).toEqual(Array.from(pickSlices(whole, [7, 2, 4]).data));
    expect(picked.count).toBe(3);
    expect(axialSlicesWithHead(volume, layout)).toEqual(slicesWithHead(whole));
    expect(axialSlicesWithStructure(labels, axialLayout(labels))).toEqual(slicesWithStructure(toAxialSlices(labels)));
    expect(axialSlicesWithStructure(labels, axialLayout(labels))).toEqual([3, 4, 5]);
  });

  it('refuses a slice the volume does not have', () => {
    const volume = storedVolume(world, image, [0, 1, 2], [1, 1, 1]);
    expect(() => readAxialSlices(volume, axialLayout(volume), [9])).toThrow(/from 0 to 8, but got 9/);
  });

  it('makes a mask in place and shares a target already on the grid, only when asked', () => {
    const labels = storedVolume(world, mask, [0, 1, 2], [1, 1, 1]);
    const copy = labelMask(labels, { label: 2 });
    expect(copy.data).not.toBe(labels.data);
    expect(labels.data.includes(2)).toBe(true);
    const inPlace = labelMask(labels, { label: 2, inPlace: true });
    expect(inPlace.data).toBe(labels.data);
    expect(Array.from(inPlace.data)).toEqual(Array.from(copy.data));
    expect(() => labelMask(storedVolume(world, mask, [0, 1, 2], [1, 1, 1]), { label: 5, inPlace: true })).toThrow(/label 5/);
    const fixed = storedVolume(world, image, [0, 1, 2], [1, 1, 1]);
    expect(resampleOnto(inPlace, fixed, 'nearest', { share: true }).volume.data).toBe(inPlace.data);
    expect(resampleOnto(inPlace, fixed, 'nearest').volume.data).not.toBe(inPlace.data);
  });
});

describe('toAxialMask', () => {
  it.each(ALL_ORIENTATIONS.slice(0, 48).filter((_, k) => k % 7 === 0).map((o) => [codesOf(o.permutation, o.signs), o] as const))('gives the bytes of toAxialSlices thresholded at 0.5 for a grid stored %s', (_, { permutation, signs }) => {
    const labels = storedVolume(world, (x, y, z) => (mask(x, y, z) ? 0.9 : 0.2), permutation, signs);
    const bytes = toAxialMask(labels);
    expect(bytes).toBeInstanceOf(Uint8Array);
    expect(Array.from(bytes)).toEqual(Array.from(toAxialSlices(labels).data, (v) => (v > 0.5 ? 1 : 0)));
  });
});
