import type { MetricName } from '../train/types';
import type { MetricSpec } from './types';

/** Every per-epoch metric: its name, direction and printing. */
export const METRICS: Record<MetricName, MetricSpec> = {
  hardDice: { name: 'hardDice', short: 'Dice', validationLabel: 'Validation Dice (hard)', direction: 'higher', digits: 3 },
  mae: { name: 'mae', short: 'MAE', validationLabel: 'Validation MAE', direction: 'lower', digits: 4 },
};

/** The spec of a metric by name (throws on a name this version does not know). */
export function metricSpec(name: MetricName): MetricSpec {
  const spec = METRICS[name];
  if (!spec) throw new Error(`Unknown metric ${JSON.stringify(name)}; expected one of ${Object.keys(METRICS).join(', ')}.`);
  return spec;
}

/** A metric value as printed: fixed decimals, '–' when not a finite number (∞ for an infinite one). */
export function formatValue(value: number, digits: number): string {
  if (value === Number.POSITIVE_INFINITY) return '∞';
  return Number.isFinite(value) ? value.toFixed(digits) : '–';
}

/** A metric value with the metric's decimals. */
export function formatMetric(spec: Pick<MetricSpec, 'digits'>, value: number): string {
  return formatValue(value, spec.digits);
}

/** Whether `a` is better than `b` by the metric's direction; a non-finite value is never better. */
export function isBetter(spec: Pick<MetricSpec, 'direction'>, a: number, b: number): boolean {
  if (!Number.isFinite(a)) return false;
  if (!Number.isFinite(b)) return true;
  return spec.direction === 'higher' ? a > b : a < b;
}
