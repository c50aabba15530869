import type { ShiftMetric, ShiftSpec } from '../../../lib/tasks/domainShifts';
import { formatPoint, type MeasuredCurve } from './measuredCurves';

/** The curves as numbers: one row per strength, one column per model and metric (the chart's text alternative). */
export default function ShiftCurveTable({ curves, spec, metrics }: { curves: MeasuredCurve[]; spec: ShiftSpec; metrics: readonly ShiftMetric[] }) {
  const mine = curves.filter((c) => c.kind === spec.kind);
  const columns = mine.flatMap((c) => metrics.map((m) => ({ curve: c, metric: m })));
  return (
    <div class="shift__table">
      <table>
        <caption>{metrics.map((m) => m.label).join(' and ')} against {spec.amount}, on {mine[0]?.count ?? '?'} test slices</caption>
        <thead>
          <tr>
            <th scope="col">{spec.label}</th>
            {columns.map(({ curve, metric }) => <th key={`${curve.runId}-${metric.key}`} scope="col">{metrics.length > 1 ? `${metric.label}: ` : ''}{curve.label}</th>)}
          </tr>
        </thead>
        <tbody>
          {spec.strengths.map((s) => (
            <tr key={s}>
              <th scope="row">{formatPoint(s, spec.digits)}{s === spec.none ? ' (no shift)' : ''}</th>
              {columns.map(({ curve, metric }) => (
                <td key={`${curve.runId}-${metric.key}`} data-value={curve.points.find((p) => p.strength === s)?.metrics[metric.key]}>
                  {formatPoint(curve.points.find((p) => p.strength === s)?.metrics[metric.key], metric.digits)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
