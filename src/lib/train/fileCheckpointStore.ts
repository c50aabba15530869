import { exportCheckpoint, importCheckpoint } from './checkpointFile';
import type { CheckpointRecord, CheckpointStore } from './types';

/** The few file-system calls the store needs; pass `node:fs/promises` (keeps the library free of Node imports). */
export interface CheckpointFileSystem {
  mkdir(path: string, options: { recursive: true }): Promise<unknown>;
  readFile(path: string): Promise<Uint8Array>;
  writeFile(path: string, data: Uint8Array): Promise<void>;
  readdir(path: string): Promise<string[]>;
  rm(path: string, options: { force: true }): Promise<void>;
  rename(from: string, to: string): Promise<void>;
}

const EXTENSION = '.ckpt';

/** Creates a store that keeps each checkpoint as `<directory>/<key>.ckpt` (the exportCheckpoint format). */
export function createFileCheckpointStore(directory: string, fs: CheckpointFileSystem): CheckpointStore {
  const pathOf = (key: string) => `${directory.replace(/\/+$/, '')}/${encodeURIComponent(key)}${EXTENSION}`;
  const isMissing = (error: unknown) => (error as { code?: string } | null)?.code === 'ENOENT';
  return {
    async get(key) {
      try {
        return importCheckpoint(await fs.readFile(pathOf(key)));
      } catch (error) {
        if (isMissing(error)) return undefined;
        throw error;
      }
    },
    async put(record) {
      await fs.mkdir(directory, { recursive: true });
      // Write then rename, so a crash mid-write never leaves a half checkpoint under the real name.
      const target = pathOf(record.key);
      await fs.writeFile(`${target}.partial`, exportCheckpoint(record));
      await fs.rename(`${target}.partial`, target);
    },
    async list(): Promise<CheckpointRecord[]> {
      let names: string[];
      try {
        names = await fs.readdir(directory);
      } catch (error) {
        if (isMissing(error)) return [];
        throw error;
      }
      const records: CheckpointRecord[] = [];
      for (const name of names.filter((n) => n.endsWith(EXTENSION)).sort()) {
        const record = await this.get(decodeURIComponent(name.slice(0, -EXTENSION.length)));
        if (record) records.push(record);
      }
      return records;
    },
    async delete(key) {
      await fs.rm(pathOf(key), { force: true });
    },
  };
}
