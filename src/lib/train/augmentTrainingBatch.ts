import type * as tf from '@tensorflow/tfjs';
import { augmentBatch } from '../augment/augmentBatch';
import { intensityBatch } from '../augment/intensityBatch';
import { sampleAugmentParams, type AugmentParams } from '../augment/sampleAugmentParams';
import { sampleIntensityParams } from '../augment/sampleIntensityParams';
import type { IntensityParams } from '../augment/intensityConfig';
import type { Rng } from '../random';
import type { RunConfig, TrainingTask } from './types';

/** The random streams of one epoch's augmentation: one per kind, so switching one kind on leaves the other's draws as they were. */
export interface AugmentRngs {
  geometric: Rng;
  intensity: Rng;
}

/** Noise seeds are drawn below this bound (tf.randomNormal takes any number; whole numbers read well in a debugger). */
const NOISE_SEED_BOUND = 2 ** 31;

/** An augmented batch and what was drawn for it (null for a kind that is off). */
export interface AugmentedBatch {
  x: tf.Tensor4D;
  y: tf.Tensor4D;
  geometric: AugmentParams[] | null;
  intensity: IntensityParams[] | null;
}

/**
 * A training batch as the model sees it: each sample gets its geometric transform (input and target
 * alike), then its intensity change (input only: a mask or a T2 target does not change with the
 * scanner). Returns the tensors to train on, new ones when anything changed and `x`/`y` themselves
 * otherwise, with the drawn parameters; the caller owns both the given and the returned tensors.
 * The augmentation preview calls it too, so it shows what training does.
 */
export function augmentTrainingBatch(
  x: tf.Tensor4D,
  y: tf.Tensor4D,
  { config, task, rngs }: { config: Pick<RunConfig, 'augment' | 'intensityAugment'>; task: Pick<TrainingTask, 'targetInterpolation'>; rngs: AugmentRngs },
): AugmentedBatch {
  const [count, height, width] = x.shape;
  let out: AugmentedBatch = { x, y, geometric: null, intensity: null };
  if (config.augment) {
    const params = sampleAugmentParams(rngs.geometric, config.augment, count, { height, width });
    const warped = augmentBatch(x, y, params, { fillMode: config.augment.fillMode, cval: config.augment.cval, targetInterpolation: task.targetInterpolation });
    out = { ...out, ...warped, geometric: params };
  }
  if (config.intensityAugment) {
    const params = sampleIntensityParams(rngs.intensity, config.intensityAugment, count);
    const seed = Math.floor(rngs.intensity() * NOISE_SEED_BOUND);
    // The input arrives normalised (fit's data went through the run's normalisation, per-slice z-score
    // included): a contrast or brightness change made here reaches the model, where one made before a
    // per-slice z-score would be undone by it. Amounts are relative to each image, so the units do not matter.
    const changed = intensityBatch(out.x, params, { seed });
    if (out.x !== x) out.x.dispose();
    out = { ...out, x: changed, intensity: params };
  }
  return out;
}
