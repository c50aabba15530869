import { TrainingError } from '../errors';
import type { RunConfig } from './types';

/** The error a run raises when its loss stops being a finite number: what happened, and what to change. */
export function divergenceError(options: {
  /** The loss value when known; null when the step refused a non-finite loss. */
  loss: number | null;
  epoch: number;
  batch: number;
  config: RunConfig;
  /** Non-finite values in the batch's inputs and targets (0 when the data were clean). */
  badInputs: number;
  badTargets: number;
}): TrainingError {
  const { loss, epoch, batch, config, badInputs, badTargets } = options;
  const where = `epoch ${epoch + 1}, batch ${batch + 1}`;
  const became = loss === null ? 'stopped being a finite number' : `became ${loss}`;
  if (badInputs > 0 || badTargets > 0) {
    const parts = [badInputs > 0 ? `${badInputs} in the inputs` : '', badTargets > 0 ? `${badTargets} in the targets` : ''].filter(Boolean);
    return new TrainingError(
      `Batch ${batch + 1} of epoch ${epoch + 1} contains NaN or infinite values (${parts.join(' and ')}), so its loss would be NaN.`,
      'Check the data: every pixel must be a finite number. Fix or drop the broken slices, and check the normalisation (dividing by a zero standard deviation gives NaN).',
    );
  }
  const { learningRate, clipNorm } = config.optimizer;
  const clipping = clipNorm == null ? 'turn on gradient clipping (e.g. a global norm of 0.5)' : `clip harder than ${clipNorm}`;
  return new TrainingError(
    `The training loss ${became} at ${where}: training diverged.`,
    `The learning rate (${learningRate}) is probably too high, so the weights overshot and grew without bound. ` +
      `Try a lower rate (e.g. ${learningRate / 10}), ${clipping}, and check that the inputs are normalised (e.g. to [0, 1] or z-scores).`,
  );
}
