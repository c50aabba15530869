/**
 * The validation loss and the epoch metric in words, side by side, from the two registries: a panel
 * shows "Validation loss 0.133" beside "Validation Dice (hard) 0.660", and the learner needs to know
 * why they do not add up to 1.
 */
import { lossInfo, type LossName } from './lossInfo';
import type { MetricSpec } from './metrics';

const lowerFirst = (text: string) => text.charAt(0).toLowerCase() + text.slice(1);

/** Options of describeLossAndMetric. */
export interface LossAndMetricOptions {
  /** The losses of the runs shown (one for a panel, those listed in a comparison); repeats are ignored. */
  losses: readonly LossName[];
  metric: Pick<MetricSpec, 'validationLabel' | 'note'>;
  /** The shown run's validation loss; with a single loss that is 1 minus a score, it is read as that score. */
  valLoss?: number;
}

/**
 * One paragraph: what each validation loss is (and, for a single loss like Dice, the score its value
 * means), then what the metric is. Words come from LOSS_INFO and METRICS only, never per task.
 */
export function describeLossAndMetric({ losses, metric, valLoss }: LossAndMetricOptions): string {
  const distinct = [...new Set(losses)];
  const parts = distinct.map((name) => {
    const info = lossInfo(name);
    const lead = distinct.length === 1 ? `Validation loss is the ${info.axisLabel}` : `Validation loss with the ${info.axisLabel}`;
    return `${lead}: ${lowerFirst(info.note)}`;
  });
  const only = distinct.length === 1 ? lossInfo(distinct[0]) : null;
  if (only?.complement && valLoss !== undefined && Number.isFinite(valLoss)) {
    parts.push(`Here ${valLoss.toFixed(3)}, so a ${only.complement} of ${(1 - valLoss).toFixed(3)}.`);
  }
  parts.push(`${metric.validationLabel} is ${metric.note}.`);
  return parts.map((p) => (/[.!?]$/.test(p) ? p : `${p}.`)).join(' ');
}
