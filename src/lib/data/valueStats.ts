/** Range and mean of one array, for summaries and the loader's warnings. */
export interface ValueStats {
  min: number;
  max: number;
  mean: number;
}

/** Minimum, maximum and mean of an array (NaN for an empty one). */
export function valueStats(values: Float32Array): ValueStats {
  if (values.length === 0) return { min: NaN, max: NaN, mean: NaN };
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
  }
  return { min, max, mean: sum / values.length };
}
