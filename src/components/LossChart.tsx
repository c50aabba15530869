import { useEffect, useRef } from 'preact/hooks';
import type { Chart as ChartType } from 'chart.js';

/** One line on the chart; x is the epoch number from 1 (fractional for per-batch points). */
export interface ChartSeries {
  label: string;
  points: { x: number; y: number }[];
  color: string;
  /** train: solid; validation: solid with markers; reference: faint dashed; running: thin. */
  kind: 'train' | 'validation' | 'reference' | 'running';
}

export interface LossChartProps {
  series: ChartSeries[];
  yLabel: string;
  /** Short description of what the chart shows, read before the data table. */
  title: string;
  maxEpoch?: number;
  /** Left end of the x axis; default 1 (the first epoch). 0 shows running averages inside the first epoch. */
  xMin?: number;
}

function dataset(s: ChartSeries) {
  const faint = s.kind === 'reference';
  return {
    label: s.label,
    data: s.points,
    borderColor: s.color,
    backgroundColor: s.color,
    borderWidth: s.kind === 'running' ? 1 : faint ? 1.5 : 2.5,
    borderDash: faint ? [6, 4] : s.kind === 'running' ? [2, 2] : [],
    pointRadius: s.kind === 'validation' ? 4 : s.kind === 'train' ? 2 : 0,
    pointStyle: s.kind === 'validation' ? ('rectRot' as const) : ('circle' as const),
    tension: 0,
    order: faint ? 10 : 1,
    ...(faint ? { borderColor: `${s.color}88` } : {}),
  };
}

/**
 * Training curves with chart.js, loaded only when the chart first appears. A table with the
 * same numbers sits underneath for screen readers and for anyone who prefers numbers.
 */
export default function LossChart({ series, yLabel, title, maxEpoch, xMin = 1 }: LossChartProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useRef<ChartType | null>(null);
  // chart.js loads asynchronously: it must start from the latest series, not the first render's.
  const latest = useRef({ series, maxEpoch, xMin });
  latest.current = { series, maxEpoch, xMin };

  useEffect(() => {
    let cancelled = false;
    (async () => {
      const { Chart, LineController, LineElement, PointElement, LinearScale, Legend, Tooltip } = await import('chart.js');
      Chart.register(LineController, LineElement, PointElement, LinearScale, Legend, Tooltip);
      if (cancelled || !canvas.current) return;
      const reduced = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
      const text = getComputedStyle(document.documentElement).getPropertyValue('--text').trim() || '#444';
      chart.current = new Chart(canvas.current, {
        type: 'line',
        data: { datasets: latest.current.series.map(dataset) },
        options: {
          animation: reduced ? false : { duration: 250 },
          maintainAspectRatio: false,
          parsing: false,
          scales: {
            x: { type: 'linear', min: latest.current.xMin, suggestedMax: latest.current.maxEpoch, title: { display: true, text: 'epoch', color: text }, ticks: { precision: 0, color: text } },
            y: { type: 'linear', title: { display: true, text: yLabel, color: text }, ticks: { color: text } },
          },
          plugins: { legend: { labels: { color: text, usePointStyle: true } } },
        },
      });
    })();
    return () => { cancelled = true; chart.current?.destroy(); chart.current = null; };
  }, []);

  useEffect(() => {
    const c = chart.current;
    if (!c) return;
    c.data.datasets = series.map(dataset);
    const x = c.options.scales?.x as { min?: number; suggestedMax?: number } | undefined;
    if (x) {
      x.suggestedMax = maxEpoch;
      x.min = xMin;
    }
    c.update();
  }, [series, maxEpoch, xMin]);

  const tableSeries = series.filter((s) => s.kind !== 'running' && s.points.length > 0);
  return (
    <figure class="loss-chart">
      <div class="loss-chart__canvas">
        <canvas ref={canvas} role="img" aria-label={`${title}. The numbers are in the table below the chart.`} />
      </div>
      <details class="loss-chart__table">
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
      </details>
    </figure>
  );
}
