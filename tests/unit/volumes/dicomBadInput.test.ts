import { describe, expect, it } from 'vitest';
import { DatasetFormatError } from '../../../src/lib/errors';
import { readDicomSeries } from '../../../src/lib/volumes/dicomSeries';
import { buildSeries, type SeriesSpec } from './dicomSeriesFixtures';
import { sliceElements, writeDicom, type TestElement } from './dicomTestWriter';

const SPEC: SeriesSpec = {
  uid: '1.2.826.0.1.3680043.9.7777.5.1',
  slices: 4,
  rows: 4,
  columns: 4,
  orientation: [1, 0, 0, 0, 1, 0],
  pixelSpacing: [1, 1],
  origin: [0, 0, 0],
  step: [0, 0, 2],
};

/** The DatasetFormatError `read` throws (fails the test when it throws nothing or something else). */
function errorOf(read: () => unknown): DatasetFormatError {
  try {
    read();
  } catch (error) {
    expect(error).toBeInstanceOf(DatasetFormatError);
    return error as DatasetFormatError;
  }
  throw new Error('expected a DatasetFormatError');
}

const without = (tag: number) => (elements: TestElement[]) => elements.filter((e) => e.tag !== tag);
const replace = (tag: number, vr: string, value: TestElement['value']) => (elements: TestElement[]) =>
  [...elements.filter((e) => e.tag !== tag), { tag, vr, value }];

describe('readDicomSeries refuses what it cannot read correctly', () => {
  it('names a file that is not DICOM', () => {
    const error = errorOf(() => readDicomSeries([{ name: 'notes.txt', bytes: new TextEncoder().encode('x'.repeat(400)) }]));
    expect(error.message).toBe('notes.txt is not a DICOM file: it has no "DICM" marker at byte 128 and does not parse as a raw DICOM data set.');
  });

  it('names a DICOM file without pixel data', () => {
    const bytes = writeDicom(without(0x7fe00010)(sliceElements({ seriesUid: SPEC.uid, instanceNumber: 1, position: [0, 0, 0], rows: 1, columns: 1, stored: [0] })));
    expect(errorOf(() => readDicomSeries([{ name: 'DICOMDIR', bytes }])).message).toMatch(/^DICOMDIR is a DICOM file without pixel data \(SOP class 1\.2\.840\.10008\.5\.1\.4\.1\.1\.2\)/);
  });

  it('leaves non-image files out of a folder and says so', () => {
    const files = [...buildSeries(SPEC), { name: 'README.txt', bytes: new TextEncoder().encode('hello') }];
    const { volume } = readDicomSeries(files);
    expect(volume.dims).toEqual([4, 4, 4]);
    expect(volume.warnings).toContain('1 file(s) were left out as not DICOM images (README.txt).');
  });

  it('refuses a compressed transfer syntax by its name', () => {
    const files = buildSeries(SPEC).map((f, index) => index === 0 ? { name: f.name, bytes: writeDicom(sliceElements({ seriesUid: SPEC.uid, instanceNumber: 9, position: [0, 0, 9], rows: 4, columns: 4, stored: new Array(16).fill(0) }), { transferSyntaxUid: '1.2.840.10008.1.2.4.90' }) } : f);
    const error = errorOf(() => readDicomSeries(files));
    expect(error.message).toContain('JPEG 2000 lossless (1.2.840.10008.1.2.4.90) is not supported');
    expect(error.hint).toMatch(/dcmdjpeg.*gdcmconv --raw/);
  });

  it('refuses missing position and orientation tags, naming the tag', () => {
    const noPosition = buildSeries({ ...SPEC, edit: (e, s) => (s === 2 ? without(0x00200032)(e) : e) });
    expect(errorOf(() => readDicomSeries(noPosition)).message).toMatch(/^IM\d{4}\.dcm \(in Series .*\) has no ImagePositionPatient \(0020,0032\)/);
    const noOrientation = buildSeries({ ...SPEC, edit: without(0x00200037) });
    expect(errorOf(() => readDicomSeries(noOrientation)).message).toMatch(/has no ImageOrientationPatient \(0020,0037\)/);
  });

  it('refuses mixed image sizes and mixed orientations within a series', () => {
    const mixedSize = buildSeries({ ...SPEC, edit: (e, s) => (s === 1 ? replace(0x00280010, 'US', [3])(e) : e) });
    expect(errorOf(() => readDicomSeries(mixedSize)).message).toMatch(/mixes image sizes: IM\d{4}\.dcm is [34]×4, IM\d{4}\.dcm [34]×4 \(rows×columns\)/);
    const mixedPlane = buildSeries({ ...SPEC, edit: (e, s) => (s === 1 ? replace(0x00200037, 'DS', '1\\0\\0\\0\\0\\-1')(e) : e) });
    expect(errorOf(() => readDicomSeries(mixedPlane)).message).toMatch(/mixes slice orientations/);
  });

  it('refuses two slices at one position', () => {
    const files = buildSeries({ ...SPEC, edit: (e, s) => (s === 3 ? replace(0x00200032, 'DS', '0\\0\\4')(e) : e) });
    expect(errorOf(() => readDicomSeries(files)).message).toMatch(/two slices at the same position \(IM\d{4}\.dcm and IM\d{4}\.dcm, 4\.000 mm along the normal\)/);
  });

  it('checks the memory budget from the headers before reading pixels', () => {
    const error = errorOf(() => readDicomSeries(buildSeries(SPEC), { maxBytes: 255 }));
    expect(error.message).toMatch(/4 slices of 4×4: 64 voxels, which take 256 bytes as float32, more than the memory budget of 255 bytes/);
    expect(readDicomSeries(buildSeries(SPEC), { maxBytes: 256 }).volume.data.length).toBe(64);
  });

  it('refuses truncated pixel data and a truncated deflated stream', () => {
    const files = buildSeries(SPEC);
    const cut = files.map((f, i) => (i === 0 ? { name: f.name, bytes: f.bytes.subarray(0, f.bytes.length - 10) } : f));
    expect(errorOf(() => readDicomSeries(cut)).message).toMatch(/^IM\d{4}\.dcm could not be parsed as DICOM: .*buffer overrun/);
    const shortPixels = buildSeries({ ...SPEC, edit: replace(0x00280010, 'US', [5]) });
    expect(errorOf(() => readDicomSeries(shortPixels)).message).toMatch(/the pixel data holds 32 bytes where 5×4 pixels of 16 bits need 40; the file is truncated/);
    const deflated = buildSeries({ ...SPEC, syntax: 'deflated' });
    const short = { name: 'short.dcm', bytes: deflated[0].bytes.subarray(0, deflated[0].bytes.length - 20) };
    expect(errorOf(() => readDicomSeries([short])).message).toMatch(/^short\.dcm: the deflated DICOM data set is truncated or corrupt/);
  });

  it('refuses colour and multi-frame images', () => {
    const rgb = buildSeries({ ...SPEC, edit: (e) => replace(0x00280004, 'CS', 'RGB')(replace(0x00280002, 'US', [3])(e)) });
    expect(errorOf(() => readDicomSeries(rgb)).message).toMatch(/is a RGB image with 3 samples per pixel/);
    const frames = buildSeries({ ...SPEC, edit: replace(0x00280008, 'IS', '4') });
    expect(errorOf(() => readDicomSeries(frames)).message).toMatch(/multi-frame \(enhanced\) DICOM file with 4 frames/);
  });

  it('reads a single slice as a one-slice volume and says so', () => {
    const { volume } = readDicomSeries(buildSeries({ ...SPEC, slices: 1, edit: replace(0x00180050, 'DS', '1.5') }));
    expect(volume.dims).toEqual([4, 4, 1]);
    expect(volume.spacing[2]).toBe(1.5);
    expect(volume.warnings.join(' ')).toMatch(/a single slice: its thickness along the normal is taken as the SliceThickness, 1\.5 mm/);
  });

  it('warns on uneven gaps and keeps the mean spacing', () => {
    const files = buildSeries({ ...SPEC, edit: (e, s) => (s === 3 ? replace(0x00200032, 'DS', '0\\0\\9')(e) : e) });
    const { volume } = readDicomSeries(files);
    expect(volume.spacing[2]).toBe(3);
    expect(volume.warnings.join(' ')).toMatch(/gaps between slices are uneven \(2\.000 to 5\.000 mm, mean 3\.000 mm\)/);
  });
});

