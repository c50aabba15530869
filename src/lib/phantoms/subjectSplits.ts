import { SPLIT_NAMES, type SplitName } from '../data/types';
import { deriveSeed } from '../random';
import { SettingsError } from '../errors';

/** Number of synthetic subjects in each split. */
export type SubjectCounts = Record<SplitName, number>;

/** First subject id of each split: the id ranges are disjoint, so no subject lands in two splits. */
export const SPLIT_ID_BASE: Record<SplitName, number> = { train: 0, val: 1_000_000, test: 2_000_000 };

/** Subject seed of subject `id` in a dataset seeded with `seed`. */
export function subjectSeed(seed: number, id: number): number {
  return deriveSeed(seed, `subject:${id}`);
}

/** Subject seeds per split (ids from disjoint ranges, hashed with the dataset seed); the caller owns the arrays. */
export function subjectSeedsBySplit(seed: number, counts: SubjectCounts): Record<SplitName, number[]> {
  const out = { train: [] as number[], val: [] as number[], test: [] as number[] };
  for (const split of SPLIT_NAMES) {
    const n = counts[split];
    if (!Number.isInteger(n) || n < 0 || n >= 1_000_000) {
      throw new SettingsError(`Expected subjects.${split} to be a whole number from 0 to 999999, but got ${n}.`, 'Choose how many synthetic subjects each split holds.');
    }
    for (let i = 0; i < n; i++) out[split].push(subjectSeed(seed, SPLIT_ID_BASE[split] + i));
  }
  return out;
}
