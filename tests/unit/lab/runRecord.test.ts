import { describe, expect, it } from 'vitest';
import { runRecord, runRecordFileName, RUN_RECORD_FORMAT } from '../../../src/components/lab/runRecord';
import { settingsOfConfig, toRunConfig, type PanelSettings } from '../../../src/components/lab/runSettings';
import type { LabRun } from '../../../src/components/lab/page/signals';

const settings: PanelSettings = { model: 'skip', optimizer: 'adam', loss: 'dice', learningRate: 0.002, schedule: 'cosine', epochs: 3, batchSize: 4, size: 64, seed: 7, trainLimit: 8, augment: true, intensityAugment: false };

function run(): LabRun {
  const config = { ...toRunConfig(settings, { task: 'segmentation', displaySlices: [1, 2] }), normalization: { kind: 'zscore-split', mean: 1, std: 2 } } as LabRun['config'];
  return {
    id: 'p:1', label: 'Model B (skips)', model: 'skip', config, status: 'completed', backend: 'wasm', paramCount: 1234,
    history: [{ epoch: 0, trainLoss: 0.5, valLoss: 0.4, valMetric: 0.6, metricName: 'hardDice', durationMs: 10, runningLosses: [0.5] }],
    startedAt: '2026-12-01T20:00:00.000Z', dataset: 'lung-ct-128.h5', dataSha256: 'ab'.repeat(32), panel: 'segmentation-model-b',
    environment: { course: '0.1.0', tfjs: '4.22.0', backend: 'wasm', threads: 2, wasmSimd: true, userAgent: 'test', cores: 2 },
    test: { label: 'Hard Dice, all 80 test slices', text: '0.812', evaluatedAt: '2026-12-01T20:05:00.000Z' },
  };
}

describe('run record', () => {
  it('names settings, seed, normalisation, data hash, environment, epochs, final and test numbers', () => {
    const record = runRecord(run());
    expect(record.format).toBe(RUN_RECORD_FORMAT);
    expect(record.seed).toBe(7);
    expect(record.settings).not.toHaveProperty('displaySlices');
    expect(record.settings).toMatchObject({ epochs: 3, batchSize: 4, height: 64, trainLimit: 8 });
    expect(record.normalization).toEqual({ kind: 'zscore-split', mean: 1, std: 2 });
    expect(record.data).toEqual({ file: 'lung-ct-128.h5', sha256: 'ab'.repeat(32) });
    expect(record.environment).toMatchObject({ tfjs: '4.22.0', backend: 'wasm' });
    expect(record.final).toMatchObject({ epochs: 1, valLoss: 0.4, valMetric: 0.6 });
    expect(record.test?.text).toBe('0.812');
    expect(JSON.parse(JSON.stringify(record))).toEqual(record);
  });

  it('gives the panel back exactly the settings the run was trained with', () => {
    expect(settingsOfConfig(run().config)).toEqual(settings);
    expect(settingsOfConfig(toRunConfig({ ...settings, trainLimit: null, augment: false, optimizer: 'sgd' }, { task: 'segmentation', displaySlices: [] })))
      .toEqual({ ...settings, trainLimit: null, augment: false, optimizer: 'sgd' });
  });

  it('downloads under a safe file name', () => {
    expect(runRecordFileName(run())).toBe('run-model-b-skips-2026-12-01.json');
  });
});
