import { useEffect, useRef } from 'preact/hooks';
import type { Chart as ChartType } from 'chart.js';

/** One line on the chart; x is the epoch number from 1 (fractional for per-batch points). */
export interface ChartSeries {
  label: string;
  points: { x: number; y: number }[];
  color: string;
  /**
   * train: solid; validation: solid with markers; reference: a faint marker per point, no line (a reported value, not a curve);
   * running: thin; baseline: a dashed horizontal line without markers (a score to beat, the same at every epoch).
   */
  kind: 'train' | 'validation' | 'reference' | 'running' | 'baseline';
}

export interface LossChartProps {
  series: ChartSeries[];
  yLabel: string;
  /** Short description of what the chart shows, read before the data table. */
  title: string;
  maxEpoch?: number;
  /** Left end of the x axis; default 1 (the first epoch). 0 shows running averages inside the first epoch. */
  xMin?: number;
  /** Top of the y axis; unset lets chart.js fit every point. Lines above it run off the top. */
  yMax?: number;
  /** What x measures (default 'epoch', with whole-number ticks); another label allows fractional ticks. */
  xLabel?: string;
  /** Whether the chart lists its numbers underneath (default true); off where the widget shows its own table. */
  table?: boolean;
}

/**
 * The x axis: from `xMin` to the run's last epoch (`maxEpoch`), or to the last point drawn when
 * there is no epoch count or a series goes further (a comparison of runs of different lengths).
 * Never rounded up to a "nice" tick past the last epoch. The axis spans at least `minSpan` (one epoch;
 * a smaller span suits an axis of fractional amounts).
 */
export function xAxisRange(series: readonly ChartSeries[], maxEpoch: number | undefined, xMin = 1, minSpan = 1): { min: number; max: number } {
  let last = maxEpoch ?? Number.NEGATIVE_INFINITY;
  for (const s of series) for (const p of s.points) if (p.x > last) last = p.x;
  if (!Number.isFinite(last)) last = xMin + minSpan;
  return { min: xMin, max: Math.max(last, xMin + minSpan) };
}

function dataset(s: ChartSeries) {
  if (s.kind === 'baseline') {
    return { label: s.label, data: s.points, borderColor: s.color, backgroundColor: s.color, borderWidth: 2, borderDash: [8, 5], pointRadius: 0, showLine: true, pointStyle: 'line' as const, tension: 0, order: 5 };
  }
  const faint = s.kind === 'reference';
  return {
    label: s.label,
    data: s.points,
    borderColor: s.color,
    backgroundColor: s.color,
    borderWidth: s.kind === 'running' ? 1 : faint ? 1.5 : 2.5,
    borderDash: faint ? [6, 4] : s.kind === 'running' ? [2, 2] : [],
    pointRadius: s.kind === 'validation' ? 4 : s.kind === 'train' ? 2 : faint ? 7 : 0,
    pointBorderWidth: faint ? 2 : 1,
    showLine: !faint,
    // The legend shows point styles: markers for epoch values and references, a line for running averages.
    pointStyle: s.kind === 'validation' ? ('rectRot' as const) : s.kind === 'train' ? ('circle' as const) : faint ? ('star' as const) : ('line' as const),
    tension: 0,
    order: faint ? 10 : 1,
    ...(faint ? { borderColor: `${s.color}cc` } : {}),
  };
}

/** Text and grid colours of the current theme as canvas-ready rgb() strings (light-dark() resolved by the browser). */
function themeColours(element: HTMLElement): { text: string; grid: string } {
  const probe = document.createElement('span');
  probe.style.color = 'var(--border)';
  element.parentElement?.append(probe);
  const grid = getComputedStyle(probe).color || 'rgba(128, 128, 128, 0.3)';
  probe.remove();
  return { text: getComputedStyle(element).color || '#444', grid };
}

/**
 * Training curves with chart.js, loaded only when the chart first appears. A table with the
 * same numbers sits underneath for screen readers and for anyone who prefers numbers.
 */
