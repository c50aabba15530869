import type * as tf from '@tensorflow/tfjs';
import type { SplitArrays, Task } from '../data/types';
import { ShapeError } from '../errors';
import { hardDicePerSlice } from '../losses/hardDice';
import { ssimPerSlice } from '../losses/ssim';
import { createIntensityErrors } from '../losses/intensityMetrics';
import { taskDescriptor } from '../tasks';
import { predictBatches } from './predictBatches';
import { headMask } from '../data/headMask';

/** Count and mean of a group of slices (mean NaN for an empty group). */
export interface SliceGroup {
  count: number;
  mean: number;
}

/** Test metrics of a segmentation model: hard Dice (p > 0.5) per slice, summarised. */
export interface SegmentationMetrics {
  task: 'segmentation';
  count: number;
  meanHardDice: number;
  withForeground: SliceGroup;
  withoutForeground: SliceGroup;
  perSlice: number[];
  /** 1 where the slice's target has foreground (lung), else 0; same order as perSlice. */
  hasForeground: number[];
}

/** Test metrics of a translation model; MAE in the head uses the head mask given, or one computed from the inputs (../data/headMask). */
export interface TranslationMetrics {
  task: 'translation';
  count: number;
  mae: number;
  maeInHead: number;
  /** Pooled over all test pixels, dB. */
  psnr: number;
  /** Mean over slices (NaN when slices are smaller than SSIM's 11×11 window). */
  ssim: number;
}

export type TestMetrics = SegmentationMetrics | TranslationMetrics;

export interface EvaluateOptions {
  height: number;
  width: number;
  batchSize?: number;
  /** Translation: head mask [count, height, width, 1] flattened, 1 inside; default headMask(split.x). */
  headMask?: Uint8Array | Float32Array;
  /** Translation: intensity span for PSNR and SSIM, default 1. */
  dataRange?: number;
  signal?: AbortSignal;
}

/** Evaluates `model` on a split in batches and returns plain-number metrics for the task. Disposes what it creates; leaves the model alone. */
export async function evaluate(model: tf.LayersModel, split: SplitArrays, task: Task, options: EvaluateOptions): Promise<TestMetrics> {
  const { height, width } = options;
  const sliceSize = height * width;
  if (split.x.length !== split.count * sliceSize || split.y.length !== split.count * sliceSize) {
    throw new ShapeError(
      `Expected the split's x and y to hold ${split.count} slices of ${height}×${width} (${split.count * sliceSize} values), but got ${split.x.length} and ${split.y.length}.`,
      'Pass the split at the size the model was built for.',
    );
  }
  if (options.headMask && options.headMask.length !== split.y.length) {
    throw new ShapeError(`Expected the head mask to have ${split.y.length} values like the targets, but got ${options.headMask.length}.`);
  }
  const batchSize = options.batchSize ?? 16;
  if (taskDescriptor(task).evaluation === 'per-slice-hard-dice') {
    const perSlice = new Float32Array(split.count);
    const hasForeground = new Uint8Array(split.count);
    await predictBatches({
      model, split, height, width, batchSize, signal: options.signal,
      visit: (b) => {
        const dice = hardDicePerSlice(b.target, b.prediction, { height, width });
        perSlice.set(dice.perSlice, b.start);
        hasForeground.set(dice.hasForeground, b.start);
      },
    });
    const group = (take: (i: number) => boolean): SliceGroup => {
      let count = 0;
      let sum = 0;
      perSlice.forEach((d, i) => {
        if (take(i)) {
          count++;
          sum += d;
        }
      });
      return { count, mean: count > 0 ? sum / count : Number.NaN };
    };
    return {
      task: 'segmentation',
      count: split.count,
      meanHardDice: group(() => true).mean,
      withForeground: group((i) => hasForeground[i] === 1),
      withoutForeground: group((i) => hasForeground[i] === 0),
      perSlice: Array.from(perSlice),
      hasForeground: Array.from(hasForeground),
    };
  }
  const mask = options.headMask ?? headMask(split.x, split.count, height, width);
  const metrics = createTranslationMetrics({ height, width, dataRange: options.dataRange ?? 1 });
  await predictBatches({
    model, split, height, width, batchSize, signal: options.signal,
    visit: (b) => {
      const offset = b.start * sliceSize;
      metrics.add(b.target, b.prediction, mask.subarray(offset, offset + b.target.length));
    },
  });
  return metrics.result();
}

/**
 * Running translation metrics over slices added batch by batch (targets, predictions and the head
 * mask [n, height, width] flattened): the network's evaluation and the lookup-table baseline share it.
 */
export function createTranslationMetrics({ height, width, dataRange = 1 }: { height: number; width: number; dataRange?: number }) {
  const withSsim = height >= 11 && width >= 11;
  const errors = createIntensityErrors();
  let ssimSum = 0;
  let count = 0;
  return {
    add(target: ArrayLike<number>, prediction: ArrayLike<number>, head: ArrayLike<number>): void {
      errors.add(target, prediction, head);
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
      };
    },
  };
}