describe('pixel formats', () => {
  const one = (options: Partial<Parameters<typeof sliceElements>[0]>) =>
    readDicomSeries([{ name: 'a.dcm', bytes: writeDicom(sliceElements({ seriesUid: '1.2.3', instanceNumber: 1, position: [0, 0, 0], rows: 1, columns: 4, stored: [], ...options })) }]).volume;

  it('reads 8-bit, signed 16-bit and 32-bit values', () => {
    expect(Array.from(one({ bitsAllocated: 8, stored: [0, 1, 200, 255] }).data)).toEqual([0, 1, 200, 255]);
    expect(Array.from(one({ signed: true, stored: [-2000, -1, 0, 3000], slope: 2, intercept: 10 }).data)).toEqual([-3990, 8, 10, 6010]);
    expect(Array.from(one({ bitsAllocated: 32, signed: true, stored: [-70000, 0, 5, 70000] }).data)).toEqual([-70000, 0, 5, 70000]);
  });

  it('masks bits above BitsStored and sign-extends a 12-bit signed value', () => {
    // 0xF800 in 12 of 16 bits is 0x800 (−2048 signed); 0x1001 keeps 0x001.
    expect(Array.from(one({ bitsStored: 12, stored: [0xf800, 0x1001, 0x0fff, 0] }).data)).toEqual([0x800, 1, 0xfff, 0]);
    expect(Array.from(one({ bitsStored: 12, signed: true, stored: [0xf800 - 0x10000, 0x0fff, 0x07ff, 0] }).data)).toEqual([-2048, -1, 2047, 0]);
  });
});
