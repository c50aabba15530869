/**
 * npm run train with a task of one's own: --task-module imports the test-only denoising task's
 * registering module before --task is read, so `--task denoising` trains through the same CLI, and the
 * JSON record carries the task's own config, epoch metric and test numbers.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeLessonDataset } from '../../../src/lib/data/writeLessonDataset';
import { tinyDenoisingDataset } from '../../fixtures/tasks/denoising/dataset';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'course-cli-task-'));
const TASK_MODULE = 'tests/fixtures/tasks/denoising/register.ts';
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const train = (...args: string[]) => run(process.execPath, ['--import', 'tsx', 'scripts/train.ts', ...args], { cwd: root, timeout: 240_000 });

interface TrainRecord {
  mode: string;
  config: { task: string; height: number; epochs: number; optimizer: { kind: string } };
  counts: { train: number; val: number; test: number };
  history: Array<{ metricName: string; trainLoss: number; valLoss: number }>;
  test: { task: string; count: number; mse: number; psnr: number };
}

describe('npm run train -- --task-module <file> --task <its task>', () => {
  beforeAll(async () => {
    await writeLessonDataset(join(dir, 'denoise.h5'), tinyDenoisingDataset());
  });

  it('without the module, --task denoising is refused as unknown (exit 2)', async () => {
    const refused = await train('--data', join(dir, 'denoise.h5'), '--task', 'denoising').then(() => null, (error: { code: number; stderr: string }) => error);
    expect(refused?.code).toBe(2);
    expect(refused?.stderr).toMatch(/--task expects one of .*segmentation.*, but got "denoising"/);
  });

  it('a module that does not exist is named (exit 2)', async () => {
    const refused = await train('--task-module', 'tests/fixtures/tasks/no-such-task.ts', '--data', join(dir, 'denoise.h5')).then(() => null, (error: { code: number; stderr: string }) => error);
    expect(refused?.code).toBe(2);
    expect(refused?.stderr).toMatch(/^--task-module tests\/fixtures\/tasks\/no-such-task\.ts: could not be imported/);
  });

  it('with it, trains one epoch of the task and writes the task’s own numbers to the JSON record', async () => {
    const json = join(dir, 'train.json');
    const { stdout } = await train('--task-module', TASK_MODULE, '--task', 'denoising', '--data', join(dir, 'denoise.h5'),
      '--model', 'plain', '--epochs', '1', '--seed', '3', '--json', json);
    expect(stdout).toMatch(/^Training plain for denoising on wasm: 8 train \/ 4 val slices at 16×16, 1 epochs, batch 4, mse loss, adam /m);
    expect(stdout).toMatch(/^test: MSE, all 4 test slices: \d\.\d{5}; PSNR \(dB\): \d+\.\d$/m);
    const record = JSON.parse(readFileSync(json, 'utf8')) as TrainRecord;
    expect(record.mode).toBe('train');
    // The task's own defaults: batch size 4 and Adam, from its descriptor.
    expect(record.config).toMatchObject({ task: 'denoising', height: 16, epochs: 1, optimizer: { kind: 'adam' } });
    expect(record.counts).toEqual({ train: 8, val: 4, test: 4 });
    expect(record.history).toHaveLength(1);
    expect(record.history[0].metricName).toBe('mae');
    expect(record.test).toMatchObject({ task: 'denoising', count: 4 });
    // PSNR over intensities in [0, 1] is -10·log10(MSE), so the two numbers must agree.
    expect(record.test.mse).toBeGreaterThan(0);
    expect(record.test.psnr).toBeCloseTo(-10 * Math.log10(record.test.mse), 4);
  });
});
