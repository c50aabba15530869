/** Estimates the time left in a run from step times, ignoring the first (warm-up) step, whose kernel compilation and allocation make it slow. */
export interface EtaEstimator {
  /** Records how long one training batch took. The first call is treated as warm-up and not counted. */
  recordBatch(durationMs: number): void;
  /** Records how long one validation pass (and prediction snapshot) took. */
  recordValidation(durationMs: number): void;
  /** Milliseconds left for `batchesLeft` batches and `validationsLeft` validation passes, or null before any timed batch. */
  estimate(batchesLeft: number, validationsLeft: number): number | null;
}

/** Creates an ETA estimator (mean of timed batches after the first, plus mean validation time). */
export function createEtaEstimator(): EtaEstimator {
  let seenFirst = false;
  let batchTotalMs = 0;
  let batchCount = 0;
  let validationTotalMs = 0;
  let validationCount = 0;
  return {
    recordBatch(durationMs) {
      if (!seenFirst) {
        seenFirst = true;
        return;
      }
      batchTotalMs += durationMs;
      batchCount += 1;
    },
    recordValidation(durationMs) {
      validationTotalMs += durationMs;
      validationCount += 1;
    },
    estimate(batchesLeft, validationsLeft) {
      if (batchCount === 0) return batchesLeft <= 0 && validationsLeft <= 0 ? 0 : null;
      const perBatch = batchTotalMs / batchCount;
      const perValidation = validationCount > 0 ? validationTotalMs / validationCount : 0;
      return Math.max(0, batchesLeft) * perBatch + Math.max(0, validationsLeft) * perValidation;
    },
  };
}
