/**
 * Under a training panel: when the shown run has ended and its last validation score has not beaten the
 * task's baseline (translation: the lookup table), says so plainly with what to try. The comparison and
 * the words are the library's (src/lib/tasks/baselineVerdict), from the task's own data.
 */
import type { Task } from '../../lib/data/types';
import type { LookupBaseline } from '../../lib/engine/protocol';
import { baselineVerdict, taskDescriptor } from '../../lib/tasks';
import type { LabRun } from './page/signals';

export default function BaselineVerdict({ task, run, baseline }: { task: Task; run: LabRun | null; baseline: LookupBaseline | null }) {
  const descriptor = taskDescriptor(task);
  const spec = descriptor.baseline;
  const last = run?.history.at(-1);
  if (!spec || !run || !last || run.status === 'running' || run.status === 'paused' || run.status === 'failed' || !baseline) return null;
  // The baseline is scored at the run's size; the epochs report the task's epoch metric on validation.
  if (baseline.height !== run.config.height || baseline.width !== run.config.width) return null;
  const metric = descriptor.epochMetric;
  const value = (baseline.scores.val as unknown as Record<string, unknown> | undefined)?.[metric.name];
  if (typeof value !== 'number') return null;
  const verdict = baselineVerdict(spec, 'the validation slices', [
    { key: metric.name, label: `validation ${metric.short}`, direction: metric.direction, digits: metric.digits, run: last.valMetric, baseline: value },
  ]);
  if (!verdict.sentence) return null;
  return <p class="widget__note training-panel__verdict" role="status">{verdict.sentence}</p>;
}
