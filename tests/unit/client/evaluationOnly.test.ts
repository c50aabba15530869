import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createTrainingClient, type TrainingClient } from '../../../src/client/trainingClient';
import type { RunConfig } from '../../../src/lib/train/types';
import { createRunConfig } from '../../../src/lib/tasks';
import { encodeLessonDataset } from '../../../src/lib/data/writeLessonDataset';
import { tinySegmentationDataset } from './tinyDataset';
import { NODE_CAPABILITIES } from '../nodeCapabilities';

const nodeCaps = NODE_CAPABILITIES;
// h5py-written CT fixtures (tests/fixtures/data/make_fixtures.py): int16 HU, test split only; the same slices z-scored, val split only.
const fixture = (name: string) => new Uint8Array(readFileSync(fileURLToPath(new URL(`../../fixtures/data/${name}`, import.meta.url)))).buffer;
const config: RunConfig = createRunConfig('segmentation', { height: 16, width: 16, epochs: 1, batchSize: 2, model: 'plain', seed: 3 });

describe('the engine keeps a model’s normalisation and evaluates files with only a test (or val) split', () => {
  let client: TrainingClient;
  beforeAll(async () => {
    client = createTrainingClient({ wasmPaths: null });
    await client.init({ backend: 'wasm', capabilities: nodeCaps });
  });
  afterAll(() => client.dispose());

  it('trains with the chosen normalisation, records it in the run and the kept model, and re-applies it to an evaluation-only file', { timeout: 60_000 }, async () => {
    const train = (await encodeLessonDataset({ ...tinySegmentationDataset(), attributes: { units: 'HU' } })).slice().buffer;
    const summary = await client.loadDataset({ source: { bytes: train }, task: 'segmentation' });
    expect(summary.normalization).toEqual({ kind: 'zscore-slice' });
    let recorded: RunConfig | undefined;
    await client.train({ config: { ...config, normalization: { kind: 'hu-scale', divisor: 1000 } } }, (e) => { if (e.type === 'run-start') recorded = e.config; }).done;
    expect(recorded?.normalization).toEqual({ kind: 'hu-scale', divisor: 1000 });
    const kept = await client.keepModel({ key: 'model:eval', tag: 'run-eval', dataset: 'tiny.h5' });
    expect(kept.normalization).toEqual({ kind: 'hu-scale', divisor: 1000 });

    // A test-only file is refused for training but loads for evaluation; its test split is scored.
    await expect(client.loadDataset({ source: { bytes: fixture('h5py_ct_hu_test_only.h5') }, task: 'segmentation' })).rejects.toThrow(/missing the datasets trainX/);
    const onlyTest = await client.loadDataset({ source: { bytes: fixture('h5py_ct_hu_test_only.h5') }, task: 'segmentation', purpose: 'evaluate' });
    expect(onlyTest.splits.map((s) => [s.split, s.count])).toEqual([['test', 12]]);
    const onHu = await client.evaluate({ split: 'test' });
    expect(onHu).toMatchObject({ task: 'segmentation', count: 12, normalization: { kind: 'hu-scale', divisor: 1000 } });
    expect(onHu.warning).toBeUndefined();

    // The same slices already z-scored do not fit an HU model: the result says so, with a hint.
    await client.loadDataset({ source: { bytes: fixture('h5py_ct_zscored_val_only.h5') }, task: 'segmentation', purpose: 'evaluate' });
    const onZ = await client.evaluate({ split: 'val' });
    expect(onZ.count).toBe(12);
    expect(onZ.warning?.message).toMatch(/trained with Hounsfield units HU \/ 1000 on Hounsfield units, but this file holds already z-scored values/);
    expect(onZ.warning?.hint).toMatch(/per-slice z-score/);

    // A fresh engine that restores the kept model re-applies its normalisation too.
    const other = createTrainingClient({ wasmPaths: null });
    try {
      await other.init({ backend: 'wasm', capabilities: nodeCaps });
      await other.loadDataset({ source: { bytes: fixture('h5py_ct_zscored_val_only.h5') }, task: 'segmentation', purpose: 'evaluate' });
      await other.restoreModel({ key: 'model:eval', tag: 'run-eval' });
      const again = await other.evaluate({ split: 'val' });
      expect(again.normalization).toEqual({ kind: 'hu-scale', divisor: 1000 });
      expect(again.warning?.message).toMatch(/already z-scored/);
      await other.forgetModel({ key: 'model:eval' });
    } finally {
      await other.dispose();
    }
  });
});
