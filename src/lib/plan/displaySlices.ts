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

/** How many validation slices the per-epoch gallery shows. */
export const GALLERY_SLICES = 3;

/** Candidates looked at for the gallery (spread over the split). */
const GALLERY_CANDIDATES = 12;

/**
 * The gallery's validation slices of a split as stored: its targets' areas at a dozen spread-out
 * candidates decide (see pickDisplaySlices). Targets are [count, height, width] flattened.
 */
export function gallerySlicesOf(split: { y: Float32Array; count: number }, pixelsPerSlice: number, count = GALLERY_SLICES): number[] {
  const areas = spreadIndices(split.count, GALLERY_CANDIDATES).map((index) => {
    let area = 0;
    for (let k = index * pixelsPerSlice; k < (index + 1) * pixelsPerSlice; k++) area += split.y[k];
    return { index, area };
  });
  return pickDisplaySlices(areas, count);
}
