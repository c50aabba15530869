/**
 * What a whole run costs, from pressing Start to "finished": the set-up, then per epoch the training
 * steps, one validation pass and the per-epoch overhead, all in the device's reference steps (stepCost).
 */
import { VALIDATION_SHARE_PER_SLICE } from '../train/eta';
import { msPerStepAt, REFERENCE_BATCH } from './stepCost';

/**
 * What a run costs besides its training steps and validation passes, in reference-sized steps at the
 * run's image size: starting it (the worker resizes and normalises the data, builds the model, the
 * first steps warm up) and, per epoch, the gallery's predictions, the events and the checkpoint.
 * Calibrated on a quiet 2-core machine in Chromium (2 threads): lesson 1's earlier 16-epoch,
 * 320-step skip run took 2 min 59 s from Start to "finished" where its 320 steps take 151 s.
 */
export const SETUP_STEPS = 20;
export const EPOCH_OVERHEAD_STEPS = 1;

/** What the run estimates need: the device's reference step and how it grows with size, and the run's shape. */
export interface RunShape {
  msPerStep64: number;
  /** Default PIXEL_SIZE_EXPONENT; sizeExponentFor(backend) gives the device's. */
  sizeExponent?: number;
  size: number;
  batchSize: number;
  trainCount: number;
  valCount: number;
}

/**
 * Milliseconds of one epoch: the training steps, one validation pass, whose forward-only work is
 * about a third of a training step per slice (VALIDATION_SHARE_PER_SLICE, which the run's ETA uses too), and the per-epoch overhead (EPOCH_OVERHEAD_STEPS).
 */
export function msPerEpoch({ msPerStep64, sizeExponent, size, batchSize, trainCount, valCount }: RunShape): number {
  const at = (slices: number) => msPerStepAt(msPerStep64, size, slices, sizeExponent);
  const steps = Math.ceil(trainCount / batchSize);
  return steps * at(batchSize) + at(valCount) * VALIDATION_SHARE_PER_SLICE + EPOCH_OVERHEAD_STEPS * at(REFERENCE_BATCH);
}

/** Milliseconds of the set-up alone (SETUP_STEPS reference steps at the run's size). */
export function msOfSetup({ msPerStep64, size, sizeExponent }: Pick<RunShape, 'msPerStep64' | 'size' | 'sizeExponent'>): number {
  return SETUP_STEPS * msPerStepAt(msPerStep64, size, REFERENCE_BATCH, sizeExponent);
}

/** Milliseconds of a whole run, from pressing Start to "finished": the set-up (SETUP_STEPS) plus every epoch. */
export function msPerRun(input: RunShape & { epochs: number }): number {
  return msOfSetup(input) + input.epochs * msPerEpoch(input);
}
