/**
 * The files a learner dropped or picked for one side of a scan import: a NIfTI file, DICOM files, or a
 * folder (read recursively). The entry types are the few members of the browser's FileSystemEntry API
 * used here, so tests can hand in a fake tree.
 */

/** A file with the path it had in the dropped or picked folder (its name when it came alone). */
export interface PickedFile {
  file: File;
  path: string;
}

export interface FileEntryLike {
  isFile: true;
  isDirectory: false;
  name: string;
  fullPath: string;
  file(success: (file: File) => void, failure?: (error: unknown) => void): void;
}

export interface DirectoryReaderLike {
  readEntries(success: (entries: EntryLike[]) => void, failure?: (error: unknown) => void): void;
}

export interface DirectoryEntryLike {
  isFile: false;
  isDirectory: true;
  name: string;
  fullPath: string;
  createReader(): DirectoryReaderLike;
}

export type EntryLike = FileEntryLike | DirectoryEntryLike;

// Desktop systems leave hidden files in folders (.DS_Store, ._IM0001 from macOS): never part of a scan.
const isHidden = (name: string) => name.startsWith('.');
const relative = (path: string) => path.replace(/^\/+/, '');

function fileOf(entry: FileEntryLike): Promise<File> {
  return new Promise((resolve, reject) => entry.file(resolve, reject));
}

function batchOf(reader: DirectoryReaderLike): Promise<EntryLike[]> {
  return new Promise((resolve, reject) => reader.readEntries(resolve, reject));
}

/**
 * Every file under `entries`, folders read recursively (readEntries answers in batches, about 100 entries
 * each in Chromium, so it is called until it returns none), hidden files left out, sorted by path.
 */
export async function filesOfEntries(entries: readonly EntryLike[]): Promise<PickedFile[]> {
  const files: PickedFile[] = [];
  const walk = async (entry: EntryLike): Promise<void> => {
    if (isHidden(entry.name)) return;
    if (entry.isFile) {
      files.push({ file: await fileOf(entry), path: relative(entry.fullPath) || entry.name });
      return;
    }
    const reader = entry.createReader();
    for (let batch = await batchOf(reader); batch.length > 0; batch = await batchOf(reader)) {
      for (const child of batch) await walk(child);
    }
  };
  for (const entry of entries) await walk(entry);
  return sortByPath(files);
}

/** Files from a file or folder picker (a folder's files carry webkitRelativePath), hidden files left out, sorted by path. */
export function filesOfInput(list: ArrayLike<File>): PickedFile[] {
  const files: PickedFile[] = [];
  for (let i = 0; i < list.length; i++) {
    const file = list[i];
    const path = file.webkitRelativePath || file.name;
    if (!path.split('/').some(isHidden)) files.push({ file, path });
  }
  return sortByPath(files);
}

/** What a drop holds, as entries where the browser gives them (folders) and as plain files where it does not. */
export interface DropItemLike {
  kind: string;
  webkitGetAsEntry?(): unknown;
  getAsFile(): File | null;
}

/**
 * The files of a drop. Call it inside the drop handler: a DataTransfer's items are readable only during
 * the event, so the entries are taken before the first await. An item without an entry (a DataTransfer
 * built by a script, older browsers) gives its File as it is.
 */
export function droppedFiles(items: ArrayLike<DropItemLike>): Promise<PickedFile[]> {
  const entries: EntryLike[] = [];
  const loose: PickedFile[] = [];
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    if (item.kind !== 'file') continue;
    const entry = (item.webkitGetAsEntry?.() ?? null) as EntryLike | null;
    if (entry) { entries.push(entry); continue; }
    const file = item.getAsFile();
    if (file && !isHidden(file.name)) loose.push({ file, path: file.name });
  }
  return filesOfEntries(entries).then((found) => sortByPath([...found, ...loose]));
}

function sortByPath(files: PickedFile[]): PickedFile[] {
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
