/** Short names for volumes in messages and attributes. */
import type { Volume } from './types';

const baseName = (path: string) => path.split(/[\\/]/).filter(Boolean).pop() ?? path;

/**
 * A short human name for a volume: its file's base name, or for a series of files the first name and the
 * count ("IM0001.dcm and 119 more"); 'the volume' when it has no file.
 */
export function volumeLabel(volume: Pick<Volume, 'source'>): string {
  const files = volume.source.files;
  if (files.length === 0) return 'the volume';
  const first = baseName(files[0]);
  return files.length === 1 ? first : `${first} and ${files.length - 1} more`;
}

/** Text shortened to `limit` characters with "…" (HDF5 attributes the course reads back are capped). */
export function shortenText(text: string, limit: number): string {
  return text.length > limit ? `${text.slice(0, limit - 1)}…` : text;
}
