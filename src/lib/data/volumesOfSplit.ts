/**
 * Which slices of a split belong to which patient (one volume each) and where they lie in millimetres,
 * from the attributes the course's files store. Per-patient metrics (3-D Dice, HD95) are measured on these.
 */
import { VOLUME_IMPORT_GENERATOR } from '../volumes/volumesToLessonDataset';
import { subjectOfSlice } from './sliceInfo';
import type { SplitName } from './types';

/** Where one patient's slices lie, in mm. */
export interface VolumeGeometry {
  rowSpacingMm: number;
  columnSpacingMm: number;
  /** Position of each slice along the body axis (mm), ascending, in the split's slice order. */
  slicePositionsMm: number[];
  /** True for separate slices at these levels (a phantom's), false for a contiguous stack cut from one volume. */
  separateSlices: boolean;
}

/** One patient's block of slices in a split. */
export interface SplitVolume {
  /** "Patient 24" (numbered over the file, as the data explorer numbers them) or the imported volume's file name. */
  label: string;
  /** First slice of the block in the split, and its number of slices. */
  start: number;
  count: number;
  /** Null when the file does not say (then `note` says why). */
  geometry: VolumeGeometry | null;
}

/** The patients of a split, with what could not be read. */
export interface SplitVolumes {
  /** In slice order; empty when the file does not say which slices belong to whom. */
  volumes: SplitVolume[];
  /** Why the patients, or their geometry, are unknown; null when every volume has its geometry. */
  note: string | null;
}

const SUFFIX: Record<SplitName, string> = { train: 'Train', val: 'Val', test: 'Test' };
const NEVER_GUESS = 'the course does not guess a spacing';

/** Positive finite numbers from comma-separated text (or one number), or null when any is not. */
function numberList(value: string | number | undefined): number[] | null {
  if (typeof value === 'number') return value > 0 && Number.isFinite(value) ? [value] : null;
  if (typeof value !== 'string' || value.trim() === '') return null;
  const numbers = value.split(',').map((v) => (v.trim() === '' ? Number.NaN : Number(v)));
  return numbers.every(Number.isFinite) ? numbers : null;
}

const ascending = (values: readonly number[]) => values.every((v, i) => i === 0 || v > values[i - 1]);

function phantomVolumes(attributes: Record<string, string | number>, split: SplitName, count: number, perPatient: number): SplitVolumes {
  const patients = count / perPatient;
  const pixels = numberList(attributes[`pixelSizeMm${SUFFIX[split]}`]);
  let note: string | null = null;
  const volumes: SplitVolume[] = [];
  for (let k = 0; k < patients; k++) {
    const start = k * perPatient;
    const subject = subjectOfSlice(attributes, split, start, count);
    const levels = numberList(attributes[`sliceLevelsMm${SUFFIX[split]}${k + 1}`]);
    const pixel = pixels && pixels.length === patients ? pixels[k] : null;
    const usable = pixel !== null && pixel > 0 && levels !== null && levels.length === perPatient && ascending(levels);
    if (!usable) {
      note ??= `The file does not record where the ${split} slices lie (attributes pixelSizeMm${SUFFIX[split]} and sliceLevelsMm${SUFFIX[split]}1…${patients}), and ${NEVER_GUESS}.`;
    }
    volumes.push({
      label: `Patient ${subject?.patient ?? k + 1}`, start, count: perPatient,
      geometry: usable ? { rowSpacingMm: pixel, columnSpacingMm: pixel, slicePositionsMm: levels, separateSlices: true } : null,
    });
  }
  return { volumes, note };
}

/** Ascending voxel indices from "3-9,12" or "3…120 (118 slices)" (only when that run is whole), else null. */
function indexList(value: string | number | undefined): number[] | null {
  const text = String(value ?? '');
  const shortened = /^(\d+)…(\d+) \((\d+) slices\)$/.exec(text);
  const range = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => a + i);
  if (shortened) {
    const [first, last, n] = shortened.slice(1).map(Number);
    return last - first + 1 === n ? range(first, last) : null;
  }
  if (!/^\d+(-\d+)?(,\d+(-\d+)?)*$/.test(text)) return null;
  return text.split(',').flatMap((part) => {
    const [a, b = a] = part.split('-').map(Number);
    return range(a, b);
  });
}

