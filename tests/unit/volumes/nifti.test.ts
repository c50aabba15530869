import { describe, expect, it } from 'vitest';
import { gzipSync } from 'fflate';
import { readNifti } from '../../../src/lib/volumes/niftiRead';
import { writeNifti } from '../../../src/lib/volumes/niftiWrite';
import { buildTestNifti } from './niftiTestFiles';

const DIMS: [number, number, number] = [4, 3, 2];
const COUNT = 24;
const ramp = (scale = 1, offset = 0) => Array.from({ length: COUNT }, (_, i) => i * scale + offset);

/** Rotation by `degrees` about a unit axis (Rodrigues), times a voxel size per column, plus an offset: row-major 4×4. */
function obliqueAffine(axis: [number, number, number], degrees: number, spacing: number[], offset: number[], flipK = false): number[] {
  const [x, y, z] = axis;
  const t = (degrees * Math.PI) / 180;
  const c = Math.cos(t);
  const s = Math.sin(t);
  const r = [
    [c + x * x * (1 - c), x * y * (1 - c) - z * s, x * z * (1 - c) + y * s],
    [y * x * (1 - c) + z * s, c + y * y * (1 - c), y * z * (1 - c) - x * s],
    [z * x * (1 - c) - y * s, z * y * (1 - c) + x * s, c + z * z * (1 - c)],
  ];
  const column = spacing.map((sp, col) => (flipK && col === 2 ? -sp : sp));
  return [0, 1, 2].flatMap((row) => [...r[row]!.map((v, col) => v * column[col]!), offset[row]!]).concat([0, 0, 0, 1]);
}

function expectAffineClose(actual: number[], expected: number[], digits = 5): void {
  expect(actual).toHaveLength(16);
  actual.forEach((value, i) => expect(value).toBeCloseTo(expected[i]!, digits));
}

const AFFINES: Record<string, number[]> = {
  'axis-aligned': [0.5, 0, 0, -10, 0, 0.75, 0, 20, 0, 0, 2.5, -30, 0, 0, 0, 1],
  'flipped (LPS-like, i and j reversed)': [-0.5, 0, 0, 90, 0, -0.5, 0, 120, 0, 0, 3, -60, 0, 0, 0, 1],
  'oblique': obliqueAffine([0.6, 0, 0.8], 23, [0.9, 1.1, 2], [-100.5, 12.25, 40]),
  'oblique, left-handed': obliqueAffine([0, 0.6, 0.8], -140, [1, 1, 3], [5, 6, 7], true),
};

