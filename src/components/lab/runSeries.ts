/**
 * Plain helpers that turn run histories into chart series, table numbers and sentences: shared by
 * the training panel, the run comparison and the overfitting demo. Pure (unit-tested in Node).
 */
import type { ChartSeries } from '../LossChart';
import { isBetter, metricSpec } from '../../lib/tasks';
import type { EpochRecord, LossName, ModelKind } from '../../lib/train/types';

/**
 * A y-axis top that frames the validation curves: 15 % above the highest validation point, or
 * undefined (fit everything) when no validation point is drawn. Training losses of the first
 * epochs may run off the top; that is the price of seeing a rise of a few hundredths.
 */
export function validationFocusMax(series: readonly ChartSeries[]): number | undefined {
  const values = series.filter((s) => s.kind === 'validation').flatMap((s) => s.points.map((p) => p.y)).filter(Number.isFinite);
  if (values.length === 0) return undefined;
  const top = Math.max(...values) * 1.15;
  return top > 0 ? top : undefined;
}

/** Okabe–Ito colours as hex (LossChart appends an alpha to draw references faintly). */
export const COLOURS = {
  train: '#0072b2',
  validation: '#d55e00',
  reference: '#7f7f7f',
  plain: '#e69f00',
  skip: '#0072b2',
  block: '#009e73',
  blockAugmented: '#cc79a7',
} as const;

/**
 * A number the original reported, labelled as what it is. It is drawn on a loss chart only where
 * the chart's axis measures the same quantity (`onLossAxis`), as one marker at the epoch it was
 * measured after, never as an invented curve; otherwise widgets list it beside the chart.
 */
export interface Reference {
  /** Short name in a legend, e.g. "Original, model B". */
  label: string;
  /** What the number is, in full: "final validation soft Dice on real patients at 256×256 after 7 epochs". */
  what: string;
  /** The number as reported, e.g. 0.84. */
  value: number;
  /** The epoch (from 1) after which it was measured; absent for a number not tied to an epoch (e.g. a test score). */
  epoch?: number;
  /** Where the number is the same quantity as a loss: that loss and the value on its axis (e.g. Dice loss 1 − 0.84). */
  onLossAxis?: { loss: LossName; value: number };
  /** Which lesson model it belongs to: its marker takes that model's colour; grey otherwise. */
  model?: ModelKind;
}

/** "Original, model B: final validation soft Dice on real patients at 256×256 after 7 epochs, 0.84" */
export function describeReference(reference: Reference): string {
  return `${reference.label}: ${reference.what}, ${reference.value}`;
}

/** Whether a reference can be drawn on a chart whose curves are all of `losses`: only on an axis of its own quantity. */
export function drawsOn(reference: Reference, losses: readonly LossName[]): boolean {
  const distinct = new Set(losses);
  return reference.onLossAxis !== undefined && reference.epoch !== undefined && distinct.size === 1 && distinct.has(reference.onLossAxis.loss);
}

/** Epoch-end training and validation losses (x = epoch from 1), and optionally the running batch average; labels start with `label` when it is not empty. */
export function historySeries(
  history: readonly EpochRecord[],
  options: { label: string; trainColour: string; validationColour: string; running?: boolean; partial?: { epoch: number; runningLosses: number[]; stepsPerEpoch: number } | null },
): ChartSeries[] {
  const { trainColour, validationColour } = options;
  const named = (what: string) => (options.label ? `${options.label}: ${what}` : what);
  const series: ChartSeries[] = [
    { label: named('training'), kind: 'train', color: trainColour, points: history.map((r) => ({ x: r.epoch + 1, y: r.trainLoss })) },
    {
      label: named('validation'),
      kind: 'validation',
      color: validationColour,
      points: history.filter((r) => Number.isFinite(r.valLoss)).map((r) => ({ x: r.epoch + 1, y: r.valLoss })),
    },
  ];
  if (options.running) {
    const points = history.flatMap((r) => runningPoints(r.epoch, r.runningLosses, r.runningLosses.length));
    const partial = options.partial;
    if (partial && !history.some((r) => r.epoch === partial.epoch)) points.push(...runningPoints(partial.epoch, partial.runningLosses, partial.stepsPerEpoch));
    series.push({ label: named('training, running average'), kind: 'running', color: trainColour, points });
  }
  return series;
}

/** Batch b of epoch e (both 0-based) sits at x = e + (b + 1) / steps, so the epoch's last point meets its epoch-end value at e + 1. */
function runningPoints(epoch: number, losses: readonly number[], steps: number): { x: number; y: number }[] {
  const n = Math.max(steps, losses.length, 1);
  return losses.map((y, b) => ({ x: epoch + (b + 1) / n, y }));
}

