import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { STORED_DTYPES, type ArrayLayout, type StoredDtype } from '../../../src/lib/data/storedArrayInfo';
import { loadH5wasm } from '../../../src/lib/data/h5wasmRuntime';
import { readLessonDataset } from '../../../src/lib/data/readLessonDataset';
import type { LessonDataset } from '../../../src/lib/data/types';
import { encodeLessonDataset, writeLessonDataset } from '../../../src/lib/data/writeLessonDataset';
import { makeTempDir, ramp, smallDataset } from './h5TestFiles';
import { taskDescriptor } from '../../../src/lib/tasks';

const tmp = makeTempDir();
afterAll(() => tmp.cleanup());

/** Values that every dtype can hold exactly: small non-negative integers for unsigned, signed ramps otherwise. */
function datasetFor(dtype: StoredDtype): LessonDataset {
  const d = smallDataset(true);
  const offset = dtype.startsWith('uint') ? 0 : -60;
  for (const split of [d.train, d.val, d.test!]) split.x = ramp(split.x.length, offset, 0.5).map((v) => Math.round(v) || 0);
  if (dtype === 'float32' || dtype === 'float64') d.train.x[1] = 0.1; // a value only a float keeps
  return d;
}

function expectSameDataset(actual: LessonDataset, expected: LessonDataset): void {
  expect(actual.height).toBe(expected.height);
  expect(actual.width).toBe(expected.width);
  for (const split of ['train', 'val', 'test'] as const) {
    const e = expected[split];
    if (!e) {
      expect(actual[split]).toBeUndefined();
      continue;
    }
    expect(actual[split]!.count).toBe(e.count);
    expect(actual[split]!.x).toBeInstanceOf(Float32Array);
    expect(Array.from(actual[split]!.x)).toEqual(Array.from(e.x));
    expect(Array.from(actual[split]!.y)).toEqual(Array.from(e.y));
  }
  expect(actual.attributes).toEqual(expected.attributes);
}

describe('writeLessonDataset → readLessonDataset', () => {
  for (const dtype of STORED_DTYPES) {
    it(`round-trips ${dtype} images and uint8 masks, gzip-compressed`, async () => {
      const d = datasetFor(dtype);
      const path = tmp.file(`rt-${dtype}.h5`);
      await writeLessonDataset(path, d, { dtypeX: dtype, dtypeY: 'uint8' });
      const { h5 } = await loadH5wasm('node');
      const f = new h5.File(path, 'r');
      const stored = f.get('trainX') as import('h5wasm').Dataset;
      expect(stored.shape).toEqual([3, 8, 8, 1]);
      expect(stored.metadata.size).toBe(Number(dtype.replace(/\D/g, '')) / 8);
      expect(stored.filters.map((x) => x.name)).toEqual(['deflate']);
      expect(stored.metadata.chunks).toEqual([1, 8, 8, 1]);
      f.close();
      expectSameDataset(await readLessonDataset(path, { rules: taskDescriptor('segmentation').data }), d);
    });
  }

  for (const layout of ['NHWC', 'NHW', 'NCHW'] as ArrayLayout[]) {
    it(`round-trips layout ${layout}, contiguous and chunked`, async () => {
      const d = smallDataset(true);
      const contiguous = tmp.file(`rt-${layout}-contiguous.h5`);
      await writeLessonDataset(contiguous, d, { layout, compression: 0 });
      const chunked = tmp.file(`rt-${layout}-chunked.h5`);
      await writeLessonDataset(chunked, d, { layout, compression: 9, chunkSlices: 2 });
      const { h5 } = await loadH5wasm('node');
      const expectedShape = { NHWC: [3, 8, 8, 1], NHW: [3, 8, 8], NCHW: [3, 1, 8, 8] }[layout];
      for (const [path, chunks] of [[contiguous, null], [chunked, [2, ...expectedShape.slice(1)]]] as const) {
        const f = new h5.File(path, 'r');
        const stored = f.get('trainY') as import('h5wasm').Dataset;
        expect(stored.shape).toEqual(expectedShape);
        expect(stored.metadata.chunks).toEqual(chunks);
        f.close();
        expectSameDataset(await readLessonDataset(path), d);
      }
    });
  }

  it('stores scaled integers with a scale_factor attribute and reads the values back', async () => {
    const d = smallDataset(false);
    for (const split of [d.train, d.val]) split.x = split.x.map((_, i) => Math.fround((i - 100) / 1000)); // HU/1000
    const path = tmp.file('scaled.h5');
    await writeLessonDataset(path, d, { dtypeX: 'int16', scaleX: 1000 });
    const { h5 } = await loadH5wasm('node');
    const f = new h5.File(path, 'r');
    const stored = f.get('trainX') as import('h5wasm').Dataset;
    expect((stored.value as Int16Array).slice(0, 3)).toEqual(new Int16Array([-100, -99, -98]));
    expect(stored.attrs.scale_factor.value).toBeCloseTo(0.001, 15);
    f.close();
    expectSameDataset(await readLessonDataset(path), d);
  });

  it('rejects values that do not fit the chosen dtype instead of wrapping them', async () => {
    const d = smallDataset(false);
    d.train.x[5] = 300;
    await expect(writeLessonDataset(tmp.file('overflow.h5'), d, { dtypeX: 'int8' })).rejects.toThrow(
      'Cannot store trainX as int8: the value 300 at flat index 5 becomes 300, outside [-128, 127].',
    );
  });

  it('encodes to bytes in memory that read back identically, also from an ArrayBuffer', async () => {
    const d = smallDataset(true);
    const bytes = await encodeLessonDataset(d, { dtypeX: 'int16', dtypeY: 'uint8' });
    expect(Array.from(bytes.subarray(0, 4))).toEqual([0x89, 0x48, 0x44, 0x46]);
    expectSameDataset(await readLessonDataset(bytes), d);
    const copy = bytes.slice().buffer;
    expectSameDataset(await readLessonDataset(copy), d);
  });

  it('reads the same data from a path and from that file’s bytes', async () => {
    const d = smallDataset(true);
    const path = tmp.file('both.h5');
    await writeLessonDataset(path, d, { attributes: { extra: 'yes' } });
    const fromPath = await readLessonDataset(path);
    const fromBytes = await readLessonDataset(new Uint8Array(readFileSync(path)));
    expect(fromPath.attributes).toEqual({ ...d.attributes, extra: 'yes' });
    expect(fromBytes).toEqual(fromPath);
  });
});
