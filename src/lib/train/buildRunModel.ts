import type * as tf from '@tensorflow/tfjs';
import { buildBlockModel } from '../models/blockModel';
import { buildEncoderDecoder } from '../models/encoderDecoder';
import { deriveSeed } from '../random';
import type { RunConfig, TrainingTask } from './types';

/** Builds the model a run configuration names (plain A′, skip B or block) with the task's output activation; weights seeded from the run seed. The caller owns (disposes) it. */
// #region output
export function buildRunModel(config: Pick<RunConfig, 'model' | 'height' | 'width' | 'seed'>, task: Pick<TrainingTask, 'outputActivation'>): tf.LayersModel {
  const output = task.outputActivation;
  const seed = deriveSeed(config.seed, 'weights');
  if (config.model === 'block') return buildBlockModel({ height: config.height, width: config.width, output, seed });
  return buildEncoderDecoder({ height: config.height, width: config.width, skips: config.model === 'skip', output, seed });
}
// #endregion
