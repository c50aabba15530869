import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { inspectDataset } from '../../../src/lib/data/inspectDataset';
import { encodeLessonDataset, writeLessonDataset } from '../../../src/lib/data/writeLessonDataset';
import { datasetRulesByTask, taskDescriptor } from '../../../src/lib/tasks';
import { makeTempDir, smallDataset, validRawArrays, writeRawH5 } from './h5TestFiles';

const tmp = makeTempDir();
afterAll(() => tmp.cleanup());
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

describe('inspectDataset', () => {
  it('summarises shapes, dtypes, filters, value ranges, counts and attributes as plain data', async () => {
    const bytes = await encodeLessonDataset(smallDataset(true), { dtypeX: 'int16', dtypeY: 'uint8' });
    const summary = await inspectDataset(bytes, { tasks: datasetRulesByTask() });
    expect(summary.byteLength).toBe(bytes.length);
    expect(summary.datasets.map((d) => d.path)).toEqual(['testX', 'testY', 'trainX', 'trainY', 'valX', 'valY']);
    const trainX = summary.datasets.find((d) => d.path === 'trainX')!;
    // trainX is the ramp −100 … 91 (192 values): mean −4.5.
    expect(trainX).toMatchObject({ shape: [3, 8, 8, 1], dtype: 'int16', supported: true, chunks: [1, 8, 8, 1], filters: ['deflate'], lessonShape: [3, 8, 8, 1], min: -100, max: 91, mean: -4.5, nonFinite: 0, binary: false });
    expect(summary.datasets.find((d) => d.path === 'valY')).toMatchObject({ dtype: 'uint8', binary: true, min: 0, max: 1 });
    expect(summary.counts).toEqual({ train: 3, val: 2, test: 1 });
    expect(summary.attributes).toEqual({ generator: 'test', seed: 7, spacing_mm: 0.75 });
    expect(summary.lessons.segmentation).toEqual({ usable: true });
    expect(summary.lessons.translation.usable).toBe(false);
    expect(summary.lessons.translation.error?.message).toMatch(/hold only 0 and 1, like segmentation masks/);
    expect(JSON.parse(JSON.stringify(summary))).toEqual(summary); // plain data only
  });

  it('reports problems per dataset and per lesson instead of throwing', async () => {
    const path = tmp.file('odd.h5');
    const arrays = validRawArrays(2, 6, 8);
    arrays[0].data[3] = NaN;
    await writeRawH5(path, [...arrays, { name: 'ids', data: BigInt64Array.from([1n, 2n]), shape: [2], dtype: '<q' }]);
    const summary = await inspectDataset(path, { tasks: datasetRulesByTask() });
    expect(summary.datasets.find((d) => d.path === 'trainX')).toMatchObject({ nonFinite: 1, min: 0, max: 95 });
    expect(summary.datasets.find((d) => d.path === 'ids')).toMatchObject({ supported: false, dtype: 'int64', unreadReason: 'unsupported type int64', lessonShape: null });
    for (const fit of Object.values(summary.lessons)) {
      expect(fit.usable).toBe(false);
      expect(fit.error?.message).toMatch(/divisible by 4, but they are 6×8/);
    }
  });

  it('judges only the tasks it is given (name → dataset rules)', async () => {
    const bytes = await encodeLessonDataset(smallDataset(false), { dtypeY: 'uint8' });
    expect((await inspectDataset(bytes, { tasks: { segmentation: taskDescriptor('segmentation').data } })).lessons).toEqual({ segmentation: { usable: true } });
    const none = await inspectDataset(bytes);
    expect(none.lessons).toEqual({});
    expect(none.counts).toEqual({ train: 3, val: 2 });
  });

  it('throws only when the file cannot be opened', async () => {
    await expect(inspectDataset(new TextEncoder().encode('hello'))).rejects.toThrow(/is not an HDF5 file/);
  });
});

describe('npm run inspect-data', () => {
  const run = (...args: string[]) =>
    spawnSync(process.execPath, ['scripts/inspect-data.mjs', ...args], { cwd: repoRoot, encoding: 'utf8', timeout: 100_000 });

  it('prints a JSON summary and exits 0 for a usable file', async () => {
    const path = tmp.file('ok.h5');
    await writeLessonDataset(path, smallDataset(false), { dtypeY: 'uint8' });
    const result = run(path, '--task', 'segmentation');
    expect(result.status).toBe(0);
    const summary = JSON.parse(result.stdout);
    expect(summary.counts).toEqual({ train: 3, val: 2 });
    expect(summary.lessons.segmentation.usable).toBe(true);
  });

  it('prints the error and hint and exits 1 for an unusable file', () => {
    const notHdf5 = run('package.json');
    expect(notHdf5.status).toBe(1);
    expect(notHdf5.stdout).toBe('');
    expect(notHdf5.stderr).toMatch(/^DatasetFormatError: The file package\.json is not an HDF5 file/);
    expect(notHdf5.stderr).toMatch(/\nHint: The lessons read HDF5 files/);
  });
});
