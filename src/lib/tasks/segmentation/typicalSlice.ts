/**
 * The test slice to look at first after an evaluation: among slices with foreground, the one whose
 * hard Dice is closest to their median (ties: the lower index), so the learner starts from a
 * typical case rather than slice 1, which is often empty. Falls back to 0 when no slice has
 * foreground. Pure (unit-tested).
 */
export function typicalSliceIndex(perSlice: readonly number[], hasForeground: readonly number[]): number {
  const candidates = perSlice.map((dice, index) => ({ dice, index })).filter(({ index, dice }) => hasForeground[index] === 1 && Number.isFinite(dice));
  if (candidates.length === 0) return 0;
  const sorted = candidates.map((c) => c.dice).sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  let best = candidates[0];
  for (const c of candidates) if (Math.abs(c.dice - median) < Math.abs(best.dice - median)) best = c;
  return best.index;
}
