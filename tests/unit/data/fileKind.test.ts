import { describe, expect, it } from 'vitest';
import { FILE_KIND_HEAD_BYTES, notHdf5Advice, sniffFileKind } from '../../../src/lib/data/fileKind';
import { readLessonDataset } from '../../../src/lib/data/readLessonDataset';
import { encodeLessonDataset } from '../../../src/lib/data/writeLessonDataset';
import { writeNifti } from '../../../src/lib/volumes/niftiWrite';
import { sliceElements, writeDicom } from '../volumes/dicomTestWriter';

const bytes = (...values: number[]) => new Uint8Array(values);
const text = (s: string) => new TextEncoder().encode(s);
const IDENTITY = [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1];
const nifti = (gzip: boolean) => <Uint8Array<ArrayBuffer>>writeNifti({ dims: [4, 4, 3], data: new Float32Array(48).fill(7), affine: IDENTITY }, { gzip });
const dicom = () => <Uint8Array<ArrayBuffer>>writeDicom(sliceElements({ seriesUid: '1.2.3.4', instanceNumber: 1, position: [0, 0, 0], rows: 2, columns: 2, stored: [0, 1, 2, 3] }));

describe('sniffFileKind', () => {
  it('tells NIfTI-1 (plain), NIfTI-2 and a .nii.gz from their bytes and name', () => {
    expect(sniffFileKind(nifti(false))).toMatchObject({ kind: 'nifti', volume: true, description: expect.stringMatching(/NIfTI-1/) });
    const nifti2 = new Uint8Array(FILE_KIND_HEAD_BYTES);
    nifti2.set(text('n+2\0'), 4);
    expect(sniffFileKind(nifti2)?.description).toMatch(/NIfTI-2/);
    expect(sniffFileKind(nifti(true), 'ct.nii.gz')).toMatchObject({ kind: 'nifti', description: expect.stringMatching(/\.nii\.gz/) });
    // Without the name a gzip stream is only gzip: its content is not visible without inflating it.
    expect(sniffFileKind(nifti(true), 'archive.tar.gz')).toMatchObject({ kind: 'gzip', volume: false });
  });

  it('tells a DICOM file by its DICM preamble, or by a .dcm name without one', () => {
    expect(sniffFileKind(dicom(), 'IM0001')).toMatchObject({ kind: 'dicom', volume: true });
    expect(sniffFileKind(bytes(8, 0, 5, 0), 'slice.DCM')?.kind).toBe('dicom');
    expect(sniffFileKind(bytes(8, 0, 5, 0), 'slice')).toBeNull();
  });

  it('names zip, PNG, JPEG, PDF, NumPy and HDF5; null for anything else', async () => {
    expect(sniffFileKind(bytes(0x50, 0x4b, 3, 4, 20))?.kind).toBe('zip');
    expect(sniffFileKind(bytes(0x89, 0x50, 0x4e, 0x47, 13, 10, 26, 10))?.kind).toBe('png');
    expect(sniffFileKind(bytes(0xff, 0xd8, 0xff, 0xe0))?.kind).toBe('jpeg');
    expect(sniffFileKind(text('%PDF-1.7\n'))?.kind).toBe('pdf');
    expect(sniffFileKind(bytes(0x93, ...text('NUMPY'), 1, 0))?.kind).toBe('npy');
    expect(sniffFileKind(text('trainX,trainY\n'))).toBeNull();
    expect(sniffFileKind(new Uint8Array(0))).toBeNull();
    const h5 = await encodeLessonDataset({
      height: 4, width: 4,
      train: { count: 1, x: new Float32Array(16), y: new Float32Array(16) },
      val: { count: 1, x: new Float32Array(16), y: new Float32Array(16) },
      attributes: {},
    } as Parameters<typeof encodeLessonDataset>[0]);
    expect(sniffFileKind(h5)?.kind).toBe('hdf5');
  });

  it('sends volumes to the scan import and arrays to h5py', () => {
    expect(notHdf5Advice(sniffFileKind(nifti(false))!)).toMatch(/Bring your own scan/);
    expect(notHdf5Advice(sniffFileKind(dicom())!)).toMatch(/Bring your own scan/);
    expect(notHdf5Advice(sniffFileKind(bytes(0x93, ...text('NUMPY')))!)).toMatch(/h5py/);
  });
});

describe('the HDF5 loader names a file of another kind', () => {
  it('a NIfTI volume handed over as bytes or as a File', async () => {
    await expect(readLessonDataset(nifti(false))).rejects.toMatchObject({
      message: 'The file is not an HDF5 file: it is a NIfTI file (a NIfTI-1 volume, .nii).',
      hint: expect.stringMatching(/Bring your own scan/),
    });
    const file = new File([nifti(true)], 'ct.nii.gz');
    await expect(readLessonDataset({ file })).rejects.toThrow('The file ct.nii.gz is not an HDF5 file: it is a NIfTI file (a gzip-compressed volume, .nii.gz).');
    await expect(readLessonDataset({ file: new File([dicom()], 'IM0001') })).rejects.toThrow(/it is a DICOM file/);
  });
});
