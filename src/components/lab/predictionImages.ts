import type { Predictions } from '../../lib/engine/protocol';
import { applyLookupTable, type LookupTableValues, type SliceView, type SliceViewOptions, type TaskDescriptor } from '../../lib/tasks';

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

/** A baseline fitted at some size: its name and its lookup table. */
export interface SliceBaseline {
  label: string;
  height: number;
  width: number;
  table: LookupTableValues;
}

/**
 * The task's pictures of slice `k` of a Predictions result (overlay and error map, or prediction and
 * difference), with the baseline's prediction of the same input beside them when one fitted at the
 * predictions' size is given (a table of another size would be read on other intensities).
 */
export function sliceView(p: Predictions, k: number, task: TaskDescriptor, options: SliceViewOptions, baseline?: SliceBaseline | null): SliceView {
  const slice = sliceOf(p, k);
  const fits = baseline && baseline.height === p.height && baseline.width === p.width;
  return task.renderSlice(fits ? { ...slice, baseline: { label: baseline.label, output: applyLookupTable(baseline.table, slice.input) } } : slice, options);
}