describe('writeNifti → readNifti round trip', () => {
  for (const [label, affine] of Object.entries(AFFINES)) {
    for (const gzip of [false, true]) {
      it(`keeps dims, float32 data and the ${label} affine (${gzip ? '.nii.gz' : '.nii'})`, () => {
        const data = new Float32Array(ramp(-1.5, 0.25));
        const bytes = writeNifti({ dims: DIMS, data, affine }, { gzip });
        expect(bytes[0] === 0x1f && bytes[1] === 0x8b).toBe(gzip);
        const volume = readNifti(bytes, { name: 'scan.nii' });
        expect(volume.dims).toEqual(DIMS);
        expect(Array.from(volume.data)).toEqual(Array.from(data));
        expect(volume.affineSource).toBe('sform');
        expectAffineClose(volume.affine, affine);
        const columnLength = (c: number) => Math.hypot(affine[c]!, affine[4 + c]!, affine[8 + c]!);
        volume.spacing.forEach((s, c) => expect(s).toBeCloseTo(columnLength(c), 5));
        expect(volume.warnings).toEqual([]);
        expect(volume.units).toBeNull();
        expect(volume.source.files).toEqual(['scan.nii']);
      });
    }

    it(`writes a qform that gives the same ${label} affine when the sform is dropped`, () => {
      const bytes = writeNifti({ dims: DIMS, data: new Uint8Array(COUNT), affine });
      new DataView(bytes.buffer).setInt16(254, 0, true); // sform_code = 0
      const volume = readNifti(bytes, { name: 'qform.nii' });
      expect(volume.affineSource).toBe('qform');
      expectAffineClose(volume.affine, affine);
    });
  }

  it('keeps a sheared affine in the sform only (qform_code 0)', () => {
    const sheared = [1, 0.3, 0, 4, 0, 1, 0, 5, 0, 0.2, 2, 6, 0, 0, 0, 1];
    const bytes = writeNifti({ dims: DIMS, data: new Float32Array(COUNT), affine: sheared });
    const view = new DataView(bytes.buffer);
    expect([view.getInt16(252, true), view.getInt16(254, true)]).toEqual([0, 1]);
    expectAffineClose(readNifti(bytes, { name: 'sheared.nii' }).affine, sheared);
  });

  it('writes sform_code and qform_code 2 when the caller says the grid is aligned to another scan', () => {
    const bytes = writeNifti({ dims: DIMS, data: new Float32Array(COUNT), affine: AFFINES['oblique']! }, { xformCode: 2 });
    const view = new DataView(bytes.buffer);
    expect([view.getInt16(252, true), view.getInt16(254, true)]).toEqual([2, 2]);
  });

  it('writes a uint8 mask as uint8 and reads the labels back', () => {
    const labels = new Uint8Array(Array.from({ length: COUNT }, (_, i) => (i % 3 === 0 ? 0 : i % 5)));
    const bytes = writeNifti({ dims: DIMS, data: labels, affine: AFFINES['axis-aligned']! });
    expect(new DataView(bytes.buffer).getInt16(70, true)).toBe(2);
    expect(bytes.length).toBe(352 + COUNT);
    expect(Array.from(readNifti(bytes, { name: 'mask.nii' }).data)).toEqual(Array.from(labels));
  });

  it('stores whole-number float32 values as uint8 when asked', () => {
    const bytes = writeNifti({ dims: DIMS, data: new Float32Array(ramp()), affine: AFFINES['axis-aligned']! }, { datatype: 'uint8', gzip: true });
    expect(Array.from(readNifti(bytes, { name: 'mask.nii.gz' }).data)).toEqual(ramp());
  });

  it('refuses what a NIfTI-1 cannot hold faithfully', () => {
    const affine = AFFINES['axis-aligned']!;
    expect(() => writeNifti({ dims: DIMS, data: new Float32Array(5), affine })).toThrow('Expected 4×3×2 = 24 voxels, but got 5.');
    expect(() => writeNifti({ dims: DIMS, data: new Float32Array(ramp(0.5)), affine }, { datatype: 'uint8' })).toThrow(/^Voxel 1 is 0\.5, which a uint8 NIfTI cannot hold/);
    expect(() => writeNifti({ dims: DIMS, data: new Float32Array(COUNT).fill(Number.NaN), affine })).toThrow(/^Voxel 0 is NaN/);
    expect(() => writeNifti({ dims: DIMS, data: new Float32Array(COUNT), affine: [1, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1] })).toThrow(/non-singular/);
  });
});

describe('readNifti on files from an independent writer', () => {
  const scaled = { dim: [3, ...DIMS], pixdim: [1, 2, 2, 3], sformCode: 1, srow: [2, 0, 0, 1, 0, 2, 0, 2, 0, 0, 3, 3] };

  for (const version of [1, 2] as const) {
    for (const littleEndian of [true, false]) {
      it(`applies scl_slope/scl_inter to int16 (NIfTI-${version}, ${littleEndian ? 'little' : 'big'} endian)`, () => {
        const stored = ramp(100, -1200);
        const bytes = buildTestNifti({ ...scaled, version, littleEndian, datatype: 4, values: stored, slope: 0.5, inter: -24 });
        const volume = readNifti(bytes, { name: 'ct.nii' });
        expect(Array.from(volume.data)).toEqual(stored.map((v) => v * 0.5 - 24));
        expect(volume.affine).toEqual([2, 0, 0, 1, 0, 2, 0, 2, 0, 0, 3, 3, 0, 0, 0, 1]);
        expect(volume.spacing).toEqual([2, 2, 3]);
      });
    }
  }

  const values: Record<string, [number, number[]]> = {
    uint8: [2, ramp(10)], int8: [256, ramp(5, -100)], int16: [4, ramp(-1000, 500)], uint16: [512, ramp(1500, 30000)],
    int32: [8, ramp(-100000, 7)], uint32: [768, ramp(1, 3_000_000_000)], float32: [16, ramp(0.25, -3)], float64: [64, ramp(1e-3, 0.5)],
  };
  for (const [type, [code, stored]] of Object.entries(values)) {
    it(`reads ${type} voxels in both byte orders, gzipped or not`, () => {
      for (const littleEndian of [true, false]) {
        const bytes = buildTestNifti({ ...scaled, datatype: code, values: stored, littleEndian });
        for (const file of [bytes, gzipSync(bytes)]) {
          expect(Array.from(readNifti(file, { name: `${type}.nii` }).data)).toEqual(stored.map(Math.fround));
        }
      }
    });
  }

  it('treats a slope of 0 or NaN as no scaling', () => {
    for (const slope of [0, Number.NaN]) {
      const bytes = buildTestNifti({ ...scaled, datatype: 4, values: ramp(3), slope, inter: 1000 });
      expect(Array.from(readNifti(bytes, { name: 'raw.nii' }).data)).toEqual(ramp(3));
    }
  });

  it('detects gzip by its magic, not by the name', () => {
    const bytes = gzipSync(buildTestNifti({ ...scaled, datatype: 2, values: ramp() }));
    expect(Array.from(readNifti(bytes, { name: 'called-plain.nii' }).data)).toEqual(ramp());
  });

  it('takes the units the caller knows', () => {
    const bytes = buildTestNifti({ ...scaled, datatype: 4, values: ramp() });
    expect(readNifti(bytes, { name: 'ct.nii', units: 'HU' }).units).toBe('HU');
  });
});

