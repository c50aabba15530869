import { DatasetFormatError } from '../errors';
import { SPLIT_NAMES, type LessonDataset, type TargetKind } from './types';
import { valueStats } from './valueStats';

/** What a task asks of a dataset, checked when a file is read (each task's descriptor holds its own). */
export interface DatasetRules {
  /** 'binary': every target is a 0/1 mask; 'continuous': targets are images, not all 0/1. */
  targets: TargetKind;
  /** Warn when the training inputs already lie in [0, 1] (and the file declares no HU): the task expects physical intensities. */
  warnNormalizedInput: boolean;
}

/** Size of one stack of slices: [count, height, width, 1]. */
export interface StackDims {
  count: number;
  height: number;
  width: number;
}

function position(flatIndex: number, dims: StackDims): string {
  const perSlice = dims.height * dims.width;
  const slice = Math.floor(flatIndex / perSlice);
  const within = flatIndex % perSlice;
  return `[${slice}, ${Math.floor(within / dims.width)}, ${within % dims.width}, 0]`;
}

/** Throws if any value of `data` ([count, height, width, 1]) is NaN or ±Infinity, naming the first index. */
export function assertFinite(name: string, data: Float32Array, dims: StackDims): void {
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i])) {
      let bad = 0;
      for (let j = i; j < data.length; j++) if (!Number.isFinite(data[j])) bad++;
      throw new DatasetFormatError(
        `Expected ${name} to hold finite numbers, but it has ${bad} NaN/Infinity value(s); the first, ${data[i]}, is at index ${position(i, dims)}.`,
        'Replace missing values before saving (for example numpy.nan_to_num), or drop the affected slices.',
      );
    }
  }
}

/** Throws unless every value of the mask `data` is exactly 0 or 1 (what the segmentation lesson's Dice loss expects). */
export function assertBinary(name: string, data: Float32Array, dims: StackDims): void {
  let max = -Infinity;
  for (let i = 0; i < data.length; i++) if (data[i] > max) max = data[i];
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (v !== 0 && v !== 1) {
      const hint = max === 255
        ? 'The mask looks stored as 0/255: divide it by 255 before saving (mask / 255).'
        : 'Segmentation targets must be binary masks: threshold them before saving (for example (mask > 0.5).astype("uint8")).';
      throw new DatasetFormatError(`Expected ${name} to be a binary mask (values 0 and 1), but found ${v} at index ${position(i, dims)}.`, hint);
    }
  }
}

/** Throws if every target value of every split is 0 or 1: the translation lesson predicts images, not masks. */
export function assertContinuousTargets(targets: ReadonlyArray<readonly [string, Float32Array]>): void {
  for (const [, y] of targets) for (let i = 0; i < y.length; i++) if (y[i] !== 0 && y[i] !== 1) return;
  const names = targets.map(([name]) => name).join(', ');
  throw new DatasetFormatError(
    `Expected ${names} to hold images (continuous values) for image-to-image translation, but they hold only 0 and 1, like segmentation masks.`,
    'This looks like a segmentation file: use it in the segmentation lesson, or choose a file whose targets are images (for example T2-weighted slices).',
  );
}

/** Throws unless height and width are divisible by `multiple` (the lesson models halve the size twice, so 4). */
export function assertSizeMultiple(height: number, width: number, multiple: number): void {
  if (multiple <= 1) return;
  if (height % multiple !== 0 || width % multiple !== 0) {
    const up = (v: number) => Math.ceil(v / multiple) * multiple;
    const down = (v: number) => Math.floor(v / multiple) * multiple;
    throw new DatasetFormatError(
      `Expected the image height and width to be divisible by ${multiple}, but they are ${height}×${width}. The lesson models halve the size twice and double it back, so other sizes come out mismatched.`,
      `Crop to ${down(height)}×${down(width)} or pad to ${up(height)}×${up(width)} (cropOrPadToMultiple), or resize to a size such as 128×128 (resizeDataset).`,
    );
  }
}

/** Throws if a split has no slices. */
export function assertNotEmpty(name: string, count: number): void {
  if (count === 0) {
    throw new DatasetFormatError(`Expected ${name} to hold at least one slice, but it is empty (shape [0, …]).`, 'Every split needs slices: move some subjects into it, or re-create the split.');
  }
}

