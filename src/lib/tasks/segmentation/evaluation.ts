/** Segmentation's test evaluation: hard Dice per slice (the shared metric), grouped by whether the slice holds lung, and its summary. */
import { hardDicePerSlice } from '../../losses/hardDice';
import { formatValue } from '../../losses/metrics';
import type { EvaluationBatch, EvaluatorOptions, TaskEvaluator, TaskMetrics, TestSummary } from '../types';
import { typicalSliceIndex } from './typicalSlice';
import { scoreSegmentationVolumes, segmentationVolumeTable, type SegmentationVolumes } from './volumeScores';

/** Count and mean of a group of slices (mean NaN for an empty group). */
export interface SliceGroup {
  count: number;
  mean: number;
}

/** Test metrics of a segmentation model: hard Dice (p > 0.5) per slice, summarised. */
export interface SegmentationMetrics extends TaskMetrics {
  task: 'segmentation';
  meanHardDice: number;
  withForeground: SliceGroup;
  withoutForeground: SliceGroup;
  perSlice: number[];
  /** 1 where the slice's target has foreground (lung), else 0; same order as perSlice. */
  hasForeground: number[];
  /** 3-D Dice and HD95 per patient, when the evaluator was told the split's volumes. */
  perVolume?: SegmentationVolumes;
}

/** Hard Dice of every slice, batch by batch, into SegmentationMetrics. */
export function createSegmentationEvaluator({ height, width, count, volumes }: EvaluatorOptions): TaskEvaluator {
  const perSlice = new Float32Array(count);
  const hasForeground = new Uint8Array(count);
  // Per-patient metrics need a patient's slices together: keep the split's targets and predictions when there are patients.
  const keep = volumes && volumes.volumes.length > 0 ? { target: new Float32Array(count * height * width), prediction: new Float32Array(count * height * width) } : null;
  return {
    add(batch: EvaluationBatch) {
      const dice = hardDicePerSlice(batch.target, batch.prediction, { height, width });
      perSlice.set(dice.perSlice, batch.start);
      hasForeground.set(dice.hasForeground, batch.start);
      keep?.target.set(batch.target, batch.start * height * width);
      keep?.prediction.set(batch.prediction, batch.start * height * width);
    },
    result(): SegmentationMetrics {
      const group = (take: (i: number) => boolean): SliceGroup => {
        let n = 0;
        let sum = 0;
        perSlice.forEach((d, i) => {
          if (take(i)) {
            n++;
            sum += d;
          }
        });
        return { count: n, mean: n > 0 ? sum / n : Number.NaN };
      };
      return {
        task: 'segmentation',
        count,
        meanHardDice: group(() => true).mean,
        withForeground: group((i) => hasForeground[i] === 1),
        withoutForeground: group((i) => hasForeground[i] === 0),
        perSlice: Array.from(perSlice),
        hasForeground: Array.from(hasForeground),
        ...(volumes ? { perVolume: scoreSegmentationVolumes(keep?.target ?? new Float32Array(0), keep?.prediction ?? new Float32Array(0), { height, width, volumes }) } : {}),
      };
    },
  };
}

const perVolumeOf = (table: TestSummary['perVolume']) => (table ? { perVolume: table } : {});

function isSegmentationMetrics(metrics: TaskMetrics): metrics is SegmentationMetrics {
  return metrics.task === 'segmentation';
}

/** What the evaluation widget shows: the mean hard Dice, by group, their histogram and a typical slice. */
export function summarizeSegmentationTest(metrics: TaskMetrics): TestSummary {
  if (!isSegmentationMetrics(metrics)) throw new Error(`Expected segmentation metrics, but got ${metrics.task} metrics.`);
  const group = (label: string, g: SliceGroup) => ({ label: `${label} (${g.count})`, value: g.mean, text: g.count ? formatValue(g.mean, 3) : '–' });
  const withLung = metrics.perSlice.filter((_, i) => metrics.hasForeground[i] === 1);
  const typical = withLung.length > 0 ? typicalSliceIndex(metrics.perSlice, metrics.hasForeground) : null;
  return {
    count: metrics.count,
    numbers: [
      { label: `Hard Dice, all ${metrics.count} test slices`, value: metrics.meanHardDice, text: formatValue(metrics.meanHardDice, 3) },
      group('Slices with lung', metrics.withForeground),
      group('Slices without lung', metrics.withoutForeground),
    ],
    distribution: { values: withLung, min: 0, max: 1, label: 'Hard Dice per test slice (slices with lung)' },
    typicalSlice: typical === null ? null : { index: typical, note: `The slider starts at slice ${typical + 1}, a typical case: its hard Dice is the median among the slices with lung.` },
    ...perVolumeOf(segmentationVolumeTable(metrics.perVolume)),
  };
}
