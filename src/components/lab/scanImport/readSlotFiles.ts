/** Reading the picked files into memory for the engine, one by one, with progress and the upload budget. */
import type { NamedBytes } from '../../../lib/engine/volumeProtocol';
import { formatBytes, formatCount } from '../../../lib/format';
import { assertUploadSize } from '../../../client/uploads';
import type { PickedFile } from './entryFiles';

/** How far reading has come: files read of the total, bytes read of the total. */
export interface ReadProgress {
  filesRead: number;
  fileCount: number;
  bytesRead: number;
  totalBytes: number;
}

/** Sum of the files' sizes in bytes. */
export const totalBytes = (files: readonly PickedFile[]): number => files.reduce((sum, f) => sum + f.file.size, 0);

/**
 * What a slot holds, in a line: "ct.nii.gz (2.1 MB)", or for a folder "120 files in series01/ (61.4 MB)"
 * (the folder when every file shares one, else "120 files").
 */
export function describeFiles(files: readonly PickedFile[]): string {
  const size = formatBytes(totalBytes(files), { units: 'decimal' });
  if (files.length === 0) return 'Nothing chosen yet.';
  if (files.length === 1) return `${files[0].path} (${size})`;
  const folders = new Set(files.map((f) => (f.path.includes('/') ? f.path.slice(0, f.path.indexOf('/') + 1) : '')));
  const folder = folders.size === 1 ? [...folders][0] : '';
  return `${formatCount(files.length)} files${folder ? ` in ${folder}` : ''} (${size})`;
}

/** The progress line: "Reading the files: 12 of 120 (6.1 MB of 61.4 MB)…". */
export function progressText({ filesRead, fileCount, bytesRead, totalBytes: total }: ReadProgress): string {
  const units = { units: 'decimal' } as const;
  return `Reading the files: ${formatCount(filesRead)} of ${formatCount(fileCount)} (${formatBytes(bytesRead, units)} of ${formatBytes(total, units)})…`;
}

/**
 * Reads every file of both sides (File.arrayBuffer, one at a time, so memory grows by one file per step
 * and progress is honest), after checking the total against the upload budget before a byte is read.
 * Resolves with each side's files as the engine takes them; rejects with the budget's DatasetFormatError.
 */
export async function readSlotFiles(
  sides: { image: readonly PickedFile[]; target: readonly PickedFile[] },
  onProgress: (progress: ReadProgress) => void,
): Promise<{ image: NamedBytes[]; target: NamedBytes[] }> {
  const all = [...sides.image, ...sides.target];
  const total = totalBytes(all);
  assertUploadSize(`The total of the ${formatCount(all.length)} files chosen`, total);
  const progress: ReadProgress = { filesRead: 0, fileCount: all.length, bytesRead: 0, totalBytes: total };
  onProgress({ ...progress });
  const read = async (files: readonly PickedFile[]): Promise<NamedBytes[]> => {
    const out: NamedBytes[] = [];
    for (const { file, path } of files) {
      out.push({ name: path, bytes: new Uint8Array(await file.arrayBuffer()) });
      progress.filesRead += 1;
      progress.bytesRead += file.size;
      onProgress({ ...progress });
    }
    return out;
  };
  const image = await read(sides.image);
  const target = await read(sides.target);
  return { image, target };
}
