import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { consoleCapture } from './consoleCapture';
import { runTrainCli } from '../../../scripts/trainCli';
import { CLI_MAX_DATASET_BYTES } from '../../../scripts/cliEngine';
import { createEngine, type EngineOptions } from '../../../src/lib/engine/engine';
import { REQUEST_TYPES, type EngineApi, type Evaluation, type ParamsOf } from '../../../src/lib/engine/protocol';
import { writeLessonDataset } from '../../../src/lib/data/writeLessonDataset';
import { createRunConfig, type SegmentationMetrics } from '../../../src/lib/tasks';
import type { FitResult, TrainingEvent } from '../../../src/lib/train/types';
import { tinySegmentationDataset } from '../client/tinyDataset';

// npm run train is a thin command over the engine the page uses: every number it prints or records is
// one the engine answered with, and its checkpoints are the engine's, kept in --checkpoint-dir.
const dir = mkdtempSync(join(tmpdir(), 'train-cli-'));
const data = join(dir, 'tiny.h5');
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeAll(() => writeLessonDataset(data, tinySegmentationDataset()));

const { out, err, capture: captureConsole } = consoleCapture();
afterEach(() => vi.restoreAllMocks());

/** An engine that answers with made-up numbers no training could give, and records what it was asked. */
function fakeEngine(calls: string[]): EngineApi {
  const unexpected = Object.fromEntries(REQUEST_TYPES.map((type) => [type, async () => { throw new Error(`unexpected request ${type}`); }]));
  const config = { ...createRunConfig('segmentation', { height: 16, width: 16, epochs: 1, batchSize: 6 }), normalization: { kind: 'zscore-slice' as const } };
  const history = [{ epoch: 0, trainLoss: 0.123456, valLoss: 0.654321, metricName: 'hardDice' as const, valMetric: 0.777777, durationMs: 5, runningLosses: [0.123456] }];
  const result: FitResult = { history, stoppedEarly: false, reason: 'completed', paramCount: 4242, backend: 'wasm', durationMs: 9 };
  const test: Evaluation & SegmentationMetrics = {
    task: 'segmentation', count: 2, meanHardDice: 0.9191, withForeground: { count: 1, mean: 0.9382 }, withoutForeground: { count: 1, mean: 0.9 },
    perSlice: [0.9, 0.9382], hasForeground: [0, 1],
    perVolume: { note: null, volumes: [{ label: 'Patient 3', slices: 2, dice: 0.91, hd95: 4.2 }] },
  };
  const log = <T>(type: string, value: T) => async () => (calls.push(type), value);
  return {
    ...(unexpected as unknown as EngineApi),
    init: log('init', { backend: 'wasm', tfjsVersion: '9.9.9' } as never),
    loadDataset: log('loadDataset', {
      task: 'segmentation', height: 16, width: 16, attributes: {}, normalization: { kind: 'zscore-slice' }, units: 'HU', unitsDeclared: true, scoredSplits: ['test'],
      splits: [{ split: 'train', count: 6 }, { split: 'val', count: 3 }, { split: 'test', count: 2 }],
    } as never),
    async train(_params, context) {
      calls.push('train');
      const events: TrainingEvent[] = [
        { type: 'run-start', backend: 'wasm', paramCount: 4242, config, stepsPerEpoch: 1, trainCount: 6, valCount: 3, startEpoch: 0 },
        { type: 'epoch-end', epoch: 0, epochs: 1, trainLoss: 0.123456, valLoss: 0.654321, metricName: 'hardDice', valMetric: 0.777777, durationMs: 5, etaMs: null },
      ];
      events.forEach((e) => context?.onEvent?.(e));
      return result;
    },
    evaluate: log('evaluate', { ...test, normalization: { kind: 'zscore-slice' } } as Evaluation),
    exportModel: log('exportModel', { modelJson: '{"from":"the engine"}', weights: new Uint8Array([1, 2, 3]) }),
    dispose: log('dispose', null),
  };
}