export default function LossChart({ series, yLabel, title, maxEpoch, xMin = 1, yMax, xLabel = 'epoch', table = true }: LossChartProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useRef<ChartType | null>(null);
  // chart.js loads asynchronously: it must start from the latest series, not the first render's.
  const latest = useRef({ series, maxEpoch, xMin, yLabel, yMax, xLabel });
  latest.current = { series, maxEpoch, xMin, yLabel, yMax, xLabel };

  useEffect(() => {
    let cancelled = false;
    (async () => {
      const { Chart, LineController, LineElement, PointElement, LinearScale, Legend, Tooltip } = await import('chart.js');
      Chart.register(LineController, LineElement, PointElement, LinearScale, Legend, Tooltip);
      if (cancelled || !canvas.current) return;
      const reduced = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
      const { text, grid } = themeColours(canvas.current);
      chart.current = new Chart(canvas.current, {
        type: 'line',
        data: { datasets: latest.current.series.map(dataset) },
        options: {
          animation: reduced ? false : { duration: 250 },
          maintainAspectRatio: false,
          parsing: false,
          scales: {
            x: { type: 'linear', bounds: 'data', ...xAxisRange(latest.current.series, latest.current.maxEpoch, latest.current.xMin, latest.current.xLabel === 'epoch' ? 1 : 0), title: { display: true, text: latest.current.xLabel, color: text }, ticks: { ...(latest.current.xLabel === 'epoch' ? { precision: 0 } : {}), color: text }, grid: { color: grid } },
            y: { type: 'linear', min: 0, max: latest.current.yMax, title: { display: true, text: latest.current.yLabel, color: text }, ticks: { color: text }, grid: { color: grid } },
          },
          plugins: { legend: { labels: { color: text, usePointStyle: true, boxWidth: 10, boxHeight: 10 } } },
        },
      });
    })();
    // Follow the theme (the learner's toggle sets html[data-theme]; the system may switch too).
    const recolour = () => {
      const c = chart.current;
      if (!c || !canvas.current) return;
      const { text, grid } = themeColours(canvas.current);
      const scales = c.options.scales as Record<string, { title?: { color?: string }; ticks?: { color?: string }; grid?: { color?: string } }>;
      for (const axis of Object.values(scales)) {
        if (axis.title) axis.title.color = text;
        if (axis.ticks) axis.ticks.color = text;
        if (axis.grid) axis.grid.color = grid;
      }
      const legend = c.options.plugins?.legend?.labels;
      if (legend) legend.color = text;
      c.update('none');
    };
    const observer = new MutationObserver(recolour);
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme', 'class', 'style'] });
    const scheme = window.matchMedia('(prefers-color-scheme: dark)');
    scheme.addEventListener('change', recolour);
    return () => {
      cancelled = true;
      observer.disconnect();
      scheme.removeEventListener('change', recolour);
      chart.current?.destroy();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    const c = chart.current;
    if (!c) return;
    c.data.datasets = series.map(dataset);
    const x = c.options.scales?.x as { min?: number; max?: number; title?: { text?: string } } | undefined;
    if (x) Object.assign(x, xAxisRange(series, maxEpoch, xMin, xLabel === 'epoch' ? 1 : 0));
    if (x?.title) x.title.text = xLabel;
    // The loss (and so the axis title) changes when the learner picks another one.
    const y = c.options.scales?.y as { max?: number; title?: { text?: string } } | undefined;
    if (y) y.max = yMax;
    if (y?.title) y.title.text = yLabel;
    // Live data arrives every batch: redraw at once rather than animate from stale positions (an animation
    // still running, such as the first draw's, would otherwise finish on the positions it started for).
    c.stop();
    c.update('none');
  }, [series, maxEpoch, xMin, yLabel, yMax, xLabel]);

  const tableSeries = series.filter((s) => s.kind !== 'running' && s.points.length > 0);
  return (
    <figure class="loss-chart">
      <div class="loss-chart__canvas">
        <canvas ref={canvas} role="img" aria-label={`${title}. The numbers are in the table below the chart.`} />
      </div>
      {table && <details class="loss-chart__table">
        <summary>{title}: the numbers</summary>
        {tableSeries.length === 0 ? <p>No data yet.</p> : (
          <table>
            <thead><tr><th scope="col">Series</th><th scope="col">Epoch: {yLabel}</th></tr></thead>
            <tbody>
              {tableSeries.map((s) => (
                <tr key={s.label}><th scope="row">{s.label}</th><td>{s.points.map((p) => `${p.x}: ${p.y.toFixed(4)}`).join(', ')}</td></tr>
              ))}
            </tbody>
          </table>
        )}
      </details>}
    </figure>
  );
}
