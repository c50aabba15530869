/**
 * Where a phantom file's slices lie, recorded as attributes so that per-patient metrics can be measured
 * in millimetres: the in-plane pixel size of every subject and the level of every slice along the body axis.
 */
import { SPLIT_NAMES, type SplitName } from '../data/types';
import type { SliceExtras } from './phantomDataset';

const SPLIT_SUFFIX: Record<SplitName, string> = { train: 'Train', val: 'Val', test: 'Test' };

/** Splits whose slice levels are written: those a model is scored on (one attribute per subject, see below). */
const SPLITS_WITH_LEVELS: readonly SplitName[] = ['val', 'test'];

/**
 * The geometry attributes of a phantom dataset: `pixelSizeMmTrain`/`Val`/`Test` (each subject's in-plane
 * pixel size, fovMm / size, comma-separated in the split's subject order) and, for the val and test
 * splits, `sliceLevelsMmVal1`, `sliceLevelsMmTest1`, … (the levels of subject k’s slices in mm, to 0.01 mm, along
 * the body axis, ascending, comma-separated). Levels get one attribute per subject because the course
 * reads attribute text only up to 200 characters. `subjects` are in split order (train, val, test), as
 * renderSplits returns them; `levelMm` converts the phantom's level z into millimetres.
 */
export function phantomGeometryAttributes(options: {
  subjects: readonly { fovMm: number }[];
  extras: Record<SplitName, Pick<SliceExtras, 'z' | 'subject'>>;
  size: number;
  levelMm: number;
}): Record<string, string> {
  const { subjects, extras, size, levelMm } = options;
  const attributes: Record<string, string> = {};
  let first = 0;
  for (const split of SPLIT_NAMES) {
    const { z, subject } = extras[split];
    const count = z.length === 0 ? 0 : subject[z.length - 1] + 1;
    const inSplit = subjects.slice(first, first + count);
    first += count;
    attributes[`pixelSizeMm${SPLIT_SUFFIX[split]}`] = inSplit.map((s) => +(s.fovMm / size).toFixed(4)).join(',');
    if (!SPLITS_WITH_LEVELS.includes(split)) continue;
    const levels: number[][] = inSplit.map(() => []);
    z.forEach((level, i) => levels[subject[i]].push(+(level * levelMm).toFixed(2)));
    levels.forEach((mm, k) => { attributes[`sliceLevelsMm${SPLIT_SUFFIX[split]}${k + 1}`] = mm.join(','); });
  }
  return attributes;
}
