/**
 * What a training panel's loss chart draws: the shown run's curves (with the epoch in progress), the
 * original's result as a faint marker when it fits the chart, and the task's baseline (translation: a
 * lookup table scored on the validation split at the run's size) as a dashed line when its loss is the chart's.
 */
import { useMemo } from 'preact/hooks';
import type { Task } from '../../lib/data/types';
import type { LossName } from '../../lib/train/types';
import { taskDescriptor } from '../../lib/tasks';
import { lossNameOf } from '../../client/presets';
import type { ChartSeries } from '../LossChart';
import { COLOURS, historySeries, referenceSeries, type Reference } from './runSeries';
import type { LiveProgress } from './runEvents';
import type { LabRun } from './page/signals';
import { useLookupBaseline } from './useLookupBaseline';

export interface PanelChartInput {
  task: Task;
  reference?: Reference;
  /** The run on show, and the live progress of the panel's run with its id. */
  shown: LabRun | null;
  live: LiveProgress | null;
  currentId: string | null;
  /** The form's settings, for the chart before any run. */
  settings: { loss: LossName; size: number; epochs: number };
}

/** The chart's series and what the notes under it need to say about the reference and the baseline. */
export function usePanelChart({ task, reference, shown, live, currentId, settings }: PanelChartInput) {
  const chartLoss = shown ? lossNameOf(shown.config) : settings.loss;
  const baselineSpec = taskDescriptor(task).baseline;
  const baselineSize = shown?.config.height ?? settings.size;
  const baseline = useLookupBaseline(task, baselineSpec ? baselineSize : null);
  const baselineValue = baseline?.scores.val?.mae ?? null;
  const baselineDrawn = baselineSpec !== null && baselineValue !== null && chartLoss === baselineSpec.loss;
  // The chart's x axis ends at the run's last epoch; a reference measured later is listed, not drawn.
  const lastEpoch = Math.max(1, shown?.config.epochs ?? settings.epochs);
  const referencePast = reference?.epoch !== undefined && reference.epoch > lastEpoch;
  const series = useMemo<ChartSeries[]>(() => {
    const history = shown?.history ?? [];
    const partial = live && shown?.id === currentId ? { epoch: live.epoch, runningLosses: live.partialRunning, stepsPerEpoch: live.stepsPerEpoch } : null;
    // The panel's title names the run, so the legend stays short enough for a phone.
    const list = historySeries(history, { label: '', trainColour: COLOURS.train, validationColour: COLOURS.validation, running: true, partial });
    // In the panel the reference stays grey: blue and vermillion mean training and validation here.
    const ref = referencePast ? null : referenceSeries(reference && { ...reference, model: undefined }, [chartLoss]);
    const withRef = ref ? [...list, ref] : list;
    if (!baselineDrawn || !baselineSpec || baselineValue === null) return withRef;
    const line: ChartSeries = { label: `${baselineSpec.label}: ${baselineValue.toFixed(4)}`, kind: 'baseline', color: COLOURS.reference, points: [{ x: 0, y: baselineValue }, { x: lastEpoch, y: baselineValue }] };
    return [...withRef, line];
  }, [shown, live?.partialRunning, reference, referencePast, lastEpoch, chartLoss, baselineDrawn, baselineValue, settings.epochs]);
  const referenceDrawn = series.some((s) => s.kind === 'reference');
  return { series, chartLoss, lastEpoch, referencePast, referenceDrawn, baselineSpec, baseline, baselineValue, baselineDrawn };
}
