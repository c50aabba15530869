import { describe, expect, it } from 'vitest';
import { gzipSync } from 'fflate';
import { DatasetFormatError } from '../../../src/lib/errors';
import { readNifti } from '../../../src/lib/volumes/niftiRead';
import { buildTestNifti, type TestNiftiSpec } from './niftiTestFiles';

const GOOD: TestNiftiSpec = { dim: [3, 4, 3, 2], datatype: 16, values: Array.from({ length: 24 }, (_, i) => i), sformCode: 1 };

/** The DatasetFormatError readNifti throws for `bytes` (fails the test if it returns or throws anything else). */
function refusal(bytes: Uint8Array, options: { maxBytes?: number } = {}): DatasetFormatError {
  try {
    readNifti(bytes, { name: 'bad.nii', ...options });
  } catch (error) {
    expect(error).toBeInstanceOf(DatasetFormatError);
    const refused = error as DatasetFormatError;
    expect(refused.message).toMatch(/^bad\.nii/);
    expect(refused.hint.length).toBeGreaterThan(10);
    return refused;
  }
  throw new Error('readNifti accepted a bad file');
}

describe('readNifti refuses bad files with a specific message', () => {
  it('refuses files that are not NIfTI by sizeof_hdr', () => {
    expect(refusal(new Uint8Array([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0])).message).toMatch(/is not a NIfTI file: its first 4 bytes are not sizeof_hdr 348/);
    expect(refusal(buildTestNifti({ ...GOOD, sizeofHdr: 350 })).message).toMatch(/is not a NIfTI file/);
    expect(refusal(new Uint8Array(2)).message).toMatch(/too short to be a NIfTI file/);
  });

  it('refuses a wrong magic, an Analyze header, and a .hdr of a pair', () => {
    expect(refusal(buildTestNifti({ ...GOOD, magic: '\0\0\0\0' })).message).toBe('bad.nii has the NIfTI-1 magic ""; expected "n+1".');
    expect(refusal(buildTestNifti({ ...GOOD, magic: 'ni1\0' })).message).toMatch(/header of a NIfTI \.hdr\/\.img pair/);
    expect(refusal(buildTestNifti({ ...GOOD, version: 2, magic: 'n+2\0\n\n\n\n' })).message).toMatch(/has the NIfTI-2 magic/);
  });

  it('refuses a header cut short', () => {
    const bytes = buildTestNifti(GOOD);
    expect(refusal(bytes.subarray(0, 200)).message).toBe('bad.nii ends after 200 bytes, inside its 348-byte NIfTI-1 header.');
    expect(refusal(gzipSync(bytes.subarray(0, 300))).message).toMatch(/ends after 300 bytes, inside its 348-byte NIfTI-1 header/);
  });

  it('refuses dims ≤ 0 and a dim[0] outside 1..7', () => {
    expect(refusal(buildTestNifti({ ...GOOD, dim: [3, 4, 0, 2] })).message).toMatch(/dim\[2\] is 0; every size up to dim\[0\] = 3 must be a positive whole number/);
    expect(refusal(buildTestNifti({ ...GOOD, dim: [3, 4, 3, -2] })).message).toMatch(/dim\[3\] is -2/);
    expect(refusal(buildTestNifti({ ...GOOD, version: 2, littleEndian: false, dim: [3, -1, 3, 2] })).message).toMatch(/dim\[1\] is -1/);
    expect(refusal(buildTestNifti({ ...GOOD, dim: [0, 4, 3, 2] })).message).toMatch(/dim\[0\] is 0; expected the number of dimensions, 1 to 7/);
    expect(refusal(buildTestNifti({ ...GOOD, dim: [9, 4, 3, 2] })).message).toMatch(/dim\[0\] is 9/);
  });

  it('refuses non-scalar and unsupported datatypes by name', () => {
    expect(refusal(buildTestNifti({ ...GOOD, datatype: 128 })).message).toMatch(/^bad\.nii: RGB24 is not a scalar image/);
    expect(refusal(buildTestNifti({ ...GOOD, datatype: 32 })).message).toMatch(/COMPLEX64 is not a scalar image/);
    expect(refusal(buildTestNifti({ ...GOOD, datatype: 1024 })).message).toMatch(/INT64 voxels are not supported/);
    expect(refusal(buildTestNifti({ ...GOOD, datatype: 3 })).message).toMatch(/datatype code 3 is not a NIfTI datatype/);
  });

  it('refuses a vox_offset inside the header', () => {
    expect(refusal(buildTestNifti({ ...GOOD, voxOffset: 100 })).message).toMatch(/vox_offset is 100; expected a whole number of bytes at or after the 348-byte header/);
  });

  it('checks the size from the header against the budget before allocating', () => {
    // 32767³ float32 voxels would be 128 TiB; the file itself is a header.
    const huge = buildTestNifti({ ...GOOD, dim: [3, 32767, 32767, 32767], values: [] });
    expect(refusal(huge).message).toMatch(/is a 32767×32767×32767 volume: its voxels need 128 TiB as float32, more than the memory budget of 1\.0 GiB\.$/);
    expect(refusal(gzipSync(huge)).message).toMatch(/more than the memory budget/);
    const v2 = buildTestNifti({ ...GOOD, version: 2, dim: [3, 2 ** 40, 1, 1], values: [] });
    expect(refusal(v2).message).toMatch(/1099511627776×1×1/);
    expect(refusal(buildTestNifti(GOOD), { maxBytes: 64 }).message).toMatch(/4×3×2 volume: its voxels need 96 bytes as float32, more than the memory budget of 64 bytes/);
  });

  it('refuses voxel data cut short, plain or gzipped', () => {
    const bytes = buildTestNifti(GOOD);
    expect(refusal(bytes.subarray(0, bytes.length - 1)).message).toBe(
      `bad.nii is ${bytes.length - 1} bytes long, but its header needs ${bytes.length} (voxels from byte 352): the file is truncated.`,
    );
    // A complete gzip stream of a cut file: the stream ends cleanly, the data does not.
    expect(refusal(gzipSync(bytes.subarray(0, 400))).message).toBe(`bad.nii inflates to 400 bytes, but its header needs ${bytes.length}: the file is truncated or corrupt.`);
  });

  it('refuses a gzip stream that is truncated or corrupt', () => {
    const noise = Array.from({ length: 20000 }, (_, i) => Math.sin(i * 12.9898) * 43758.5453 % 1000);
    const gz = gzipSync(buildTestNifti({ ...GOOD, dim: [3, 100, 200, 1], values: noise }));
    expect(refusal(gz.subarray(0, Math.floor(gz.length / 2))).message).toBe('bad.nii is not a valid gzip stream (unexpected EOF).');
    expect(refusal(gz.subarray(0, 12)).message).toBe('bad.nii is not a valid gzip stream (unexpected EOF).');
    const corrupt = gz.slice();
    for (let i = 20; i < 60; i++) corrupt[i] = 0xff;
    expect(refusal(corrupt).message).toMatch(/^bad\.nii is not a valid gzip stream \(invalid /);
  });

  it('refuses NaN and infinite voxels, in the file or after scaling', () => {
    const values = [...GOOD.values];
    values[7] = Number.NaN;
    values[20] = Number.POSITIVE_INFINITY;
    expect(refusal(buildTestNifti({ ...GOOD, values })).message).toBe(
      'bad.nii has 2 voxels that are NaN or infinite, the first at (i, j, k) = (3, 1, 0); expected finite values.',
    );
    const float64 = buildTestNifti({ ...GOOD, datatype: 64, values: GOOD.values.map((v) => (v === 13 ? -Infinity : v)) });
    expect(refusal(float64).message).toMatch(/has 1 voxel that is NaN or infinite, the first at \(i, j, k\) = \(1, 0, 1\)/);
    const overflow = buildTestNifti({ ...GOOD, values: GOOD.values.map((v) => v * 1e37), slope: 1e3 });
    expect(refusal(overflow).message).toMatch(/NaN or infinite after scl_slope\/scl_inter/);
  });
});

describe('gzip trailer check', () => {
  it('computes the standard CRC-32 and catches data damaged without an inflate error', async () => {
    const { crc32 } = await import('../../../src/lib/volumes/niftiGzip');
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
    const gz = gzipSync(buildTestNifti(GOOD));
    expect(readNifti(gz, { name: 'ok.nii.gz' }).dims).toEqual([4, 3, 2]);
    const damaged = gz.slice();
    damaged[damaged.length - 6] ^= 0x10;
    expect(refusal(damaged).message).toBe('bad.nii is not a valid gzip stream (its CRC-32 check fails: the data is damaged).');
  });
});
