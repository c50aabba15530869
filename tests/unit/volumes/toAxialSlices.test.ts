import { describe, expect, it } from 'vitest';
import { DatasetFormatError } from '../../../src/lib/errors';
import { voxelOrientation } from '../../../src/lib/volumes/orientation';
import { fromAxialSlices, toAxialSlices } from '../../../src/lib/volumes/toAxialSlices';
import { ALL_ORIENTATIONS, codesOf, rasVolume, rotatedAboutZ, storedVolume, type WorldGrid } from './volumeFixtures';

// Distinct sizes and voxel sizes per world axis, so a swapped axis shows in the shape and the spacing.
const world: WorldGrid = { n: [5, 4, 3], spacing: [0.5, 0.75, 2.5], origin: [-10, 20, 30] };
const label = (x: number, y: number, z: number) => x + 10 * y + 100 * z;

/** The display convention written out: slice s at z = s, row r at y = ny−1−r (anterior on top), column c at x = nx−1−c (right on the left). */
function expectedDisplay(): Float32Array {
  const [nx, ny, nz] = world.n;
  const out = new Float32Array(nx * ny * nz);
  let n = 0;
  for (let s = 0; s < nz; s++) for (let r = 0; r < ny; r++) for (let c = 0; c < nx; c++) out[n++] = label(nx - 1 - c, ny - 1 - r, s);
  return out;
}

describe('toAxialSlices', () => {
  it('shows the canonical RAS volume as slice[::-1, ::-1].T (anterior at the top, right on the left, inferior first)', () => {
    const slices = toAxialSlices(rasVolume(world, label));
    expect([slices.count, slices.height, slices.width]).toEqual([3, 4, 5]);
    expect(Array.from(slices.data)).toEqual(Array.from(expectedDisplay()));
    expect(slices.orientation).toBe('RAS');
    expect(slices.warnings).toEqual([]);
  });

  it.each(ALL_ORIENTATIONS.map((o) => [codesOf(o.permutation, o.signs), o] as const))('gives the same slices for a volume stored as %s', (codes, { permutation, signs }) => {
    const volume = storedVolume(world, label, permutation, signs);
    const slices = toAxialSlices(volume);
    expect(slices.orientation).toBe(codes);
    expect(Array.from(slices.data)).toEqual(Array.from(expectedDisplay()));
    // Rows follow y, columns follow x, slices follow z, whichever voxel axes store them.
    expect([slices.rowSpacingMm, slices.columnSpacingMm, slices.sliceSpacingMm]).toEqual([0.75, 0.5, 2.5]);
    expect(slices.obliquityDegrees).toBeCloseTo(0, 10);
    // Predictions on the slices go back to the file's own voxel order.
    expect(Array.from(fromAxialSlices(slices.data, slices))).toEqual(Array.from(volume.data));
  });

  it('names LPS (DICOM) and RAS (NIfTI canonical) grids like nibabel', () => {
    expect(voxelOrientation([-1, 0, 0, 0, 0, -1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]).codes).toBe('LPS');
    expect(voxelOrientation([0, 0, 2, 0, -1, 0, 0, 0, 0, -1, 0, 0, 0, 0, 0, 1]).codes).toBe('PIR');
  });

  it('shows an oblique volume along its closest axes, pixel-exact, and warns with the angle', () => {
    const volume = storedVolume(world, label, [1, 0, 2], [-1, 1, 1]);
    const slices = toAxialSlices(rotatedAboutZ(volume, 12));
    expect(Array.from(slices.data)).toEqual(Array.from(expectedDisplay()));
    expect(slices.obliquityDegrees).toBeCloseTo(12, 6);
    expect(slices.warnings).toHaveLength(1);
    expect(slices.warnings[0]).toContain('12.0°');
  });

  it('keeps the closest axes past 45° and does not warn for rounding-sized tilts', () => {
    const turned = toAxialSlices(rotatedAboutZ(rasVolume(world, label), 80));
    // 80° about z takes i towards anterior and j towards the right-left axis: rows now come from i.
    expect(turned.axes[1].voxelAxis).toBe(0);
    expect(turned.obliquityDegrees).toBeCloseTo(10, 6);
    expect(toAxialSlices(rotatedAboutZ(rasVolume(world, label), 0.001)).warnings).toEqual([]);
  });

  it('refuses an affine with NaN and voxels that do not match the dims', () => {
    const volume = rasVolume(world, label);
    expect(() => toAxialSlices({ ...volume, affine: volume.affine.map((v, k) => (k === 5 ? NaN : v)) })).toThrow(DatasetFormatError);
    expect(() => toAxialSlices({ ...volume, data: volume.data.subarray(1) })).toThrow(/voxels/);
  });
});
