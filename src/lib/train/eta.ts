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

/** Formats milliseconds as "1 h 02 min", "3 min 05 s" or "12 s" for progress lines. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '–';
  const totalSeconds = Math.round(ms / 1000);
  const h = Math.floor(totalSeconds / 3600);
  const m = Math.floor((totalSeconds % 3600) / 60);
  const s = totalSeconds % 60;
  if (h > 0) return `${h} h ${String(m).padStart(2, '0')} min`;
  if (m > 0) return `${m} min ${String(s).padStart(2, '0')} s`;
  return `${s} s`;
}
