/**
 * The shown run's numbers under a training panel's controls: epochs done, last losses and metric, seed,
 * size, parameters; then what the validation loss and the metric each measure, so the two read together.
 */
import type { Task } from '../../lib/data/types';
import { formatCount } from '../../lib/format';
import { describeLossAndMetric, formatMetric, lossNameOf, taskDescriptor } from '../../lib/tasks';
import { finalNumbers } from './runSeries';
import type { LabRun } from './page/signals';

export default function RunNumbers({ run, task }: { run: LabRun; task: Task }) {
  const numbers = finalNumbers(run.history);
  const metric = taskDescriptor(task).epochMetric;
  const valLoss = numbers && Number.isFinite(numbers.valLoss) ? numbers.valLoss : undefined;
  return (
    <>
    <dl class="number-grid training-panel__numbers">
      <div><dt>Run</dt><dd>{run.label}</dd></div>
      <div><dt>Epochs done</dt><dd>{run.history.length} of {run.config.epochs}{run.status === 'stopped' ? ' (stopped)' : run.status === 'failed' ? ' (failed)' : ''}</dd></div>
      <div><dt>Training loss</dt><dd>{numbers ? numbers.trainLoss.toFixed(3) : '–'}</dd></div>
      <div><dt>Validation loss</dt><dd>{numbers && Number.isFinite(numbers.valLoss) ? numbers.valLoss.toFixed(3) : '–'}</dd></div>
      <div><dt>{metric.validationLabel}</dt><dd>{numbers ? formatMetric(metric, numbers.valMetric) : '–'}</dd></div>
      <div><dt>Seed</dt><dd>{run.config.seed}</dd></div>
      <div><dt>Size, batch</dt><dd>{run.config.height}×{run.config.width}, {run.config.batchSize}</dd></div>
      <div><dt>Parameters</dt><dd>{run.paramCount ? formatCount(run.paramCount) : '–'}</dd></div>
    </dl>
    <p class="widget__note training-panel__numbers-note">{describeLossAndMetric({ losses: [lossNameOf(run.config)], metric, valLoss })}</p>
    </>
  );
}