/**
 * Checks an in-memory dataset (from a file or a generator): array lengths match counts and sizes, no empty
 * split, finite values, the targets the rules ask for (binary masks or images), size divisible by `sizeMultiple` (default 4).
 */
export function validateLessonDataset(dataset: LessonDataset, options: { rules?: DatasetRules; sizeMultiple?: number } = {}): void {
  const { height, width } = dataset;
  assertSizeMultiple(height, width, options.sizeMultiple ?? 4);
  for (const split of SPLIT_NAMES) {
    const arrays = dataset[split];
    if (!arrays) continue;
    const dims = { count: arrays.count, height, width };
    const expected = arrays.count * height * width;
    for (const [name, data] of [[`${split}X`, arrays.x], [`${split}Y`, arrays.y]] as const) {
      if (data.length !== expected) {
        throw new DatasetFormatError(
          `Expected ${name} to hold ${arrays.count}×${height}×${width}×1 = ${expected} values, but it holds ${data.length}.`,
          'Check the count, height and width given with the arrays.',
        );
      }
      assertNotEmpty(name, arrays.count);
      assertFinite(name, data, dims);
    }
    if (options.rules?.targets === 'binary') assertBinary(`${split}Y`, arrays.y, dims);
  }
  if (options.rules?.targets === 'continuous') {
    assertContinuousTargets(SPLIT_NAMES.flatMap((split) => (dataset[split] ? [[`${split}Y`, dataset[split]!.y] as const] : [])));
  }
}

const isHounsfield = (attributes: LessonDataset['attributes']) => {
  const units = String(attributes.units ?? attributes.unitsX ?? attributes.x_units ?? '').toLowerCase();
  return units.includes('hounsfield') || units === 'hu';
};

// A file that names its input units (the course's MRI file: "T1w magnitude … divided by scaleT1w") has
// chosen its scale on purpose, so values in [0, 1] are no sign of a slice-by-slice normalisation.
const declaresInputUnits = (attributes: LessonDataset['attributes']) =>
  [attributes.units, attributes.unitsX, attributes.xUnits, attributes.x_units].some((u) => typeof u === 'string' && u.trim() !== '');

/**
 * What is odd about a dataset the loader accepts: images that are one constant value (nothing to learn
 * from), masks without foreground, and images that look already normalised where the file's units say
 * physical values (Hounsfield units) are stored, or where a file of a task that expects physical intensities
 * names no units at all and stores [0, 1]. Plain sentences, for the page and the CLI.
 */
export function datasetWarnings(dataset: LessonDataset, rules?: DatasetRules): string[] {
  const warnings: string[] = [];
  const hounsfield = isHounsfield(dataset.attributes);
  const declared = declaresInputUnits(dataset.attributes);
  for (const split of SPLIT_NAMES) {
    const arrays = dataset[split];
    if (!arrays || arrays.x.length === 0) continue;
    const x = valueStats(arrays.x);
    if (x.min === x.max) {
      warnings.push(`${split}X is constant: every value is ${x.min}, so there is nothing in the images to learn from or to evaluate.`);
    } else if (hounsfield && x.min >= -2 && x.max <= 2) {
      warnings.push(
        `${split}X looks already normalised (values ${x.min.toPrecision(3)} … ${x.max.toPrecision(3)}) although the file says its units are Hounsfield units; the lesson's CT scaling expects raw HU (air −1000, water 0).`,
      );
    } else if (!hounsfield && !declared && split === 'train' && x.min >= 0 && x.max <= 1 && rules?.warnNormalizedInput) {
      warnings.push(`trainX looks already normalised to [0, 1] (values ${x.min.toPrecision(3)} … ${x.max.toPrecision(3)}); the lesson z-scores each slice itself, so physical units (signal intensity) are expected.`);
    }
    const y = valueStats(arrays.y);
    if (y.min === y.max) {
      warnings.push(
        rules?.targets === 'binary' && y.min === 0
          ? `${split}Y has no foreground: every mask value is 0, so the Dice score on ${split} is undefined.`
          : `${split}Y is constant: every value is ${y.min}.`,
      );
    }
  }
  return warnings;
}
