/**
 * Sizing a first run by optimisation steps on a learner's smaller file: the lesson's run is tuned in
 * epochs of its own file, and the same epochs over a file of a few dozen slices are only a few dozen
 * steps (39 training slices, 13 epochs of batches of 16: 39 steps, hard Dice 0.25). A model learns per
 * step, so a smaller file gets at least the steps the lesson's run takes on the course's file, as
 * epochs of the learner's file, as far as the time budget allows.
 */
import { formatCount, formatDuration } from '../format';
import { msOfSetup, msPerEpoch, type RunShape } from './runCost';

export interface StepFloorInput extends RunShape {
  /** Epochs the rule chose for the course's file. */
  epochs: number;
  /** Training slices of the lesson's own file (the run's epochs were chosen for it). */
  courseTrainCount: number;
  /** The time the run may take at most, in milliseconds (never below the rule's own epochs). */
  budgetMs: number;
}

export interface StepFloor {
  epochs: number;
  /** Optimisation steps of the lesson's run on its own file: the floor. */
  minSteps: number;
  /** Steps of the run with `epochs` on the learner's file. */
  steps: number;
  /** True when the budget stopped the epochs short of the floor. */
  capped: boolean;
  /** One sentence for the panel's explanation; empty when nothing changed. */
  sentence: string;
}

/** Steps per epoch: every training slice once, the last batch possibly short. */
export function stepsPerEpoch(trainCount: number, batchSize: number): number {
  return Math.ceil(trainCount / batchSize);
}

/**
 * The epochs a run on `trainCount` slices needs for the steps the rule's `epochs` give on the course's
 * `courseTrainCount` slices, within `budgetMs`; the rule's own epochs when the file is not smaller.
 */
export function applyStepFloor(input: StepFloorInput): StepFloor {
  const { epochs, courseTrainCount, trainCount, batchSize, budgetMs } = input;
  const perEpoch = stepsPerEpoch(trainCount, batchSize);
  const minSteps = epochs * stepsPerEpoch(courseTrainCount, batchSize);
  if (trainCount >= courseTrainCount || perEpoch === 0) return { epochs, minSteps, steps: epochs * perEpoch, capped: false, sentence: '' };
  const wanted = Math.ceil(minSteps / perEpoch);
  const fitting = Math.floor((budgetMs - msOfSetup(input)) / msPerEpoch(input));
  const chosen = Math.max(epochs, Math.min(wanted, fitting));
  const steps = chosen * perEpoch;
  const capped = chosen < wanted;
  const sentence =
    `Your file has ${formatCount(trainCount)} training slices, fewer than the lesson's ${formatCount(courseTrainCount)}, and a model learns per optimisation step, not per epoch: ` +
    `${epochs} ${epochs === 1 ? 'epoch' : 'epochs'} would be only ${epochs * perEpoch} steps, so the run is sized by steps, ${chosen} epochs of ${perEpoch} = ${steps} steps` +
    (capped ? `, as many as fit in about ${formatDuration(budgetMs)} (the lesson's run takes ${minSteps} on its own file).` : `, at least the ${minSteps} the lesson's run takes on its own file.`);
  return { epochs: chosen, minSteps, steps, capped, sentence };
}
