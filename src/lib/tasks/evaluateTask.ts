/** A model's test metrics on a split, scored by its task's evaluator. */
import type * as tf from '@tensorflow/tfjs';
import type { SplitArrays, Task } from '../data/types';
import type { SplitVolumes } from '../data/volumesOfSplit';
import { ShapeError } from '../errors';
import { evaluate, type EvaluateOptions } from '../train/evaluate';
import { taskDescriptor } from './index';
import type { TaskMetrics } from './types';

/**
 * Evaluates `model` on a split for `task` (a head mask may be given for the whole split; with `volumes`, the
 * split's patients, the task adds its per-patient metrics). Disposes what it creates.
 */
export async function evaluateTask(
  model: tf.LayersModel, split: SplitArrays, task: Task,
  options: EvaluateOptions & { dataRange?: number; headMask?: Uint8Array | Float32Array; volumes?: SplitVolumes },
): Promise<TaskMetrics> {
  if (options.headMask && options.headMask.length !== split.y.length) {
    throw new ShapeError(`Expected the head mask to have ${split.y.length} values like the targets, but got ${options.headMask.length}.`);
  }
  const evaluator = taskDescriptor(task).createEvaluator({ height: options.height, width: options.width, count: split.count, dataRange: options.dataRange, headMask: options.headMask, volumes: options.volumes });
  return evaluate(model, split, evaluator, options);
}
