import { describe, expect, it } from 'vitest';
import { listDicomSeries } from '../../../src/lib/volumes/dicomSeriesList';
import { readDicomSeries } from '../../../src/lib/volumes/dicomSeries';
import type { Volume } from '../../../src/lib/volumes/types';
import { buildSeries, crossProduct, lpsOf, obliqueOrientation, valueAt, type SeriesSpec } from './dicomSeriesFixtures';
import type { DicomSyntax } from './dicomTestWriter';

const AXIAL: SeriesSpec = {
  uid: '1.2.826.0.1.3680043.9.7777.1.1',
  slices: 7,
  rows: 5,
  columns: 6,
  orientation: [1, 0, 0, 0, 1, 0],
  pixelSpacing: [0.8, 0.7],
  origin: [-20, -15, 30],
  step: [0, 0, 2.5],
};

function oblique(syntax: DicomSyntax): SeriesSpec {
  const orientation = obliqueOrientation(0.4, -0.3);
  const normal = crossProduct(orientation.slice(0, 3), orientation.slice(3));
  // Slices written from the far end back: the spatial order runs against the normal.
  return { ...AXIAL, uid: '1.2.826.0.1.3680043.9.7777.2.1', syntax, orientation, origin: [12, -8, 40], step: normal.map((n) => -3 * n) };
}

/** Voxel (i, j, k) through the volume's affine, in LPS (x and y negated back from RAS). */
function affineLps(volume: Volume, i: number, j: number, k: number): number[] {
  const a = volume.affine;
  const ras = [0, 1, 2].map((r) => a[4 * r] * i + a[4 * r + 1] * j + a[4 * r + 2] * k + a[4 * r + 3]);
  return [-ras[0], -ras[1], ras[2]];
}

/** Every voxel holds the value of the place the affine puts it at. */
function expectValuesFollowAffine(volume: Volume): void {
  const [ni, nj, nk] = volume.dims;
  for (let k = 0; k < nk; k++) {
    for (let j = 0; j < nj; j++) {
      for (let i = 0; i < ni; i++) expect(volume.data[i + ni * (j + nj * k)]).toBe(valueAt(affineLps(volume, i, j, k)));
    }
  }
}

describe('readDicomSeries geometry', () => {
  it('orders axial slices by position whatever the instance numbers and file order', () => {
    const { volume } = readDicomSeries(buildSeries(AXIAL));
    expect(volume.dims).toEqual([6, 5, 7]);
    expect(volume.affineSource).toBe('dicom');
    expect(volume.spacing.map((s) => +s.toFixed(6))).toEqual([0.7, 0.8, 2.5]);
    // RAS+: the i axis (LPS +x, towards the patient's left) is −x; j (posterior) −y; z stays.
    const expected = [-0.7, 0, 0, 20, 0, -0.8, 0, 15, 0, 0, 2.5, 30, 0, 0, 0, 1];
    volume.affine.forEach((value, index) => expect(value).toBeCloseTo(expected[index], 9));
    expectValuesFollowAffine(volume);
    expect(volume.warnings).toEqual([]);
  });

  for (const syntax of ['explicit', 'implicit', 'deflated'] as const) {
    it(`reads an oblique series written against the normal (${syntax} VR)`, () => {
      const spec = oblique(syntax);
      const { volume } = readDicomSeries(buildSeries(spec));
      // k runs along the normal, so slice 0 of the volume is the last slice of the spec.
      for (const [i, j, k] of [[0, 0, 0], [5, 4, 6], [2, 3, 4]]) {
        const expected = lpsOf(spec, i, j, spec.slices - 1 - k);
        affineLps(volume, i, j, k).forEach((v, axis) => expect(v).toBeCloseTo(expected[axis], 5));
      }
      expect(volume.spacing[2]).toBeCloseTo(3, 6);
      expectValuesFollowAffine(volume);
    });
  }

  it('applies RescaleSlope and RescaleIntercept: HU for CT, no units otherwise', () => {
    const ct = readDicomSeries(buildSeries({ ...AXIAL, intercept: -1024, slope: 1 })).volume;
    expect(ct.units).toBe('HU');
    expect(ct.data[0]).toBe(valueAt(AXIAL.origin));
    const mr = readDicomSeries(buildSeries({ ...AXIAL, modality: 'MR', intercept: -500, slope: 0.5 })).volume;
    expect(mr.units).toBeNull();
    expectValuesFollowAffine(mr);
  });

  it('reads a raw data set without preamble (implicit VR, as old exports write)', async () => {
    const { sliceElements, writeDicom } = await import('./dicomTestWriter');
    const files = buildSeries(AXIAL).map((f, index) => ({ name: f.name, bytes: writeDicom(sliceElements({
      seriesUid: AXIAL.uid, instanceNumber: index + 1, position: [0, 0, index], rows: 2, columns: 3, stored: [0, 1, 2, 3, 4, 5], intercept: -10,
    }), { syntax: 'implicit', preamble: false }) }));
    const { volume } = readDicomSeries(files);
    expect(volume.dims).toEqual([3, 2, 7]);
    expect(Array.from(volume.data.subarray(0, 6))).toEqual([-10, -9, -8, -7, -6, -5]);
  });
});

describe('series in one folder', () => {
  const small = { ...AXIAL, uid: '1.2.826.0.1.3680043.9.7777.3.1', slices: 3, description: 'localiser' };
  const files = [...buildSeries(small), ...buildSeries({ ...AXIAL, description: 'axial 2.5 mm' })];

  it('lists every series, the largest first', () => {
    expect(listDicomSeries(files)).toEqual([
      { seriesInstanceUid: AXIAL.uid, description: 'axial 2.5 mm', modality: 'CT', fileCount: 7, rows: 5, columns: 6 },
      { seriesInstanceUid: small.uid, description: 'localiser', modality: 'CT', fileCount: 3, rows: 5, columns: 6 },
    ]);
  });

  it('reads the largest by default and another on request, never mixing their files', () => {
    const first = readDicomSeries(files);
    expect(first.volume.dims[2]).toBe(7);
    expect(first.volume.source.seriesInstanceUid).toBe(AXIAL.uid);
    expect(first.series).toHaveLength(2);
    expect(first.volume.warnings.join(' ')).toMatch(/2 series/);
    const second = readDicomSeries(files, { seriesInstanceUid: small.uid }).volume;
    expect(second.dims[2]).toBe(3);
    expect(second.source.description).toBe('localiser');
    expect(() => readDicomSeries(files, { seriesInstanceUid: '9.9' })).toThrow(/No series with SeriesInstanceUID 9\.9/);
  });
});
