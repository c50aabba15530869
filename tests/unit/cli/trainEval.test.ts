import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildLungDataset } from '../../../src/lib/phantoms/lungDataset';
import { writeLessonDataset } from '../../../src/lib/data/writeLessonDataset';

// The trainer as learners run it (npm run train -- …), on a small course-style CT file, then --eval on
// h5py-written CT files it never saw (tests/fixtures/data/make_fixtures.py): int16 HU with only a test
// split, and the same slices z-scored with only a val split.
const run = promisify(execFile);
const root = fileURLToPath(new URL('../../../', import.meta.url));
const fixture = (name: string) => fileURLToPath(new URL(`../../fixtures/data/${name}`, import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'course-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function train(...args: string[]): Promise<{ stdout: string; stderr: string }> {
  return run(process.execPath, ['--import', 'tsx', 'scripts/train.ts', ...args], { cwd: root, timeout: 240_000 });
}

interface EvalRecord {
  normalization: { kind: string };
  fileUnits: string;
  scoredSplits: string[];
  warnings: Array<{ message: string; hint: string }>;
  metrics: Record<string, { meanHardDice: number; count: number }>;
}
const readJson = <T>(name: string) => JSON.parse(readFileSync(join(dir, name), 'utf8')) as T;

describe('npm run train: the saved model names its normalisation and --eval re-applies it', () => {
  beforeAll(async () => {
    // The course's chest-CT generator writes units = "HU" (int16 HU, uint8 masks, like public/data/lung-ct-*.h5).
    const course = buildLungDataset({ seed: 7, size: 32, subjects: { train: 5, val: 1, test: 1 }, slicesPerSubject: 8 });
    await writeLessonDataset(join(dir, 'course-ct.h5'), course, { dtypeX: 'int16', dtypeY: 'uint8' });
  });

  it('trains and saves a skip model; evaluation-only HU and pre-z-scored files score alike; a mismatch warns', { timeout: 480_000 }, async () => {
    const trained = await train('--data', join(dir, 'course-ct.h5'), '--model', 'skip', '--size', '32', '--optimizer', 'adam', '--lr', '0.003',
      '--epochs', '12', '--batch', '8', '--seed', '2', '--save', join(dir, 'model'), '--json', join(dir, 'train.json'));
    expect(trained.stdout).toMatch(/Normalisation: per-slice z-score .*\(file units: HU\)/);
    const modelJson = JSON.parse(readFileSync(join(dir, 'model', 'model.json'), 'utf8'));
    expect(modelJson.userDefinedMetadata.course).toEqual({ task: 'segmentation', normalization: { kind: 'zscore-slice' }, inputUnits: 'HU' });
    expect(readJson<{ config: { normalization: unknown } }>('train.json').config.normalization).toEqual({ kind: 'zscore-slice' });

    const onHu = await train('--model-from', join(dir, 'model'), '--eval', fixture('h5py_ct_hu_test_only.h5'), '--json', join(dir, 'hu.json'));
    expect(onHu.stdout).toMatch(/Scored split: test\n/);
    const hu = readJson<EvalRecord>('hu.json');
    expect(hu).toMatchObject({ normalization: { kind: 'zscore-slice' }, fileUnits: 'HU', scoredSplits: ['test'], warnings: [] });
    const onZ = await train('--model-from', join(dir, 'model'), '--eval', fixture('h5py_ct_zscored_val_only.h5'), '--json', join(dir, 'z.json'));
    expect(onZ.stdout).toMatch(/Scored split: val\n/);
    const z = readJson<EvalRecord>('z.json');
    expect(z).toMatchObject({ fileUnits: 'z-scored', scoredSplits: ['val'], warnings: [] });
    expect(hu.metrics.test.count).toBe(12);
    expect(hu.metrics.test.meanHardDice).toBeGreaterThan(0.4);
    expect(Math.abs(hu.metrics.test.meanHardDice - z.metrics.val.meanHardDice)).toBeLessThan(0.03);

    // Forcing HU scaling onto already z-scored values: the score collapses, and the run says why.
    const forced = await train('--model-from', join(dir, 'model'), '--eval', fixture('h5py_ct_zscored_val_only.h5'), '--normalization', 'hu-scale', '--json', join(dir, 'forced.json'));
    expect(forced.stdout).toMatch(/--normalization overrides it/);
    expect(forced.stderr).toMatch(/Warning: The model was trained with Hounsfield units HU \/ 1000 on Hounsfield units, but this file holds already z-scored values/);
    expect(forced.stderr).toMatch(/Hint: /);
    expect(readJson<EvalRecord>('forced.json').warnings).toHaveLength(1);
  });
});
