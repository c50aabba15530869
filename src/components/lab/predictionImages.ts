import type { Predictions } from '../../lib/engine/protocol';
import type { SliceView, SliceViewOptions, TaskDescriptor } from '../../lib/tasks';

/** Slice `k` of a Predictions result, as the row-major [height, width] arrays of input, target and output. */
export function sliceOf(p: Predictions, k: number) {
  const n = p.height * p.width;
  return {
    width: p.width,
    height: p.height,
    input: p.inputs.subarray(k * n, (k + 1) * n),
    target: p.targets.subarray(k * n, (k + 1) * n),
    output: p.predictions.subarray(k * n, (k + 1) * n),
  };
}

/** The task's pictures of slice `k` of a Predictions result (overlay and error map, or prediction and difference). */
export function sliceView(p: Predictions, k: number, task: TaskDescriptor, options: SliceViewOptions): SliceView {
  return task.renderSlice(sliceOf(p, k), options);
}
