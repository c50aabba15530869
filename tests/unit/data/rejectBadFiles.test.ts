import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { DatasetFormatError } from '../../../src/lib/errors';
import { readLessonDataset, type ReadLessonDatasetOptions } from '../../../src/lib/data/readLessonDataset';
import type { H5Source } from '../../../src/lib/data/openH5Source';
import { encodeLessonDataset } from '../../../src/lib/data/writeLessonDataset';
import { makeTempDir, ramp, smallDataset, validRawArrays, writeRawH5, type RawArray } from './h5TestFiles';
import { taskDescriptor } from '../../../src/lib/tasks';

const tmp = makeTempDir();
afterAll(() => tmp.cleanup());
let fileIndex = 0;

/** Writes the arrays to a fresh file in the temp folder and returns its path. */
async function rawFile(arrays: RawArray[], attributes: Record<string, string | number> = {}): Promise<string> {
  const path = tmp.file(`bad-${++fileIndex}.h5`);
  await writeRawH5(path, arrays, attributes);
  return path;
}

/** Replaces (or with `data` undefined, removes) one dataset of a valid file. */
function edit(name: string, replacement?: Partial<RawArray>): RawArray[] {
  return validRawArrays().flatMap((a) => (a.name !== name ? [a] : replacement ? [{ ...a, ...replacement }] : []));
}

async function rejection(source: H5Source, options: ReadLessonDatasetOptions = {}): Promise<DatasetFormatError> {
  try {
    await readLessonDataset(source, options);
  } catch (error) {
    expect(error).toBeInstanceOf(DatasetFormatError);
    expect((error as DatasetFormatError).hint.length).toBeGreaterThan(10);
    return error as DatasetFormatError;
  }
  throw new Error('expected readLessonDataset to reject');
}

