import { describe, expect, it } from 'vitest';
import { droppedFiles, filesOfEntries, filesOfInput, type EntryLike } from '../../../src/components/lab/scanImport/entryFiles';
import { formatBytes } from '../../../src/lib/format';
import { describeFiles, progressText, readSlotFiles, type ReadProgress } from '../../../src/components/lab/scanImport/readSlotFiles';

/** A fake FileSystemEntry tree: directories answer readEntries in batches of `batch`, then an empty one. */
function tree(path: string, node: Record<string, unknown> | string, batch: number, calls: { reads: number }): EntryLike {
  const name = path.split('/').pop()!;
  if (typeof node === 'string') {
    return { isFile: true, isDirectory: false, name, fullPath: path, file: (ok) => ok(new File([node], name)) };
  }
  return {
    isFile: false, isDirectory: true, name, fullPath: path,
    createReader() {
      const children = Object.entries(node).map(([child, value]) => tree(`${path}/${child}`, value as Record<string, unknown> | string, batch, calls));
      let next = 0;
      return {
        readEntries(ok) {
          calls.reads += 1;
          ok(children.slice(next, next + batch));
          next += batch;
        },
      };
    },
  };
}

const dicomFolder = () => {
  const slices: Record<string, string> = {};
  for (let i = 1; i <= 7; i++) slices[`IM${String(i).padStart(4, '0')}`] = `slice ${i}`;
  return { 'series-1': { ...slices, '.DS_Store': 'x', sub: { 'IM0100.dcm': 'deep' } } };
};

describe('filesOfEntries', () => {
  it('reads a dropped folder recursively, batch after batch until readEntries returns none, hidden files left out', async () => {
    const calls = { reads: 0 };
    const root = tree('/series-1', dicomFolder()['series-1'], 3, calls);
    const files = await filesOfEntries([root]);
    expect(files.map((f) => f.path)).toEqual([
      'series-1/IM0001', 'series-1/IM0002', 'series-1/IM0003', 'series-1/IM0004', 'series-1/IM0005', 'series-1/IM0006', 'series-1/IM0007',
      'series-1/sub/IM0100.dcm',
    ]);
    // Nine entries at three a batch: three full batches and the empty one, in the top folder; one and the empty one in sub/.
    expect(calls.reads).toBe(4 + 2);
    expect(await files[7].file.text()).toBe('deep');
  });

  it('a loose file keeps its own name as its path', async () => {
    const files = await filesOfEntries([tree('/ct.nii.gz', 'bytes', 10, { reads: 0 })]);
    expect(files.map((f) => [f.path, f.file.name])).toEqual([['ct.nii.gz', 'ct.nii.gz']]);
  });
});

describe('droppedFiles and filesOfInput', () => {
  it('takes entries where the drop has them and plain files where it does not', async () => {
    const folder = tree('/b', { 'IM2': 'two', 'IM1': 'one' }, 100, { reads: 0 });
    const items = [
      { kind: 'file', webkitGetAsEntry: () => folder, getAsFile: () => null },
      { kind: 'file', webkitGetAsEntry: () => null, getAsFile: () => new File(['m'], 'a-mask.nii.gz') },
      { kind: 'string', getAsFile: () => null },
    ];
    const files = await droppedFiles(items);
    expect(files.map((f) => f.path)).toEqual(['a-mask.nii.gz', 'b/IM1', 'b/IM2']);
  });

  it('a folder picker\'s files carry their relative path; hidden files and folders are left out', () => {
    const withPath = (name: string, path: string) => Object.defineProperty(new File(['x'], name), 'webkitRelativePath', { value: path });
    const list = [withPath('IM2', 'scan/IM2'), withPath('IM1', 'scan/IM1'), withPath('._IM1', 'scan/._IM1'), withPath('x', 'scan/.git/x')];
    expect(filesOfInput(list).map((f) => f.path)).toEqual(['scan/IM1', 'scan/IM2']);
  });
});

describe('reading the slots', () => {
  const picked = (path: string, bytes: number) => ({ path, file: new File([new Uint8Array(bytes).fill(7)], path.split('/').pop()!) });

  const sized = (path: string, size: number) => ({ path, file: { size, name: path } as File });

  it('says what a slot holds', () => {
    expect(describeFiles([])).toBe('Nothing chosen yet.');
    expect(describeFiles([sized('ct.nii.gz', 2_500_000)])).toBe(`ct.nii.gz (${formatBytes(2_500_000, { units: 'decimal' })})`);
    expect(describeFiles([sized('s/IM1', 1_000_000), sized('s/IM2', 1_000_000)])).toBe(`2 files in s/ (${formatBytes(2_000_000, { units: 'decimal' })})`);
    expect(describeFiles([sized('IM1', 1_000_000), sized('t/IM2', 1_000_000)])).toMatch(/^2 files \(/);
  });

  it('reads file after file, reporting files and bytes, and keeps each side apart', async () => {
    const seen: ReadProgress[] = [];
    const read = await readSlotFiles({ image: [picked('s/IM1', 10), picked('s/IM2', 20)], target: [picked('mask.nii', 5)] }, (p) => seen.push(p));
    expect(read.image.map((f) => [f.name, f.bytes.length])).toEqual([['s/IM1', 10], ['s/IM2', 20]]);
    expect(read.target.map((f) => [f.name, f.bytes[0]])).toEqual([['mask.nii', 7]]);
    expect(seen.map((p) => [p.filesRead, p.bytesRead])).toEqual([[0, 0], [1, 10], [2, 30], [3, 35]]);
    const mb = (n: number) => formatBytes(n, { units: 'decimal' });
    expect(progressText({ filesRead: 2, fileCount: 3, bytesRead: 3_000_000, totalBytes: 35_000_000 })).toBe(`Reading the files: 2 of 3 (${mb(3_000_000)} of ${mb(35_000_000)})…`);
  });

  it('refuses a total over the upload budget before reading a byte', async () => {
    const huge = { path: 'huge.nii', file: { size: 600 * 2 ** 20, name: 'huge.nii', arrayBuffer: () => { throw new Error('read'); } } as unknown as File };
    const seen: ReadProgress[] = [];
    await expect(readSlotFiles({ image: [huge], target: [picked('m.nii', 1)] }, (p) => seen.push(p))).rejects.toThrow(/The total of the 2 files chosen is 600 MiB, more than the memory budget of 512 MiB/);
    expect(seen).toEqual([]);
  });
});
