/**
 * A run's record: what a learner (or their instructor) needs to know what was trained and to
 * train it again — settings, seed, normalisation, the data file by name and hash, versions,
 * backend and device, the per-epoch numbers and the final metrics. Viewed, copied and downloaded
 * as JSON from the comparison table.
 */
import type { LabRun } from './page/signals';
import { finalNumbers } from './runSeries';

/** Bumped when the record's shape changes. */
export const RUN_RECORD_FORMAT = 'dl-medical-course/run-record/1';

export function runRecord(run: LabRun) {
  const final = finalNumbers(run.history);
  const { displaySlices: _shown, ...settings } = run.config;
  return {
    format: RUN_RECORD_FORMAT,
    run: { id: run.id, label: run.label, status: run.status, startedAt: run.startedAt },
    settings,
    seed: run.config.seed,
    normalization: run.config.normalization ?? null,
    data: { file: run.dataset, sha256: run.dataSha256 ?? null },
    environment: run.environment ?? { backend: run.backend || null },
    parameters: run.paramCount || null,
    epochs: run.history,
    final: final && {
      epochs: final.epochs, trainLoss: final.trainLoss, valLoss: Number.isFinite(final.valLoss) ? final.valLoss : null,
      valMetric: Number.isFinite(final.valMetric) ? final.valMetric : null, metric: final.metricName,
      bestValMetric: Number.isFinite(final.bestMetric) ? final.bestMetric : null, bestEpoch: final.bestEpoch,
    },
    test: run.test ?? null,
  };
}

/** The record as the JSON text that is shown, copied and downloaded. */
export function runRecordJson(run: LabRun): string {
  return `${JSON.stringify(runRecord(run), null, 2)}\n`;
}

/** A file name for the downloaded record: run-<label>-<date>.json, safe on every system. */
export function runRecordFileName(run: LabRun): string {
  const label = run.label.normalize('NFKD').replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '').toLowerCase() || 'run';
  return `run-${label}-${run.startedAt.slice(0, 10)}.json`;
}