function importedGeometry(attributes: Record<string, string | number>, split: SplitName, count: number): { geometry: VolumeGeometry | null; note: string | null } {
  const min = attributes.pixelSizeMmMin;
  const pixel = typeof min === 'number' && min > 0 && min === attributes.pixelSizeMmMax ? min : null;
  const spacing = numberList(attributes.sliceSpacingMm)?.[0] ?? null;
  if (pixel === null || spacing === null || spacing <= 0) {
    return { geometry: null, note: `The file does not record its slice spacing or pixel size (attributes sliceSpacingMm, pixelSizeMmMin/Max; files imported before the course recorded them), and ${NEVER_GUESS}: import the volume again.` };
  }
  const indices = indexList(attributes[`sliceIndices${SUFFIX[split]}`]);
  const axis = ['i', 'j', 'k'].indexOf(String(attributes.sliceAxis));
  const direction = String(attributes.orientationImage ?? '')[axis];
  if (!indices || indices.length !== count || (direction !== 'S' && direction !== 'I')) {
    return { geometry: null, note: `The file does not say which of the volume's slices its ${count} ${split} slices are (attributes sliceIndices${SUFFIX[split]}, sliceAxis, orientationImage), and ${NEVER_GUESS}.` };
  }
  // The split's slices run inferior → superior; the recorded voxel indices ascend, which is superior → inferior when the axis points down (I).
  const positions = direction === 'S' ? indices.map((v) => v * spacing) : indices.map((v) => -v * spacing).reverse();
  return { geometry: { rowSpacingMm: pixel, columnSpacingMm: pixel, slicePositionsMm: positions, separateSlices: false }, note: null };
}

/**
 * The patients of `split` (`count` slices) as the file's attributes describe them: the course's phantom
 * files hold `slicesPerSubject` slices of each of `subjectsTrain`/`Val`/`Test` patients, at the pixel sizes
 * and levels of `pixelSizeMm<Split>` and `sliceLevelsMm<Split><k>`; a file imported from volumes
 * (generator volume-import/…) holds one patient, its split one block at `sliceSpacingMm` along the
 * recorded voxel indices. `scale` multiplies the in-plane spacing when the slices were resampled (stored
 * size / size used). Never guesses: what the file does not give is null, and `note` says why.
 */
export function volumesOfSplit(
  attributes: Record<string, string | number>, split: SplitName, count: number, options: { scale?: { rows: number; columns: number } } = {},
): SplitVolumes {
  const scaled = (result: SplitVolumes): SplitVolumes => {
    const { rows = 1, columns = 1 } = options.scale ?? {};
    for (const v of result.volumes) {
      if (v.geometry) v.geometry = { ...v.geometry, rowSpacingMm: v.geometry.rowSpacingMm * rows, columnSpacingMm: v.geometry.columnSpacingMm * columns };
    }
    return result;
  };
  if (count <= 0) return { volumes: [], note: null };
  const perPatient = Number(attributes.slicesPerSubject);
  if (subjectOfSlice(attributes, split, 0, count) !== null) return scaled(phantomVolumes(attributes, split, count, perPatient));
  if (String(attributes.generator ?? '').startsWith(VOLUME_IMPORT_GENERATOR.split('/')[0] + '/')) {
    const { geometry, note } = importedGeometry(attributes, split, count);
    return scaled({ volumes: [{ label: String(attributes.sourceImage ?? 'The imported volume'), start: 0, count, geometry }], note });
  }
  return {
    volumes: [],
    note: `The file does not say which ${split} slices belong to which patient (attributes slicesPerSubject and subjects${SUFFIX[split]}), so only per-slice numbers are given.`,
  };
}
