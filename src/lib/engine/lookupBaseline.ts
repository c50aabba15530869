import type { LessonDataset, SplitArrays, SplitName } from '../data/types';
import { headMask } from '../data/headMask';
import { fitLookupTable, type LookupTableValues } from '../phantoms/baselines';
import { createTranslationMetrics, type TranslationMetrics } from '../tasks/translation';

/** The lookup-table baseline's scores: fitted on the training split, scored like the network. */
export interface LookupBaseline {
  height: number;
  width: number;
  bins: number;
  /** Training slices the table was fitted on. */
  trainCount: number;
  /** The same four metrics as the network's evaluation, per scored split (absent when the file lacks it). */
  scores: Partial<Record<SplitName, TranslationMetrics>>;
  /** The table itself (a copy), so the page can draw its prediction of a slice beside the network's. */
  table: LookupTableValues;
}

export interface LookupBaselineParams {
  /** Size to score at: the training size of the run it is compared with. Default the stored size. */
  height?: number;
  width?: number;
  /** Splits to score; default validation and test. */
  splits?: SplitName[];
  /** Default 256. */
  bins?: number;
}

/** Scores of the T1 → T2 lookup table on `split` at the dataset's size, head mask computed from the input. */
export function scoreLookupTable(table: ReturnType<typeof fitLookupTable>, split: SplitArrays, height: number, width: number): TranslationMetrics {
  const metrics = createTranslationMetrics({ height, width });
  const head = headMask(split.x, split.count, height, width);
  metrics.add(split.y, table.apply(split.x), head);
  return metrics.result();
}

/** The lookup-table baseline of a dataset in stored units (T1 → T2 intensities), at the dataset's size. */
export function lookupBaseline(dataset: LessonDataset, params: Pick<LookupBaselineParams, 'splits' | 'bins'> = {}): LookupBaseline {
  const { height, width } = dataset;
  const table = fitLookupTable(dataset.train, params.bins ?? 256);
  const scores: Partial<Record<SplitName, TranslationMetrics>> = {};
  for (const name of params.splits ?? (['val', 'test'] as SplitName[])) {
    const split = dataset[name];
    if (split && split.count > 0) scores[name] = scoreLookupTable(table, split, height, width);
  }
  return { height, width, bins: table.bins, trainCount: dataset.train.count, scores, table: { lo: table.lo, hi: table.hi, values: table.table.slice() } };
}
