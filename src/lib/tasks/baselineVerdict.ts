/**
 * Whether a finished run has beaten its task's baseline (translation: the T1 → T2 lookup table), and
 * what to say when it has not: plain numbers in, a sentence out. The metrics compared, their direction
 * and the advice are the task's own data (BaselineSpec), so no task is named here.
 */
import type { BaselineMetric, BaselineSpec, TaskMetrics } from './types';

/** One metric of a run against the baseline's value of it. */
export interface MetricComparison extends BaselineMetric {
  run: number;
  baseline: number;
}

export interface BaselineVerdict {
  /** True when the run is better on every compared metric that both have. */
  beaten: boolean;
  /** The metrics on which the run is not better. */
  lost: MetricComparison[];
  /** The plain sentence for the panel and the command line when it lost; null when it won. */
  sentence: string | null;
}

const better = (c: MetricComparison) => (c.direction === 'lower' ? c.run < c.baseline : c.run > c.baseline);

/** The baseline's compared metrics of `run` and `baseline` (scored alike), skipping any either lacks or cannot score (NaN). */
export function compareMetrics(spec: BaselineSpec, run: TaskMetrics, baseline: TaskMetrics): MetricComparison[] {
  const value = (metrics: TaskMetrics, key: string) => (metrics as unknown as Record<string, unknown>)[key];
  return spec.compared.flatMap((metric) => {
    const r = value(run, metric.key);
    const b = value(baseline, metric.key);
    return typeof r === 'number' && typeof b === 'number' && Number.isFinite(r) && Number.isFinite(b) ? [{ ...metric, run: r, baseline: b }] : [];
  });
}

/**
 * The verdict on `comparisons` made on `splitWords` (e.g. "the test slices"): beaten only when the run
 * is better on all of them; otherwise a sentence naming each lost metric with both values and the task's advice.
 */
export function baselineVerdict(spec: BaselineSpec, splitWords: string, comparisons: readonly MetricComparison[]): BaselineVerdict {
  const lost = comparisons.filter((c) => !better(c));
  if (comparisons.length === 0 || lost.length === 0) return { beaten: comparisons.length > 0, lost, sentence: null };
  const name = spec.label.charAt(0).toLowerCase() + spec.label.slice(1);
  const each = lost.map((c) => `${c.label} ${c.run.toFixed(c.digits)} against its ${c.baseline.toFixed(c.digits)} (${c.direction} is better)`).join('; ');
  const all = lost.length === comparisons.length ? (comparisons.length === 1 ? '' : ' on any of its metrics') : ` on ${lost.length} of ${comparisons.length} metrics`;
  return {
    beaten: false, lost,
    sentence: `This run has not beaten the ${name}${all} on ${splitWords}: ${each}. The network is not yet worth its training time here; try ${spec.advice}.`,
  };
}
