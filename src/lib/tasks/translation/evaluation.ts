/** Translation's test evaluation: MAE, MAE inside the head, PSNR and SSIM (the shared intensity metrics), and its summary. */
import { headMask } from '../../data/headMask';
import { createIntensityErrors } from '../../losses/intensityMetrics';
import { formatValue } from '../../losses/metrics';
import { ssimPerSlice } from '../../losses/ssim';
import type { EvaluationBatch, EvaluatorOptions, TaskEvaluator, TaskMetrics, TestSummary } from '../types';
import { scoreTranslationVolumes, translationVolumeTable, type TranslationVolumes } from './volumeScores';

/** Test metrics of a translation model; MAE in the head uses a head mask computed from the inputs (../../data/headMask). */
export interface TranslationMetrics extends TaskMetrics {
  task: 'translation';
  mae: number;
  maeInHead: number;
  /** Pooled over all test pixels, dB. */
  psnr: number;
  /** Mean over slices (NaN when slices are smaller than SSIM's 11×11 window). */
  ssim: number;
  /**
   * Pearson correlation of prediction and target over every pixel inside the head: does not depend on
   * the file's intensity scale (a prediction right up to a linear rescaling scores 1). NaN without head pixels.
   */
  pearsonInHead?: number;
  /** MAE, PSNR and SSIM inside the head per patient, when the evaluator was told the split's volumes. */
  perVolume?: TranslationVolumes;
}

/** Running Pearson r of two images over the pixels where `mask` is non-zero (sums in float64, centred on the first pixel for stability). */
function createCorrelation() {
  let n = 0;
  let sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0;
  let a0 = Number.NaN, b0 = Number.NaN;
  return {
    add(a: ArrayLike<number>, b: ArrayLike<number>, mask: ArrayLike<number>): void {
      for (let k = 0; k < a.length; k++) {
        if (mask[k] === 0) continue;
        if (n === 0) {
          a0 = a[k];
          b0 = b[k];
        }
        const x = a[k] - a0;
        const y = b[k] - b0;
        n++;
        sa += x;
        sb += y;
        saa += x * x;
        sbb += y * y;
        sab += x * y;
      }
    },
    r(): number {
      if (n < 2) return Number.NaN;
      const cov = sab - (sa * sb) / n;
      const va = saa - (sa * sa) / n;
      const vb = sbb - (sb * sb) / n;
      return va > 0 && vb > 0 ? cov / Math.sqrt(va * vb) : Number.NaN;
    },
  };
}

/**
 * Running translation metrics over slices added batch by batch (targets, predictions and the head
 * mask [n, height, width] flattened): the network's evaluation and the lookup-table baseline share it.
 */
export function createTranslationMetrics({ height, width, dataRange = 1 }: { height: number; width: number; dataRange?: number }) {
  const withSsim = height >= 11 && width >= 11;
  const errors = createIntensityErrors();
  const correlation = createCorrelation();
  let ssimSum = 0;
  let count = 0;
  return {
    add(target: ArrayLike<number>, prediction: ArrayLike<number>, head: ArrayLike<number>): void {
      errors.add(target, prediction, head);
      correlation.add(target, prediction, head);
      count += target.length / (height * width);
      if (withSsim) for (const v of ssimPerSlice(target, prediction, { height, width, dataRange })) ssimSum += v;
    },
    result(): TranslationMetrics {
      return {
        task: 'translation',
        count,
        mae: errors.mae(),
        maeInHead: errors.maeInMask(),
        psnr: errors.psnr(dataRange),
        ssim: withSsim ? ssimSum / count : Number.NaN,
        pearsonInHead: correlation.r(),
      };
    },
  };
}

/** The evaluation of a split, batch by batch; the head mask of each batch comes from its inputs unless one is given for the split. */
export function createTranslationEvaluator({ height, width, count, dataRange = 1, headMask: givenMask, volumes }: EvaluatorOptions): TaskEvaluator {
  const metrics = createTranslationMetrics({ height, width, dataRange });
  const sliceSize = height * width;
  // Per-patient metrics need a patient's slices together: keep the split's arrays (and the head mask) when there are patients.
  const size = count * sliceSize;
  const keep = volumes && volumes.volumes.length > 0 ? { target: new Float32Array(size), prediction: new Float32Array(size), head: new Float32Array(size) } : null;
  return {
    add(batch: EvaluationBatch) {
      const offset = batch.start * sliceSize;
      const head = givenMask ? givenMask.subarray(offset, offset + batch.target.length) : headMask(batch.input, batch.count, height, width);
      metrics.add(batch.target, batch.prediction, head);
      keep?.target.set(batch.target, offset);
      keep?.prediction.set(batch.prediction, offset);
      keep?.head.set(head, offset);
    },
    result(): TranslationMetrics {
      const result = metrics.result();
      if (!volumes) return result;
      const none = new Float32Array(0);
      return { ...result, perVolume: scoreTranslationVolumes(keep?.target ?? none, keep?.prediction ?? none, keep?.head ?? none, { height, width, dataRange, volumes }) };
    },
  };
}

function isTranslationMetrics(metrics: TaskMetrics): metrics is TranslationMetrics {
  return metrics.task === 'translation';
}

/**
 * What the evaluation widget shows, printed: MAE over all pixels and inside the head, PSNR, SSIM, and
 * Pearson r inside the head when the metrics have it (older records do not).
 */
export function summarizeTranslationTest(metrics: TaskMetrics): TestSummary {
  if (!isTranslationMetrics(metrics)) throw new Error(`Expected translation metrics, but got ${metrics.task} metrics.`);
  const table = translationVolumeTable(metrics.perVolume);
  return {
    count: metrics.count,
    numbers: [
      { label: `MAE, all ${metrics.count} test slices`, value: metrics.mae, text: formatValue(metrics.mae, 4) },
      { label: 'MAE inside the head', value: metrics.maeInHead, text: formatValue(metrics.maeInHead, 4) },
      { label: 'PSNR (dB)', value: metrics.psnr, text: formatValue(metrics.psnr, 1) },
      { label: 'SSIM', value: metrics.ssim, text: formatValue(metrics.ssim, 3) },
      ...(metrics.pearsonInHead === undefined ? [] : [{ label: 'Pearson r inside the head', value: metrics.pearsonInHead, text: formatValue(metrics.pearsonInHead, 3) }]),
    ],
    distribution: null,
    typicalSlice: null,
    ...(table ? { perVolume: table } : {}),
  };
}