describe('readNifti orientation', () => {
  const base = { dim: [3, ...DIMS], datatype: 2, values: ramp(), pixdim: [-1, 2, 3, 4] };

  it('builds the affine from a qform alone: rotation, pixdim, qfac and offset', () => {
    // 90° about z: (a, b, c, d) = (cos 45°, 0, 0, sin 45°); qfac = pixdim[0] = −1 flips k.
    const bytes = buildTestNifti({ ...base, qformCode: 1, quatern: [0, 0, Math.SQRT1_2], qoffset: [10, -20, 30] });
    const volume = readNifti(bytes, { name: 'qform.nii' });
    expect(volume.affineSource).toBe('qform');
    expectAffineClose(volume.affine, [0, -3, 0, 10, 2, 0, 0, -20, 0, 0, -4, 30, 0, 0, 0, 1]);
    expect(volume.warnings).toEqual([]);
  });

  it('normalises a quaternion longer than 1 instead of giving NaN', () => {
    // (b, c, d) = (1.001, 0, 0): a 180° rotation about x once normalised.
    const bytes = buildTestNifti({ ...base, pixdim: [1, 2, 3, 4], qformCode: 1, quatern: [1.001, 0, 0] });
    expectAffineClose(readNifti(bytes, { name: 'q.nii' }).affine, [2, 0, 0, 0, 0, -3, 0, 0, 0, 0, -4, 0, 0, 0, 0, 1]);
  });

  it('prefers the sform to the qform, and skips a sform that is not finite with a warning', () => {
    const both = { ...base, qformCode: 1, quatern: [0, 0, 0] as [number, number, number], sformCode: 2, srow: [0, 0, 5, 1, 0, 6, 0, 2, 7, 0, 0, 3] };
    expect(readNifti(buildTestNifti(both), { name: 'a.nii' }).affine).toEqual([0, 0, 5, 1, 0, 6, 0, 2, 7, 0, 0, 3, 0, 0, 0, 1]);
    const broken = readNifti(buildTestNifti({ ...both, srow: [Number.NaN, ...both.srow.slice(1)] }), { name: 'b.nii' });
    expect(broken.affineSource).toBe('qform');
    expectAffineClose(broken.affine, [2, 0, 0, 0, 0, 3, 0, 0, 0, 0, -4, 0, 0, 0, 0, 1]);
    expect(broken.warnings).toEqual([expect.stringMatching(/^b\.nii: the sform \(sform_code 2\) is not a usable matrix/)]);
  });

  it('falls back to the voxel grid with a warning when neither form is set', () => {
    const volume = readNifti(buildTestNifti(base), { name: 'analyze-like.nii' });
    expect(volume.affineSource).toBe('grid');
    expect(volume.affine).toEqual([2, 0, 0, 0, 0, 3, 0, 0, 0, 0, 4, 0, 0, 0, 0, 1]);
    expect(volume.warnings).toEqual([expect.stringMatching(/^analyze-like\.nii has no usable orientation/)]);
  });

  it('reads the first volume of a 4-D file, gzipped or not, and says so', () => {
    const volumes = 3;
    const bytes = buildTestNifti({ ...base, dim: [4, ...DIMS, volumes], values: Array.from({ length: COUNT * volumes }, (_, i) => i % 200) });
    const gz = gzipSync(bytes);
    for (const file of [bytes, gz]) {
      const volume = readNifti(file, { name: 'fmri.nii' });
      expect(volume.dims).toEqual(DIMS);
      expect(Array.from(volume.data)).toEqual(ramp());
      expect(volume.warnings).toContainEqual('fmri.nii holds 3 volumes (dim 4×3×2×3); only the first was read.');
    }
  });
});
