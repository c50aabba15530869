import { describe, expect, it } from 'vitest';
import { DatasetFormatError } from '../../../src/lib/errors';
import { invertAffine, multiplyAffines } from '../../../src/lib/volumes/invertAffine';
import { resampleOnto } from '../../../src/lib/volumes/resampleOnto';
import { rasVolume, rotatedAboutZ, storedVolume, type WorldGrid } from './volumeFixtures';

const world: WorldGrid = { n: [6, 5, 4], spacing: [1, 1.5, 3], origin: [0, 0, 0] };
const value = (x: number, y: number, z: number) => 1 + x + 10 * y + 100 * z;

describe('resampleOnto', () => {
  it('copies the values exactly when the grids are the same, and says nothing', () => {
    const fixed = rasVolume(world, () => 0, ['ct.nii']);
    const moving = rasVolume(world, value, ['mask.nii']);
    const result = resampleOnto(moving, fixed, 'linear');
    expect(result.note).toBeNull();
    expect(result.coveredFraction).toBe(1);
    expect(result.volume.data).not.toBe(moving.data);
    expect(Array.from(result.volume.data)).toEqual(Array.from(moving.data));
  });

  it('puts a grid stored in another orientation (LPS) back voxel for voxel onto the RAS grid', () => {
    const fixed = rasVolume(world, value, ['t1.nii']);
    const moving = storedVolume(world, value, [2, 0, 1], [-1, -1, 1], ['t2.nii']);
    for (const interpolation of ['nearest', 'linear'] as const) {
      const result = resampleOnto(moving, fixed, interpolation);
      expect(Array.from(result.volume.data)).toEqual(Array.from(fixed.data));
      expect(result.volume.dims).toEqual(fixed.dims);
      expect(result.volume.affine).toEqual(fixed.affine);
      expect(result.note).toMatch(/t2\.nii .* was resampled onto the grid of t1\.nii/);
    }
  });

  it('moves values by a whole-voxel shift of the grid, filling what lies outside', () => {
    const fixed = rasVolume(world, () => 0);
    // The moving grid starts 2 voxels (2 mm) further right: its voxel x − 2 is the fixed voxel x.
    const moving = rasVolume({ ...world, origin: [2, 0, 0] }, value);
    const result = resampleOnto(moving, fixed, 'linear', { fill: -5 });
    const [nx, ny] = world.n;
    for (let z = 0; z < world.n[2]; z++) {
      for (let y = 0; y < ny; y++) {
        for (let x = 0; x < nx; x++) {
          const expected = x >= 2 ? value(x - 2, y, z) : -5;
          expect(result.volume.data[x + nx * (y + ny * z)]).toBe(expected);
        }
      }
    }
    expect(result.coveredFraction).toBeCloseTo(4 / 6, 10);
  });

  it('interpolates trilinearly at half a voxel, and nearest keeps only values that exist', () => {
    const fixed = rasVolume(world, () => 0);
    const moving = rasVolume({ ...world, origin: [-0.5, 0, 0] }, value);
    const linear = resampleOnto(moving, fixed, 'linear');
    // Fixed x lies at moving x + 0.5: the mean of two neighbours (value is linear in x).
    expect(linear.volume.data[1 + 6 * (2 + 5 * 1)]).toBeCloseTo(value(1.5, 2, 1), 5);
    const nearest = resampleOnto(moving, fixed, 'nearest');
    const existing = new Set(moving.data);
    for (const v of nearest.volume.data) expect(existing.has(v) || v === 0).toBe(true);
  });

  it('follows a rotated (oblique) moving grid through its affine', () => {
    const fixed = rasVolume(world, () => 0);
    const moving = rotatedAboutZ(rasVolume(world, (x, y) => x + 2 * y), 30);
    const result = resampleOnto(moving, fixed, 'linear', { fill: NaN });
    // value is linear in the moving grid's indices, so trilinear reproduces it exactly inside the grid.
    const toMoving = multiplyAffines(invertAffine(moving.affine)!, fixed.affine);
    let inside = 0;
    for (let y = 0; y < 5; y++) {
      for (let x = 0; x < 6; x++) {
        const v = result.volume.data[x + 6 * y];
        if (Number.isNaN(v)) continue;
        inside++;
        const mx = toMoving[0] * x + toMoving[1] * y + toMoving[3];
        const my = toMoving[4] * x + toMoving[5] * y + toMoving[7];
        if (mx >= 0 && mx <= 5 && my >= 0 && my <= 4) expect(v).toBeCloseTo(mx + 2 * my, 4);
      }
    }
    expect(inside).toBeGreaterThan(0);
  });

  it('refuses a pair whose volumes do not meet, naming both files', () => {
    const fixed = rasVolume(world, () => 0, ['ct.nii.gz']);
    const moving = rasVolume({ ...world, origin: [500, 0, 0] }, value, ['other-patient.nii.gz']);
    expect(() => resampleOnto(moving, fixed, 'nearest')).toThrow(DatasetFormatError);
    expect(() => resampleOnto(moving, fixed, 'nearest')).toThrow(/other-patient\.nii\.gz.*ct\.nii\.gz.*do not meet/);
  });
});
