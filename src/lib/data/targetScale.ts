/**
 * Target units for image-to-image tasks. MR intensities are arbitrary: two scanners (or two exports of
 * one scan) store the same tissue with numbers that differ by a factor. The course therefore expresses
 * a translation target as a fraction of its own bright end — the 99.95th percentile of its values, so
 * 1 is about the brightest tissue (CSF on a T2) — in the course's files (one factor per file, from its
 * training split: src/lib/phantoms/brainDataset.ts) and in a learner's imported volumes (one factor per
 * target volume). A model's output then means the same thing on any file: 0.5 is half a T2's bright end.
 */
import { DatasetFormatError } from '../errors';
import type { LessonDataset } from './types';

/** The percentile of a target's values that the course maps to 1. */
export const TARGET_SCALE_PERCENTILE = 99.95;

/** At most about this many values are sorted to estimate a percentile (a 512×512×300 volume is 78 M). */
const MAX_SAMPLE = 1 << 20;

/**
 * Value at percentile p (0–100) of every `stride`-th finite value of `values` (a cheap, deterministic
 * estimate; the stride grows with the array so that at most about a million values are sorted unless
 * one is given).
 */
export function stridedPercentile(values: ArrayLike<number>, p: number, stride = Math.max(1, Math.ceil(values.length / MAX_SAMPLE))): number {
  const sample = new Float32Array(Math.ceil(values.length / stride));
  let count = 0;
  for (let k = 0; k < values.length; k += stride) {
    const v = values[k];
    if (Number.isFinite(v)) sample[count++] = v;
  }
  if (count === 0) return Number.NaN;
  const kept = sample.subarray(0, count).sort();
  return kept[Math.min(count - 1, Math.floor((p / 100) * count))];
}

/**
 * The factor that puts a target image into the course's target units: its 99.95th percentile. Throws a
 * DatasetFormatError when the target has no positive signal there (an empty or all-negative image
 * cannot be a magnitude MR target).
 */
export function targetScale(values: ArrayLike<number>, name: string): number {
  const scale = stridedPercentile(values, TARGET_SCALE_PERCENTILE);
  if (!(scale > 0)) {
    throw new DatasetFormatError(
      `Expected the target ${name} to hold a positive signal (its ${TARGET_SCALE_PERCENTILE}th percentile is ${Number.isNaN(scale) ? 'undefined: no finite value' : scale}), but it does not.`,
      'Check that the target file is an image (for example a T2-weighted scan) with intensities above zero.',
    );
  }
  return scale;
}

/** Divides `values` by `scale` in place and returns them. */
export function divideInPlace<T extends Float32Array>(values: T, scale: number): T {
  const inverse = 1 / scale;
  for (let k = 0; k < values.length; k++) values[k] *= inverse;
  return values;
}

/** How the course states target units in files and summaries (the attribute text). */
export function describeTargetScale(stored: string, scale: number): string {
  return `${stored}, divided by ${+scale.toPrecision(6)} (the target's ${TARGET_SCALE_PERCENTILE}th percentile, so 1 ≈ its brightest tissue)`;
}

/** Attributes by which a file says its targets are already in target units (the course's brain file, imported volumes). */
const SCALE_ATTRIBUTES = ['scaleTarget', 'scaleT2w'] as const;

/** A file whose targets' bright end lies between these is taken as already in target units. */
const IN_UNITS = [0.5, 2] as const;

/**
 * Puts a translation file's targets in the course's target units when the file does not say they are
 * and their bright end is far from 1 (a learner's HDF5 written straight from a scanner's numbers): every
 * split's targets are divided by the training split's 99.95th percentile, in place, and the file's
 * attributes and warnings say so. Returns the factor (1 when nothing changed).
 */
export function putTargetsInUnits(dataset: LessonDataset): number {
  if (SCALE_ATTRIBUTES.some((name) => typeof dataset.attributes[name] === 'number')) return 1;
  const bright = stridedPercentile(dataset.train.y, TARGET_SCALE_PERCENTILE);
  if (!(bright > 0) || (bright >= IN_UNITS[0] && bright <= IN_UNITS[1])) return 1;
  for (const split of [dataset.train, dataset.val, dataset.test]) if (split) divideInPlace(split.y, bright);
  const stored = typeof dataset.attributes.yUnits === 'string' ? dataset.attributes.yUnits : 'as stored in the file';
  dataset.attributes = { ...dataset.attributes, yUnits: describeTargetScale(stored, bright), scaleTarget: bright };
  dataset.warnings = [...(dataset.warnings ?? []),
    `The targets' bright end (their ${TARGET_SCALE_PERCENTILE}th percentile in the training split) is ${+bright.toPrecision(4)}; the course divided every target by it, so that 1 is about the brightest tissue and a model's output means the same on another file. MAE and the other numbers are in these target units.`];
  return bright;
}
