/** Ranks from 1, ties sharing their mean rank. */
export function ranksOf(values: readonly number[]): number[] {
  const order = values.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
  const ranks = new Array<number>(values.length);
  for (let start = 0; start < order.length;) {
    let end = start;
    while (end + 1 < order.length && order[end + 1][0] === order[start][0]) end++;
    const rank = (start + end) / 2 + 1;
    for (let k = start; k <= end; k++) ranks[order[k][1]] = rank;
    start = end + 1;
  }
  return ranks;
}

/**
 * Spearman's rank correlation of two equally long lists (Pearson's on their ranks, ties averaged):
 * 1 when they order the items alike, −1 when reversed; null with fewer than 3 items or a constant list.
 */
export function rankCorrelation(a: readonly number[], b: readonly number[]): number | null {
  if (a.length !== b.length) throw new RangeError(`Expected two lists of the same length, but got ${a.length} and ${b.length}.`);
  if (a.length < 3) return null;
  const ra = ranksOf(a);
  const rb = ranksOf(b);
  const mean = (ra.length + 1) / 2;
  let num = 0;
  let da = 0;
  let db = 0;
  for (let i = 0; i < ra.length; i++) {
    num += (ra[i] - mean) * (rb[i] - mean);
    da += (ra[i] - mean) ** 2;
    db += (rb[i] - mean) ** 2;
  }
  return da === 0 || db === 0 ? null : num / Math.sqrt(da * db);
}
