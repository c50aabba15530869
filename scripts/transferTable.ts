/**
 * The transfer bench's numbers as plain data: one row per (seed, test set) from the train CLI's JSON
 * records, the mean per set, the printed table and the JSON record (npm run bench:transfer). No I/O here.
 */

export type TransferLesson = 'segmentation' | 'translation';

/** One seed's model scored on one set's test split. Numbers the lesson does not measure are absent. */
export interface TransferRow {
  seed: number;
  set: string;
  /** Segmentation: mean per-slice hard Dice, and mean per-volume 3-D Dice when the file gives volumes. */
  hardDice?: number;
  dice3d?: number;
  /** Translation: MAE inside the head of the network and of the course lookup table; the network's gain over it in %. */
  maeInHead?: number;
  lutMaeInHead?: number;
  gainPct?: number;
  pearsonInHead?: number;
  lutPearsonInHead?: number;
  ssim?: number;
}

type NumberKey = Exclude<keyof TransferRow, 'seed' | 'set'>;

const COLUMNS: Record<TransferLesson, { key: NumberKey; label: string; digits: number }[]> = {
  segmentation: [
    { key: 'hardDice', label: 'hard Dice (slice mean)', digits: 4 },
    { key: 'dice3d', label: '3-D Dice (volume mean)', digits: 4 },
  ],
  translation: [
    { key: 'maeInHead', label: 'MAE head', digits: 4 },
    { key: 'lutMaeInHead', label: 'LUT MAE head', digits: 4 },
    { key: 'gainPct', label: 'gain %', digits: 1 },
    { key: 'pearsonInHead', label: 'r head', digits: 3 },
    { key: 'lutPearsonInHead', label: 'LUT r head', digits: 3 },
    { key: 'ssim', label: 'SSIM', digits: 3 },
  ],
};

/** What the bench read for one seed and set: the eval record's test metrics, and for translation the lookup table's. */
export interface ScoredSet {
  seed: number;
  set: string;
  metrics: Record<string, unknown>;
  lut?: { maeInHead: number; pearsonInHead?: number };
}

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** The network's gain over the lookup table in % (positive: lower MAE than the table). */
export function gainOverLut(mae: number, lutMae: number): number {
  return ((lutMae - mae) / lutMae) * 100;
}

/** One table row from the train CLI's eval metrics (`metrics.test` of its --json record). */
export function transferRow(lesson: TransferLesson, scored: ScoredSet): TransferRow {
  const m = scored.metrics;
  const row: TransferRow = { seed: scored.seed, set: scored.set };
  if (lesson === 'segmentation') {
    row.hardDice = num(m.meanHardDice);
    const volumes = (m.perVolume as { volumes?: { dice: number }[] } | undefined)?.volumes ?? [];
    const dice = volumes.map((v) => num(v.dice)).filter((v): v is number => v !== undefined);
    if (dice.length > 0) row.dice3d = dice.reduce((a, b) => a + b, 0) / dice.length;
  } else {
    row.maeInHead = num(m.maeInHead);
    row.pearsonInHead = num(m.pearsonInHead);
    row.ssim = num(m.ssim);
    if (scored.lut) {
      row.lutMaeInHead = scored.lut.maeInHead;
      row.lutPearsonInHead = num(scored.lut.pearsonInHead);
      if (row.maeInHead !== undefined) row.gainPct = gainOverLut(row.maeInHead, scored.lut.maeInHead);
    }
  }
  for (const key of Object.keys(row) as (keyof TransferRow)[]) if (row[key] === undefined) delete row[key];
  return row;
}

/** The mean of every number per set, over the seeds that have it (sets in first-seen order). */
export function meanBySet(rows: readonly TransferRow[]): (Omit<TransferRow, 'seed'> & { seeds: number })[] {
  const sets = [...new Set(rows.map((r) => r.set))];
  return sets.map((set) => {
    const mine = rows.filter((r) => r.set === set);
    const mean: Omit<TransferRow, 'seed'> & { seeds: number } = { set, seeds: mine.length };
    const keys = new Set(mine.flatMap((r) => Object.keys(r))) as Set<keyof TransferRow>;
    for (const key of keys) {
      if (key === 'seed' || key === 'set') continue;
      const values = mine.map((r) => r[key]).filter((v): v is number => typeof v === 'number');
      if (values.length > 0) mean[key] = values.reduce((a, b) => a + b, 0) / values.length;
    }
    return mean;
  });
}

/** The printed table: a header, one line per seed and set, then one mean line per set; a dash where a number is missing. */
export function formatTransferTable(lesson: TransferLesson, rows: readonly TransferRow[]): string[] {
  const columns = COLUMNS[lesson];
  const cell = (v: number | undefined, digits: number) => (v === undefined ? '–' : v.toFixed(digits));
  const setWidth = Math.max(3, ...rows.map((r) => r.set.length));
  const line = (seed: string, set: string, values: (number | undefined)[]) =>
    [seed.padEnd(6), set.padEnd(setWidth), ...values.map((v, i) => cell(v, columns[i].digits).padStart(columns[i].label.length))].join('  ');
  const out = [['seed'.padEnd(6), 'set'.padEnd(setWidth), ...columns.map((c) => c.label)].join('  ')];
  for (const r of rows) out.push(line(String(r.seed), r.set, columns.map((c) => r[c.key])));
  for (const m of meanBySet(rows)) out.push(line('mean', m.set, columns.map((c) => m[c.key])));
  return out;
}

/** The bench's JSON record: what ran, on what load, every row and the means. */
export function transferRecord(input: {
  lesson: TransferLesson;
  seeds: number[];
  sets: Record<string, string>;
  trainArgs: string[];
  rows: TransferRow[];
  loadAverage: { before: number[]; after: number[] };
  cpus: number;
  startedAt: string;
  wallTimeMs: number;
}): Record<string, unknown> {
  return {
    bench: 'transfer',
    lesson: input.lesson,
    seeds: input.seeds,
    sets: input.sets,
    trainCommand: ['npm', 'run', 'train', '--', '--data', input.sets.course ?? '', '--defaults', ...input.trainArgs].join(' '),
    loadAverage: input.loadAverage,
    cpus: input.cpus,
    startedAt: input.startedAt,
    wallTimeMs: input.wallTimeMs,
    rows: input.rows,
    means: meanBySet(input.rows),
  };
}
