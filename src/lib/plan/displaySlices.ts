/**
 * Which validation slices the per-epoch gallery shows: a few slices with foreground (lung, for
 * segmentation), spread evenly over the split, chosen from their target areas.
 */

/** `count` indices spread evenly over [0, total): where to look for display slices. */
export function spreadIndices(total: number, count: number): number[] {
  if (total <= 0) return [];
  if (total <= count) return Array.from({ length: total }, (_, i) => i);
  return Array.from({ length: count }, (_, k) => Math.floor(((k + 0.5) * total) / count));
}

/**
 * Validation slices for the per-epoch gallery: from candidates with their mask areas, `count`
 * slices with lung, spread evenly over those that have some (fewer if fewer have lung; falls back
 * to the candidates themselves when none has any).
 */
export function pickDisplaySlices(candidates: { index: number; area: number }[], count: number): number[] {
  const withLung = candidates.filter((c) => c.area > 0);
  const pool = withLung.length > 0 ? withLung : candidates;
  if (pool.length <= count) return pool.map((c) => c.index);
  return spreadIndices(pool.length, count).map((at) => pool[at].index);
}