/** Why a reference is listed beside a chart of `losses` rather than drawn on it (empty when it is drawn). */
export function whyNotDrawn(reference: Reference, losses: readonly LossName[], axisLabel: string): string {
  if (drawsOn(reference, losses)) return '';
  if (!reference.onLossAxis || reference.epoch === undefined) return 'it is not a per-epoch value of this chart';
  return losses.length === 0 ? 'no run is drawn yet' : `this chart shows ${axisLabel}, another quantity`;
}

/**
 * A reference as one faint marker at the epoch it was measured after, on a chart of `losses`; null
 * when the chart's axis is another quantity (then list it beside the chart with describeReference).
 */
export function referenceSeries(reference: Reference | undefined, losses: readonly LossName[]): ChartSeries | null {
  if (!reference || !drawsOn(reference, losses) || !Number.isFinite(reference.onLossAxis!.value)) return null;
  const color = reference.model ? modelColour(reference.model, false) : COLOURS.reference;
  return { label: `${reference.label} (final value only)`, kind: 'reference', color, points: [{ x: reference.epoch!, y: reference.onLossAxis!.value }] };
}

/** A run's colour in comparisons: one per model, another for the block model with augmentation. */
export function modelColour(model: ModelKind, augmented: boolean): string {
  if (model === 'block') return augmented ? COLOURS.blockAugmented : COLOURS.block;
  return model === 'plain' ? COLOURS.plain : COLOURS.skip;
}

/** Last epoch's numbers and the best validation metric, or null for a run without epochs. */
export function finalNumbers(history: readonly EpochRecord[]): { epochs: number; trainLoss: number; valLoss: number; valMetric: number; bestMetric: number; bestEpoch: number; metricName: string } | null {
  const last = history.at(-1);
  if (!last) return null;
  const spec = metricSpec(last.metricName);
  let best = history[0];
  for (const r of history) if (isBetter(spec, r.valMetric, best.valMetric)) best = r;
  return { epochs: history.length, trainLoss: last.trainLoss, valLoss: last.valLoss, valMetric: last.valMetric, bestMetric: best.valMetric, bestEpoch: best.epoch + 1, metricName: last.metricName };
}

/** Mean of values[from, to) (clipped to the array). */
function meanOf(values: readonly number[], from: number, to: number): number {
  const part = values.slice(Math.max(0, from), Math.min(values.length, to));
  return part.reduce((a, b) => a + b, 0) / Math.max(1, part.length);
}

export type OverfittingKind = 'rising' | 'gap' | 'none';

/**
 * Whether a history shows overfitting, in a sentence. Noise is smoothed first (a centred moving
 * average over about an eighth of the epochs, at least 3): 'rising' when validation loss has
 * turned up from its smoothed minimum by more than 10 % (and 0.02) while training loss kept
 * falling; 'gap' when validation has levelled off at more than twice the training loss.
 */
export function describeOverfitting(history: readonly EpochRecord[]): { overfitting: boolean; kind: OverfittingKind; text: string } {
  const valid = history.filter((r) => Number.isFinite(r.valLoss) && Number.isFinite(r.trainLoss));
  if (valid.length < 4) return { overfitting: false, kind: 'none', text: 'Too few epochs so far to judge a trend (at least 4 are needed).' };
  const n = valid.length;
  const w = Math.max(3, Math.round(n / 8));
  const half = Math.floor(w / 2);
  const val = valid.map((r) => r.valLoss);
  const train = valid.map((r) => r.trainLoss);
  const smooth = val.map((_, i) => meanOf(val, i - half, i + half + 1));
  let best = 0;
  for (let i = 1; i < n; i++) if (smooth[i] < smooth[best]) best = i;
  const lateVal = meanOf(val, n - w, n);
  const lateTrain = meanOf(train, n - w, n);
  const f = (v: number) => v.toFixed(3);
  const epochOf = (i: number) => valid[i].epoch + 1;
  const last = n - 1;
  const trainFell = train[last] < train[best];
  if (best <= n - 1 - w && lateVal - smooth[best] > Math.max(0.02, 0.1 * smooth[best]) && trainFell) {
    return {
      overfitting: true,
      kind: 'rising',
      text: `Validation loss was lowest around epoch ${epochOf(best)} (${f(smooth[best])}, averaged over ${w} epochs) and rose to ${f(lateVal)} over the last ${w} epochs, while training loss kept falling (${f(train[best])} → ${f(train[last])}): the model is memorising its training slices.`,
    };
  }
  if (lateVal > Math.max(2 * lateTrain, lateTrain + 0.05)) {
    return {
      overfitting: true,
      kind: 'gap',
      text: `Training loss fell to ${f(lateTrain)} while validation loss levelled off at ${f(lateVal)} (averages over the last ${w} epochs): the model fits its training slices far better than new ones, although validation has not turned upwards.`,
    };
  }
  return {
    overfitting: false,
    kind: 'none',
    text: `No clear overfitting: over the last ${w} epochs training loss averaged ${f(lateTrain)} and validation loss ${f(lateVal)}.`,
  };
}
