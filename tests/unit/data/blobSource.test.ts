import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { assertBudget } from '../../../src/lib/data/fileBudget';
import { inspectDataset } from '../../../src/lib/data/inspectDataset';
import { readLessonDataset } from '../../../src/lib/data/readLessonDataset';
import { datasetRulesByTask, taskDescriptor } from '../../../src/lib/tasks';

const fixture = fileURLToPath(new URL('../../fixtures/corpus/ok_baseline.h5', import.meta.url));

/** A File-like object of a given size whose contents must never be read. */
function unreadableFile(size: number, name: string): File {
  const refuse = () => { throw new Error('the file was read'); };
  return { size, name, slice: refuse, arrayBuffer: refuse, stream: refuse, text: refuse } as unknown as File;
}

describe('learner files as File/Blob ({ file })', () => {
  it('reads a File (outside a worker: into memory after the size check) and names it in messages', async () => {
    const bytes = readFileSync(fixture);
    const file = new File([bytes], 'mine.h5');
    const d = await readLessonDataset({ file }, { rules: taskDescriptor('segmentation').data });
    expect([d.height, d.width, d.train.count, d.train.x[0]]).toEqual([8, 8, 2, 10]);
    expect((await inspectDataset({ file }, { tasks: datasetRulesByTask() })).lessons.segmentation.usable).toBe(true);
    await expect(readLessonDataset({ file: new File([bytes.subarray(0, 2000)], 'cut.h5') })).rejects.toThrow(/^The file cut\.h5 is truncated: it ends after 2,000 bytes/);
    await expect(readLessonDataset({ file: new File(['hello'], 'notes.txt') })).rejects.toThrow(/^The file notes\.txt is not an HDF5 file/);
  });

  it('refuses a file over the budget by its size, with the size and the limit, before reading a byte', async () => {
    const big = unreadableFile(3 * 1024 ** 3, 'scan.h5');
    await expect(readLessonDataset({ file: big })).rejects.toThrow('The file scan.h5 is 3.0 GiB, more than the memory budget of 512 MiB.');
    await expect(inspectDataset({ file: big })).rejects.toThrow(/is 3\.0 GiB, more than the memory budget/);
    expect(() => assertBudget('The file a.h5', 600 * 1024 ** 2)).toThrow('The file a.h5 is 600 MiB, more than the memory budget of 512 MiB.');
    expect(() => assertBudget('The file a.h5', 512 * 1024 ** 2)).not.toThrow();
  });
});
