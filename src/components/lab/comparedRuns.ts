/** Which runs the comparison draws and which two the side-by-side predictions compare first. Pure, for the widgets and their tests. */
import type { LossName } from '../../lib/train/types';
import { lossNameOf } from '../../client/presets';
import type { LabRun } from './page/signals';
import { modelColour } from './runSeries';

/** Okabe–Ito colours not taken by a model, for runs of a lesson's second (third) compared loss. */
const SECOND_LOSS_COLOURS = ['#d55e00', '#56b4e9'];

/**
 * A run's colour in the comparison: its model's, except for a run of a later loss the lesson compares
 * (MSE in lesson 2), which gets its own, so two runs of one model with two losses are two colours.
 */
export function runColour(run: Pick<LabRun, 'model' | 'config'>, comparedLosses: readonly LossName[]): string {
  const index = comparedLosses.indexOf(lossNameOf(run.config));
  return index > 0 ? SECOND_LOSS_COLOURS[(index - 1) % SECOND_LOSS_COLOURS.length] : modelColour(run.model, run.config.augment !== null);
}

/** The key runs are grouped by: the model, whether it was augmented, and its loss (colours follow the first two). */
export const runGroup = (run: Pick<LabRun, 'model' | 'config'>) => `${run.model}${run.config.augment ? '+augment' : ''}:${lossNameOf(run.config)}`;

/**
 * Ids of the runs drawn before the learner ticks anything: the latest run of each group (oldest first
 * in `runs`) whose loss is one of `losses`. A lesson that compares two losses curve against curve names
 * both (lesson 2: MAE and MSE); elsewhere only the lesson's loss is drawn, other losses wait to be ticked.
 */
export function drawnByDefault(runs: readonly LabRun[], losses: readonly LossName[]): Set<string> {
  const drawn = new Set<string>();
  const seen = new Set<string>();
  for (const r of [...runs].reverse()) {
    const group = runGroup(r);
    if (seen.has(group)) continue;
    seen.add(group);
    if (losses.includes(lossNameOf(r.config))) drawn.add(r.id);
  }
  return drawn;
}

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