describe('readLessonDataset rejects bad input with a specific DatasetFormatError', () => {
  it('accepts the unedited valid file (the baseline the other cases break)', async () => {
    const d = await readLessonDataset(await rawFile(validRawArrays()), { rules: taskDescriptor('segmentation').data });
    expect([d.height, d.width, d.train.count]).toEqual([8, 8, 2]);
  });

  it('not an HDF5 file: bytes, a text file by path, empty bytes', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    expect((await rejection(png)).message).toBe('The file is not an HDF5 file: it is a PNG picture (.png).');
    const text = tmp.file('notes.h5');
    writeFileSync(text, 'trainX,trainY\n1,2\n'.repeat(100));
    expect((await rejection(text)).message).toBe(`The file ${text} is not an HDF5 file: its first bytes are not the HDF5 signature (\\x89HDF\\r\\n\\x1a\\n).`);
    expect((await rejection(new Uint8Array(0))).message).toBe('The file is empty (0 bytes).');
  });

  it('truncated file: says so in plain words with both sizes, HDF5 reason only at the end of the hint', async () => {
    const bytes = await encodeLessonDataset(smallDataset());
    const kept = Math.floor(bytes.length * 0.6);
    const error = await rejection(bytes.subarray(0, kept));
    expect(error.message).toBe(`The file is truncated: it ends after ${kept.toLocaleString('en-US')} bytes, but its HDF5 header says it is ${bytes.length.toLocaleString('en-US')} bytes long.`);
    expect(error.message).not.toMatch(/sblock|eof =/);
    expect(error.hint).toMatch(/^Download or copy the file again.*\(HDF5: truncated file: eof = \d+, sblock->base_addr = 0, stored_eof = \d+\)$/);
  });

  it('damaged compressed data: names the dataset and the HDF5 reason', async () => {
    const n = 4 * 32 * 32;
    const bytes = await encodeLessonDataset({
      height: 32, width: 32, attributes: {},
      train: { x: Float32Array.from({ length: n }, (_, i) => Math.sin(i)), y: new Float32Array(n), count: 4 },
      val: { x: new Float32Array(n), y: new Float32Array(n), count: 4 },
    });
    const damaged = bytes.slice();
    const from = Math.floor(bytes.length * 0.3);
    for (let i = from; i < from + 64; i++) damaged[i] ^= 0x5a; // inside trainX's gzip chunks
    expect((await rejection(damaged)).message).toBe(
      'Could not read the values of trainX in the file (filter returned failure during read); its compressed data (deflate) is damaged and cannot be decompressed.',
    );
  });

  it('missing file by path', async () => {
    expect((await rejection(tmp.file('nope.h5'))).message).toMatch(/nope\.h5 does not exist or cannot be read\./);
  });

  it('missing datasets: lists the missing and the found ones', async () => {
    const path = await rawFile([...edit('valY'), { name: 'images', data: ramp(4), shape: [4] }]);
    expect((await rejection(path)).message).toMatch(/is missing the dataset valY; it contains images, trainX, trainY, valX\.$/);
    const empty = await rawFile([], { note: 'nothing here' });
    expect((await rejection(empty)).message).toMatch(/missing the datasets trainX, trainY, valX, valY; it contains no datasets at all\./);
    const half = await rawFile([...validRawArrays(), { name: 'testX', data: ramp(64), shape: [1, 8, 8, 1] }]);
    expect((await rejection(half)).message).toMatch(/missing the dataset testY; it contains testX, trainX/);
  });

  it('X/Y count mismatch', async () => {
    const path = await rawFile(edit('trainY', { data: ramp(3 * 64).map((v) => v % 2), shape: [3, 8, 8, 1] }));
    expect((await rejection(path)).message).toBe('Expected trainX and trainY to hold the same number of slices, but trainX has 2 and trainY has 3.');
  });

  it('X/Y size mismatch, and splits of different sizes', async () => {
    const path = await rawFile(edit('valY', { data: ramp(2 * 16 * 8).map((v) => v % 2), shape: [2, 16, 8, 1] }));
    expect((await rejection(path)).message).toBe('Expected valY to have shape [2, 8, 8, 1] like valX, but got [2, 16, 8, 1].');
    const big = [...edit('valX', { data: ramp(2 * 256), shape: [2, 16, 16, 1] })].map((a) => (a.name === 'valY' ? { ...a, data: ramp(512).map((v) => v % 2), shape: [2, 16, 16, 1] } : a));
    expect((await rejection(await rawFile(big))).message).toBe('Expected valX to have slices of 8×8 like trainX, but they are 16×16.');
  });

  it('unsupported rank and channel count', async () => {
    expect((await rejection(await rawFile(edit('trainX', { shape: [2, 64] })))).message).toBe(
      'Expected trainX to have rank 3 or 4 ([N, H, W], [N, H, W, 1] or [N, 1, H, W]), but got rank 2: [2, 64].',
    );
    expect((await rejection(await rawFile(edit('trainX', { shape: [1, 2, 8, 8, 1] })))).message).toMatch(/but got rank 5: \[1, 2, 8, 8, 1\]\./);
    const rgb = await rawFile(edit('valX', { data: ramp(2 * 64 * 3), shape: [2, 8, 8, 3] }));
    expect((await rejection(rgb)).message).toBe('Expected valX to have one channel, shape [N, H, W, 1] or [N, 1, H, W], but got [2, 8, 8, 3].');
  });

  it('unsupported dtype: int64 and strings', async () => {
    const int64 = await rawFile(edit('trainX', { data: BigInt64Array.from({ length: 128 }, (_, i) => BigInt(i)), dtype: '<q' }));
    expect((await rejection(int64)).message).toBe(
      'Expected trainX to hold numbers of type float32, float64, (u)int8, (u)int16 or (u)int32, but it holds int64.',
    );
    const strings = await rawFile(edit('valY', { data: ['a', 'b'], shape: [2], dtype: null as unknown as string }));
    expect((await rejection(strings)).message).toMatch(/Expected valY to hold numbers .* but it holds text \(strings\)\./);
  });

  it('height and width not divisible by 4: says so and offers crop or pad; sizeMultiple 1 reads it', async () => {
    const arrays = validRawArrays(2, 10, 6);
    const error = await rejection(await rawFile(arrays));
    expect(error.message).toMatch(/^Expected the image height and width to be divisible by 4, but they are 10×6\./);
    expect(error.hint).toMatch(/Crop to 8×4 or pad to 12×8 \(cropOrPadToMultiple\), or resize .* \(resizeDataset\)/);
    const d = await readLessonDataset(await rawFile(arrays), { sizeMultiple: 1 });
    expect([d.height, d.width]).toEqual([10, 6]);
  });

  it('NaN and Infinity: names the dataset and the first index', async () => {
    const x = ramp(128);
    x[64 + 8 * 3 + 5] = NaN; // slice 1, row 3, column 5
    x[100] = Infinity;
    const error = await rejection(await rawFile(edit('valX', { data: x })));
    expect(error.message).toBe('Expected valX to hold finite numbers, but it has 2 NaN/Infinity value(s); the first, NaN, is at index [1, 3, 5, 0].');
    const y = ramp(128).map((v) => v % 2);
    y[7] = -Infinity;
    expect((await rejection(await rawFile(edit('trainY', { data: y })))).message).toMatch(/trainY .* the first, -Infinity, is at index \[0, 0, 7, 0\]\./);
  });

  it('empty split', async () => {
    const path = await rawFile(edit('valX', { data: new Float32Array(0), shape: [0, 8, 8, 1] }).map((a) => (a.name === 'valY' ? { ...a, data: new Float32Array(0), shape: [0, 8, 8, 1] } : a)));
    expect((await rejection(path)).message).toBe('Expected valX to hold at least one slice, but it is empty (shape [0, …]).');
  });

  it('non-binary masks for segmentation (0/255 gets its own hint); translation accepts them', async () => {
    const y = ramp(128).map((v) => (v % 2) * 255);
    const path = await rawFile(edit('trainY', { data: y }));
    const error = await rejection(path, { rules: taskDescriptor('segmentation').data });
    expect(error.message).toBe('Expected trainY to be a binary mask (values 0 and 1), but found 255 at index [0, 0, 1, 0].');
    expect(error.hint).toMatch(/divide it by 255/);
    const soft = await rawFile(edit('valY', { data: ramp(128).map((v) => (v % 4) / 4) }));
    expect((await rejection(soft, { rules: taskDescriptor('segmentation').data })).hint).toMatch(/threshold/);
    const d = await readLessonDataset(path, { rules: taskDescriptor('translation').data });
    // A translation target of 0 and 255 is an image: the course puts it in target units (255 → 1) and says so.
    expect(d.train.y[1]).toBe(1);
    expect(d.attributes.scaleTarget).toBe(255);
    expect(d.warnings?.join(' ')).toMatch(/divided every target by it/);
  });

  it('a file over the memory budget (by file size and by the arrays it would expand to)', async () => {
    const path = await rawFile(validRawArrays());
    const size = readFileSync(path).length;
    expect((await rejection(path, { maxBytes: 1000 })).message).toMatch(new RegExp(`is ${(size / 1024).toFixed(1)} KiB, more than the memory budget of 1000 bytes\\.`));
    expect((await rejection(new Uint8Array(readFileSync(path)), { maxBytes: 2048 })).message).toMatch(/more than the memory budget of 2\.0 KiB/);
    // Zeros compress to almost nothing, but 4 × 64 × 64 × 64 float32 values still need 4 MiB.
    const zeros = await encodeLessonDataset({
      height: 64, width: 64, attributes: {},
      train: { x: new Float32Array(64 * 4096), y: new Float32Array(64 * 4096), count: 64 },
      val: { x: new Float32Array(64 * 4096), y: new Float32Array(64 * 4096), count: 64 },
    }, { compression: 9, chunkSlices: 64 });
    expect(zeros.length).toBeLessThan(1024 * 1024);
    expect((await rejection(zeros, { maxBytes: 1024 * 1024 })).message).toBe(
      'The file holds 1,048,576 values, which take 4.0 MiB as float32, more than the memory budget of 1.0 MiB.',
    );
  });
});
