/**
 * `npm run bench:transfer`: how the lesson page's default run transfers to "another hospital".
 *
 *   npm run bench:transfer -- --lesson segmentation|translation [--seeds 1,2,3] [--out bench-results/transfer]
 *     [--profiles hospital-b,hospital-c] [--data-dir DIR] [--epochs N] [--augment] [--train-arg=--flag …]
 *
 * For each seed it trains with exactly the page's defaults (`npm run train -- --data <course file>
 * --defaults --seed S --save DIR`), then scores the saved model on the course file's test split and on
 * each held-out set's (`npm run train -- --model-from DIR --eval FILE --json …`). Translation also scores
 * the lookup table fitted on the course file's training split on every set. Held-out sets missing from
 * --data-dir are generated first (`npm run data -- --profile P --out DIR`). --epochs overrides the
 * defaults' epochs (for a quick check, not for numbers); --augment and --train-arg pass flags to training.
 * Prints a table and writes <out>/transfer-<lesson>.json with the load average before and after.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { readLessonDataset } from '../src/lib/data/readLessonDataset';
import { resizeDataset } from '../src/lib/data/resizeDataset';
import type { LessonDataset } from '../src/lib/data/types';
import { scoreLookupTable } from '../src/lib/engine/lookupBaseline';
import { fitLookupTable } from '../src/lib/phantoms/baselines';
import { parseProfile } from '../src/lib/phantoms/phantomProfiles';
import { formatTransferTable, transferRecord, transferRow, type ScoredSet, type TransferLesson, type TransferRow } from './transferTable';

const COURSE_FILES: Record<TransferLesson, string> = { segmentation: 'lung-ct-128.h5', translation: 'brain-mri-128.h5' };
const PREFIX: Record<TransferLesson, string> = { segmentation: 'lung-ct', translation: 'brain-mri' };

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

const { values } = (() => {
  try {
    return parseArgs({
      args: process.argv.slice(2),
      strict: true,
      options: {
        lesson: { type: 'string' }, seeds: { type: 'string', default: '1,2,3' }, out: { type: 'string', default: 'bench-results/transfer' },
        profiles: { type: 'string', default: 'hospital-b,hospital-c' }, 'data-dir': { type: 'string' }, epochs: { type: 'string' },
        augment: { type: 'boolean', default: false }, 'train-arg': { type: 'string', multiple: true, default: [] },
      },
    });
  } catch (error) {
    return fail((error as Error).message);
  }
})();
const lesson = values.lesson as TransferLesson;
if (lesson !== 'segmentation' && lesson !== 'translation') fail('--lesson expects segmentation or translation.');
const seeds = (values.seeds ?? '').split(',').map(Number);
if (seeds.some((s) => !Number.isInteger(s) || s < 0)) fail(`--seeds expects whole numbers separated by commas, but got "${values.seeds}".`);
const profiles = (values.profiles ?? '').split(',').filter(Boolean).map(parseProfile).filter((p) => p !== 'course');
const out = resolve(values.out ?? 'bench-results/transfer');
const dataDir = resolve(values['data-dir'] ?? join(out, 'data'));
const task = lesson;
const trainArgs = [
  ...(values.epochs ? ['--epochs', values.epochs] : []),
  ...(values.augment ? ['--augment'] : []),
  ...(values['train-arg'] ?? []),
];

/** Runs an npm script, its output into `log`; stops the bench when it fails. */
function npm(script: string, args: string[], log: string): void {
  const started = performance.now();
  const result = spawnSync('npm', ['run', '-s', script, '--', ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
  writeFileSync(log, `$ npm run ${script} -- ${args.join(' ')}\n${result.stdout}${result.stderr}`);
  if (result.status !== 0) fail(`npm run ${script} -- ${args.join(' ')} failed (exit ${result.status}); see ${log}`);
  console.log(`  npm run ${script} -- ${args.join(' ')}  (${((performance.now() - started) / 1000).toFixed(0)} s)`);
}

const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;

async function main(): Promise<void> {
  const startedAt = new Date().toISOString();
  const started = performance.now();
  const before = loadavg();
  mkdirSync(dataDir, { recursive: true });
  const course = resolve('public/data', COURSE_FILES[lesson]);
  if (!existsSync(course)) npm('data', ['--only', COURSE_FILES[lesson]], join(out, 'data-course.log'));
  const sets: Record<string, string> = { course };
  for (const profile of profiles) {
    const file = join(dataDir, `${PREFIX[lesson]}-${profile}.h5`);
    if (!existsSync(file)) npm('data', ['--profile', profile, '--out', dataDir], join(out, `data-${profile}.log`));
    sets[profile] = file;
  }
  // The lookup table is the course's: fitted on the course training split, applied unchanged to every set.
  const courseData = task === 'translation' ? await readLessonDataset(course, { purpose: 'train' }) : null;
  const rows: TransferRow[] = [];
  for (const seed of seeds) {
    const dir = join(out, `${lesson}-seed${seed}`);
    mkdirSync(dir, { recursive: true });
    console.log(`seed ${seed}:`);
    npm('train', ['--data', course, '--task', task, '--defaults', '--seed', String(seed), '--save', join(dir, 'model'), '--json', join(dir, 'train.json'), ...trainArgs], join(dir, 'train.log'));
    const config = readJson(join(dir, 'train.json')).config as { height: number; width: number };
    for (const [set, file] of Object.entries(sets)) {
      const record = join(dir, `eval-${set}.json`);
      npm('train', ['--model-from', join(dir, 'model'), '--eval', file, '--task', task, '--json', record], join(dir, `eval-${set}.log`));
      const metrics = (readJson(record).metrics as Record<string, Record<string, unknown>>).test;
      if (!metrics) fail(`${record} holds no test metrics: does ${file} have testX/testY?`);
      const scored: ScoredSet = { seed, set, metrics };
      if (courseData) scored.lut = await lookupTableScore(courseData, file, config);
      rows.push(transferRow(lesson, scored));
    }
  }
  const after = loadavg();
  console.log('');
  for (const line of formatTransferTable(lesson, rows)) console.log(line);
  const record = transferRecord({ lesson, seeds, sets, trainArgs: ['--seed', 'S', ...trainArgs], rows, loadAverage: { before, after }, cpus: cpus().length, startedAt, wallTimeMs: performance.now() - started });
  const path = join(out, `transfer-${lesson}.json`);
  writeFileSync(path, `${JSON.stringify(record, null, 2)}\n`);
  console.log(`\nLoad average (1, 5, 15 min) before ${before.map((v) => v.toFixed(2)).join(' ')}, after ${after.map((v) => v.toFixed(2)).join(' ')}; wrote ${path}`);
}

/** The course lookup table scored on `file`'s test split at the model's size, as the page scores it against a run. */
async function lookupTableScore(courseData: LessonDataset, file: string, size: { height: number; width: number }): Promise<{ maeInHead: number; pearsonInHead?: number }> {
  const atSize = (d: LessonDataset) => (d.height === size.height && d.width === size.width ? d : resizeDataset(d, size));
  const table = fitLookupTable(atSize(courseData).train);
  const test = atSize(await readLessonDataset(file, { purpose: 'evaluate' })).test;
  if (!test || test.count === 0) fail(`${file} has no test split.`);
  const scores = scoreLookupTable(table, test, size.height, size.width);
  return { maeInHead: scores.maeInHead, ...(scores.pearsonInHead === undefined ? {} : { pearsonInHead: scores.pearsonInHead }) };
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
