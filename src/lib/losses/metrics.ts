/**
 * The metric registry: every per-epoch validation metric with its direction, its printing and how
 * it is computed from a batch of plain arrays (no TensorFlow.js). Tasks name the metric they report.
 */
import { hardDicePerSlice } from './hardDice';

/** Whether a larger value of a metric is better. */
export type Direction = 'higher' | 'lower';

/** How a metric is named, compared, printed and computed. */
export interface MetricSpec {
  name: MetricName;
  /** Short name for tables and sentences, e.g. "Dice" or "MAE". */
  short: string;
  /** The per-epoch label, e.g. "Validation Dice (hard)". */
  validationLabel: string;
  /** What the number is, in a phrase that follows "… is", so it can be read beside the loss. */
  note: string;
  direction: Direction;
  /** Decimal places when printed. */
  digits: number;
  /** What the metric averages over: slices (mean of a per-slice score) or pixels. */
  per: 'slice' | 'pixel';
  /** The sum over a batch of targets and predictions [n, height, width, 1] flattened, of per-slice scores or per-pixel values. */
  sum(target: Float32Array, prediction: Float32Array, shape: { height: number; width: number }): number;
}

const specs = {
  hardDice: {
    name: 'hardDice', short: 'Dice', validationLabel: 'Validation Dice (hard)', direction: 'higher', digits: 3, per: 'slice',
    note: 'the Dice overlap after each pixel’s probability is thresholded at 0.5 (in the mask or not), computed per slice and averaged over the validation slices: a slice with little or nothing to find counts as much as any other, and one stray pixel on an empty slice scores it 0',
    sum: (target, prediction, shape) => hardDicePerSlice(target, prediction, shape).perSlice.reduce((a, b) => a + b, 0),
  },
  mae: {
    name: 'mae', short: 'MAE', validationLabel: 'Validation MAE', direction: 'lower', digits: 4, per: 'pixel',
    note: 'the mean absolute difference between predicted and true intensities over every validation pixel, whatever loss the run trained with',
    sum: (target, prediction) => {
      let sum = 0;
      for (let i = 0; i < prediction.length; i++) sum += Math.abs(prediction[i] - target[i]);
      return sum;
    },
  },
} as const satisfies Record<string, Omit<MetricSpec, 'name'> & { name: string }>;

/** The validation metric reported each epoch. */
export type MetricName = keyof typeof specs;

/** Every per-epoch metric, by name: the one list of metrics. */
export const METRICS: Readonly<Record<MetricName, MetricSpec>> = specs;

/** The spec of a metric by name (throws on a name this version does not know). */
export function metricSpec(name: MetricName): MetricSpec {
  const spec = Object.hasOwn(METRICS, name) ? METRICS[name] : undefined;
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
