/** The lines npm run train prints, made from the engine's events and results. */
import { describeNormalization } from '../src/lib/data/normalizations';
import type { InputUnits } from '../src/lib/data/inputUnits';
import type { Evaluation } from '../src/lib/engine/protocol';
import { lossNameOf, taskDescriptor, type TaskMetrics } from '../src/lib/tasks';
import { formatDuration } from '../src/lib/format';
import type { RunConfig, TrainingEvent } from '../src/lib/train/types';
import { INTENSITY_CHANGES } from '../src/lib/augment/intensityConfig';

/** The test numbers the task reports (the same the page shows), one line. */
export function formatMetrics(metrics: TaskMetrics): string {
  return taskDescriptor(metrics.task).summarizeTest(metrics).numbers.map((n) => `${n.label}: ${n.text}`).join('; ');
}

/** The per-patient lines of an evaluation (the page's per-patient table), indented; none when the task or the file has none. */
export function volumeLines(metrics: TaskMetrics): string[] {
  const table = taskDescriptor(metrics.task).summarizeTest(metrics).perVolume;
  if (!table) return [];
  const cells = (values: string[]) => values.map((v, i) => `${table.columns[i]} ${v}`).join(', ');
  const lines = table.rows.map((r) => `  ${r.label} (${r.slices} slices): ${cells(r.cells)}`);
  if (table.rows.length > 1) lines.push(`  mean ± SD over ${table.rows.length} patients: ${cells(table.mean)}`);
  return [...lines, ...table.notes.map((n) => `  ${n}`)];
}

/** The metrics of an evaluation without what the engine adds about normalisation (the records keep that apart). */
export function metricsOf(evaluation: Evaluation): TaskMetrics {
  const { normalization: _normalization, warning: _warning, ...metrics } = evaluation;
  return metrics;
}

/** ", intensity-augmented (bias, blur, lowRes, noise)": the changes a run draws, named as in its configuration; nothing when off. */
function intensityWords(config: RunConfig): string {
  const on = config.intensityAugment ? INTENSITY_CHANGES.filter((name) => config.intensityAugment![name].probability > 0) : [];
  return on.length > 0 ? `, intensity-augmented (${on.join(', ')})` : '';
}

/** What the run is about to do, as its first lines: settings, normalisation, model size. */
export function runStartLines(event: Extract<TrainingEvent, { type: 'run-start' }>, fileUnits: InputUnits): string[] {
  const { config } = event;
  const schedule = config.optimizer.schedule === 'cosine' ? ' (cosine schedule)' : '';
  return [
    `Training ${config.model} for ${config.task} on ${event.backend}: ${event.trainCount} train / ${event.valCount} val slices at ${config.height}×${config.width}, ` +
      `${config.epochs} epochs, batch ${config.batchSize}, ${lossNameOf(config)} loss, ${config.optimizer.kind} lr ${config.optimizer.learningRate}${schedule}, seed ${config.seed}${config.augment ? ', augmented' : ''}${intensityWords(config)}`,
    `Normalisation: ${config.normalization ? describeNormalization(config.normalization) : 'none'} (file units: ${fileUnits})`,
    `${event.paramCount.toLocaleString('en')} parameters, ${event.stepsPerEpoch} steps per epoch`,
  ];
}

/** One line per completed epoch (epochs counted from 1). */
export function epochLine(event: Extract<TrainingEvent, { type: 'epoch-end' }>): string {
  const metric = event.metricName === 'hardDice' ? 'val hard Dice' : 'val MAE';
  const eta = event.etaMs === null ? '' : `  ETA ${formatDuration(event.etaMs)}`;
  return `epoch ${event.epoch + 1}/${event.epochs}  train ${event.trainLoss.toFixed(4)}  val ${event.valLoss.toFixed(4)}  ${metric} ${event.valMetric.toFixed(4)}  ${formatDuration(event.durationMs)}${eta}`;
}
