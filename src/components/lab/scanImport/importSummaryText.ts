/** What the page says of an imported scan: its summary in words, its series, its slices in body order. */
import type { SplitName } from '../../../lib/data/types';
import type { ImportSummary } from '../../../lib/engine/volumeProtocol';
import type { SeriesInfo } from '../../../lib/volumes/dicomSeriesList';
import { formatCount } from '../../../lib/format';

export const SPLIT_WORDS: Record<SplitName, string> = { train: 'training', val: 'validation', test: 'test' };
const BODY_ORDER: readonly SplitName[] = ['train', 'val', 'test'];

/** One line of the summary: a term and what it is. */
export interface SummaryLine {
  term: string;
  value: string;
}

/**
 * The summary as term/value lines: slices per split, both grids' orientation codes and the voxel size
 * (from the lesson file's attributes, where they hold it). `words` name the two sides (the task's labels).
 */
export function importSummaryLines(summary: ImportSummary, attributes: Record<string, string | number>, words: { image: string; target: string }): SummaryLine[] {
  const { counts } = summary;
  const total = counts.train + counts.val + counts.test;
  const lines: SummaryLine[] = [
    {
      term: 'Slices',
      value: `${formatCount(total)} of ${summary.size}×${summary.size} pixels: ${BODY_ORDER.map((s) => `${formatCount(counts[s])} ${SPLIT_WORDS[s]}`).join(', ')}`,
    },
    { term: 'Orientation', value: `${words.image} ${summary.orientation.image}, ${words.target} ${summary.orientation.target} (shown axial, anterior up, patient's right on the left)` },
  ];
  if (typeof attributes.voxelSizeMm === 'string' || typeof attributes.voxelSizeMm === 'number') lines.push({ term: 'Voxel size', value: `${attributes.voxelSizeMm} mm` });
  if (typeof attributes.pixelSizeMmMin === 'number') lines.push({ term: 'Pixel size in the lesson', value: `${attributes.pixelSizeMmMin} mm` });
  if (typeof attributes.units === 'string') lines.push({ term: 'Units', value: attributes.units === 'HU' ? 'Hounsfield units (CT)' : attributes.units });
  return lines;
}

/** A series as the select offers it: "Chest 1 mm (CT), 120 files, 512×512". */
export function seriesLabel(info: SeriesInfo): string {
  const description = info.description.trim() || 'No description';
  const modality = info.modality.trim() ? ` (${info.modality.trim()})` : '';
  return `${description}${modality}, ${formatCount(info.fileCount)} ${info.fileCount === 1 ? 'file' : 'files'}, ${info.rows}×${info.columns}`;
}

/** One slice of the imported volume: which split holds it and where. */
export interface BodySlice {
  split: SplitName;
  index: number;
}

/**
 * The slices of an import in body order. The importer cuts train, val and test as contiguous blocks
 * from inferior to superior, each block in body order too, so the blocks laid end to end are the scan
 * from its lowest slice to its highest (gap slices between blocks are not in the file).
 */
export function bodyOrder(counts: Record<SplitName, number>): BodySlice[] {
  return BODY_ORDER.flatMap((split) => Array.from({ length: counts[split] }, (_, index) => ({ split, index })));
}

/** The caption of one slice: "Slice 12 of 40, inferior to superior: training slice 12 of 28." */
export function bodySliceText(order: readonly BodySlice[], at: number, counts: Record<SplitName, number>): string {
  const slice = order[at];
  if (!slice) return '';
  return `Slice ${at + 1} of ${order.length}, inferior to superior: ${SPLIT_WORDS[slice.split]} slice ${slice.index + 1} of ${counts[slice.split]}.`;
}

/** The name the lesson gives the imported data: the files of both sides, e.g. "ct.nii.gz + mask.nii.gz". */
export function scanLabel(image: string, target: string): string {
  return `${image} + ${target}`;
}

/** A side's name in a label: its one file's name, else its folder ("series01/"), else the file count. */
export function sideName(paths: readonly string[]): string {
  if (paths.length === 1) return paths[0].split('/').pop() ?? paths[0];
  const folders = new Set(paths.map((p) => p.split('/')[0]));
  if (folders.size === 1 && paths[0].includes('/')) return `${[...folders][0]}/`;
  return `${formatCount(paths.length)} DICOM files`;
}

/** A file name for the lesson file's download: "ct + mask.h5" → "ct-mask-lesson.h5". */
export function lessonFileName(image: string, target: string): string {
  const stem = (name: string) => name.replace(/\/$/, '').replace(/\.(nii(\.gz)?|dcm)$/i, '').replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '') || 'scan';
  return `${stem(image)}-${stem(target)}-lesson.h5`;
}

/** The two slots' titles and help, from the task's labels; `binaryTarget`: the target is a mask (descriptor.targets === 'binary'). */
export function slotWords(labels: { input: string; target: string }, binaryTarget: boolean): { image: SlotWords; target: SlotWords } {
  const image = labels.input.replace(/ (slice|input|image)$/i, '');
  const target = labels.target.replace(/ (slice|target|image)$/i, '');
  return {
    image: { short: image, title: `Image: ${image} scan`, help: `The ${image} volume: one NIfTI file (.nii, .nii.gz) or the files of a DICOM series.` },
    target: binaryTarget
      ? { short: target, title: `Mask: ${target}`, help: `A label map on the same patient (one NIfTI file or a DICOM series) marking the ${target.replace(/ mask$/i, '')} to segment.` }
      : { short: target, title: `Target image: ${target} scan`, help: `The same patient's ${target} volume (one NIfTI file or a DICOM series): the image the model learns to produce.` },
  };
}

export interface SlotWords {
  /** "CT", "lung mask", "T1-weighted". */
  short: string;
  title: string;
  help: string;
}
