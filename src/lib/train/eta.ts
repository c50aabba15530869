/**
 * The time left in a run, from this run's own measured steps: the wall time from one batch's end
 * to the next (the step, the batch's gathering and augmentation, the events, and the checkpoint
 * that follows an epoch), so the figure adds up to what the learner waits.
 */

/** A validation pass is forward only: about a third of a training step per slice (the plans count it the same way, src/lib/plan/runCost). */
export const VALIDATION_SHARE_PER_SLICE = 1 / 3;
/** Timed steps (after the warm-up one) before the ETA gives a figure: one step alone varies too much. */
export const MIN_TIMED_STEPS = 2;
/** The latest steps the ETA averages, so that it follows a machine that gets busier or quieter. */
export const RECENT_STEPS = 10;

/**
 * One validation pass (with the gallery's predictions) in training steps of `batchSize`: forward
 * passes over `valCount` slices, plus one step for the predictions and the events. The ETA counts
 * it so before the first pass is timed (the first ETA of a run left it out: "about 25 s left" for an epoch that took 43 s).
 */
export function validationSteps(valCount: number, batchSize: number): number {
  return (valCount / Math.max(1, batchSize)) * VALIDATION_SHARE_PER_SLICE + 1;
}

export interface EtaEstimator {
  /** Records how long one training batch took, end to end. The first call is the warm-up (kernel compilation, allocation) and is not counted. */
  recordBatch(durationMs: number): void;
  /** Records how long one validation pass (and prediction snapshot) took. */
  recordValidation(durationMs: number): void;
  /** Milliseconds of one training step measured in this run (mean of the latest RECENT_STEPS), or null before MIN_TIMED_STEPS are timed. */
  msPerStep(): number | null;
  /** Milliseconds left for `batchesLeft` batches and `validationsLeft` validation passes, or null before MIN_TIMED_STEPS are timed. */
  estimate(batchesLeft: number, validationsLeft: number): number | null;
}

/**
 * Creates an ETA estimator. `validationSteps` (default 0) is what one validation pass costs in
 * training steps, used until a pass has been timed (see validationSteps()).
 */
export function createEtaEstimator({ validationSteps: perValidationSteps = 0, minTimed = MIN_TIMED_STEPS, recent = RECENT_STEPS }: { validationSteps?: number; minTimed?: number; recent?: number } = {}): EtaEstimator {
  let seenFirst = false;
  const steps: number[] = [];
  let validationTotalMs = 0;
  let validationCount = 0;
  const msPerStep = (): number | null => {
    if (steps.length < Math.max(1, minTimed)) return null;
    const latest = steps.slice(-Math.max(1, recent));
    return latest.reduce((a, b) => a + b, 0) / latest.length;
  };
  return {
    recordBatch(durationMs) {
      if (!seenFirst) {
        seenFirst = true;
        return;
      }
      steps.push(durationMs);
    },
    recordValidation(durationMs) {
      validationTotalMs += durationMs;
      validationCount += 1;
    },
    msPerStep,
    estimate(batchesLeft, validationsLeft) {
      const perBatch = msPerStep();
      if (perBatch === null) return batchesLeft <= 0 && validationsLeft <= 0 ? 0 : null;
      const perValidation = validationCount > 0 ? validationTotalMs / validationCount : perBatch * perValidationSteps;
      return Math.max(0, batchesLeft) * perBatch + Math.max(0, validationsLeft) * perValidation;
    },
  };
}
