/** Which two runs the side-by-side predictions compare first. Pure, for the widget and its tests. */
import type { LossName } from '../../lib/train/types';
import { lossNameOf } from '../../client/presets';
import type { LabRun } from './page/signals';

/**
 * From runs whose models are kept (oldest first), the pair to compare first: the latest run of
 * each of the task's first two losses (MAE and MSE in lesson 2), so the loss is the difference
 * the learner sees; without one of each, the two latest runs; null with fewer than two.
 */
export function defaultComparedRuns(kept: readonly LabRun[], losses: readonly LossName[]): [LabRun, LabRun] | null {
  if (kept.length < 2) return null;
  const latestOf = (loss: LossName) => [...kept].reverse().find((r) => lossNameOf(r.config) === loss);
  const [first, second] = losses.slice(0, 2).map(latestOf);
  if (first && second) return [first, second];
  return [kept.at(-2)!, kept.at(-1)!];
}