describe('npm run train goes through the engine', () => {
  it('prints and records what the engine answers, and saves the files it exports', async () => {
    const calls: string[] = [];
    const options: EngineOptions[] = [];
    captureConsole();
    const code = await runTrainCli(['--data', data, '--task', 'segmentation', '--json', join(dir, 'fake.json'), '--save', join(dir, 'fake-model')], {
      createEngine: (o) => (options.push(o), fakeEngine(calls)),
    });
    expect(err).toEqual([]);
    expect(code).toBe(0);
    expect(calls).toEqual(['init', 'loadDataset', 'train', 'evaluate', 'exportModel', 'dispose']);
    expect(options).toHaveLength(1);
    expect(options[0].maxDatasetBytes).toBe(CLI_MAX_DATASET_BYTES);
    expect(out).toContain('4,242 parameters, 1 steps per epoch');
    expect(out).toContain('epoch 1/1  train 0.1235  val 0.6543  val hard Dice 0.7778  0 s');
    expect(out.find((l) => l.startsWith('test: '))).toMatch(/^test: Hard Dice, all 2 test slices: 0\.919/);
    // The per-patient numbers follow the test line, as the page's per-patient table shows them.
    expect(out[out.findIndex((l) => l.startsWith('test: ')) + 1]).toBe('  Patient 3 (2 slices): 3-D Dice 0.910, HD95 (mm) 4.2');
    const record = JSON.parse(readFileSync(join(dir, 'fake.json'), 'utf8'));
    expect(record).toMatchObject({
      mode: 'train', inputUnits: 'HU', backend: 'wasm', versions: { tfjs: '9.9.9' }, counts: { train: 6, val: 3, test: 2 }, paramCount: 4242,
      history: [{ trainLoss: 0.123456, valMetric: 0.777777 }], test: { meanHardDice: 0.9191, perSlice: [0.9, 0.9382], perVolume: { volumes: [{ label: 'Patient 3', dice: 0.91, hd95: 4.2 }] } },
    });
    // The evaluation's normalisation stays out of the test metrics, as in every record before.
    expect(record.test).not.toHaveProperty('normalization');
    expect(readFileSync(join(dir, 'fake-model', 'model.json'), 'utf8')).toBe('{"from":"the engine"}');
    expect([...readFileSync(join(dir, 'fake-model', 'weights.bin'))]).toEqual([1, 2, 3]);
  });

  it('starts no engine for bad arguments (exit 2 with the usage)', async () => {
    captureConsole();
    const factory = vi.fn();
    expect(await runTrainCli(['--epochs', '0', '--data', data], { createEngine: factory })).toBe(2);
    expect(factory).not.toHaveBeenCalled();
    expect(err.join('\n')).toMatch(/--epochs expects a whole number ≥ 1, but got "0"\.\n\nUsage:/);
  });

  it('keeps the engine’s checkpoints in --checkpoint-dir and --resume continues them with more epochs', { timeout: 240_000 }, async () => {
    const requests: Array<{ type: string; params: unknown }> = [];
    // The real engine, watched: each request is recorded before it is passed on.
    const watched = (o: EngineOptions): EngineApi => {
      const engine = createEngine(o);
      return Object.fromEntries(REQUEST_TYPES.map((type) => [type, (params: ParamsOf<typeof type>, context?: unknown) => {
        requests.push({ type, params });
        return (engine[type] as (p: unknown, c?: unknown) => Promise<unknown>)(params, context);
      }])) as unknown as EngineApi;
    };
    const ck = join(dir, 'ck');
    const common = ['--data', data, '--model', 'plain', '--batch', '3', '--seed', '3', '--checkpoint-dir', ck];
    captureConsole();
    expect(await runTrainCli([...common, '--resume'], { createEngine: watched })).toBe(2);
    expect(err.join('\n')).toContain(`--resume: no checkpoint "latest" in ${ck}.`);

    captureConsole();
    expect(await runTrainCli([...common, '--epochs', '1'], { createEngine: watched })).toBe(0);
    expect(out.filter((l) => l.startsWith('epoch '))).toHaveLength(1);
    expect(readdirSync(ck)).toEqual(['latest.ckpt']);

    requests.length = 0;
    captureConsole();
    expect(await runTrainCli([...common, '--epochs', '2', '--resume', '--json', join(dir, 'resumed.json')], { createEngine: watched })).toBe(0);
    expect(err).toEqual([]);
    const train = requests.find((r) => r.type === 'train')?.params as ParamsOf<'train'>;
    expect(train).toMatchObject({ resumeKey: 'latest', resumeWith: 'config', keep: { key: 'latest', keepAfterRun: true }, config: { epochs: 2 } });
    expect(out.filter((l) => l.startsWith('epoch '))).toEqual([expect.stringMatching(/^epoch 2\/2 /)]);
    const record = JSON.parse(readFileSync(join(dir, 'resumed.json'), 'utf8'));
    expect(record.history.map((h: { epoch: number }) => h.epoch)).toEqual([0, 1]);
    expect(record.config).toMatchObject({ epochs: 2, normalization: { kind: 'zscore-slice' } });
    expect(existsSync(join(ck, 'latest.ckpt'))).toBe(true);
  });
});
