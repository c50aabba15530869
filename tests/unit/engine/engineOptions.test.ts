import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../../src/lib/engine/engine';
import type { EngineApi } from '../../../src/lib/engine/protocol';
import { buildRunModel } from '../../../src/lib/train/buildRunModel';
import { toLayersModelFiles } from '../../../src/lib/train/layersModelFiles';
import { createRunConfig, taskDescriptor, type SegmentationMetrics } from '../../../src/lib/tasks';
import { encodeLessonDataset } from '../../../src/lib/data/writeLessonDataset';
import { tinySegmentationDataset } from '../client/tinyDataset';
import { NODE_CAPABILITIES } from '../nodeCapabilities';

// What Node callers (npm run train) ask of the engine beyond what the page does: a larger file budget,
// the file's units and scored splits, evaluation with a batch size and a forced normalisation, and what an
// imported model is even without the course's metadata.
const caps = NODE_CAPABILITIES;
const fixture = (name: string) => {
  const bytes = readFileSync(fileURLToPath(new URL(`../../fixtures/data/${name}`, import.meta.url)));
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
};
const tinyBytes = async () => (await encodeLessonDataset(tinySegmentationDataset())).slice().buffer;

describe('the engine for Node callers', () => {
  let engine: EngineApi;
  beforeAll(async () => {
    engine = createEngine();
    await engine.init({ backend: 'wasm', capabilities: caps });
  });
  afterAll(() => engine.dispose({}));

  it('summarises the units a file stores its images in and the splits an evaluation scores', async () => {
    const hu = await engine.loadDataset({ source: { bytes: fixture('h5py_ct_hu_test_only.h5') }, task: 'segmentation', purpose: 'evaluate' });
    expect(hu).toMatchObject({ units: 'HU', unitsDeclared: true, scoredSplits: ['test'] });
    const z = await engine.loadDataset({ source: { bytes: fixture('h5py_ct_zscored_val_only.h5') }, task: 'segmentation', purpose: 'evaluate' });
    expect(z).toMatchObject({ units: 'z-scored', scoredSplits: ['val'] });
    const tiny = await engine.loadDataset({ source: { bytes: await tinyBytes() }, task: 'segmentation' });
    // Values in 0.05..0.85 without a units attribute: sniffed as 0..1; a test split is what gets scored.
    expect(tiny).toMatchObject({ units: 'unit-range', unitsDeclared: false, scoredSplits: ['test'] });
  });

  it('loads files up to the budget the host sets', async () => {
    const small = createEngine({ maxDatasetBytes: 4096 });
    try {
      await small.init({ backend: 'wasm', capabilities: caps });
      const bytes = await tinyBytes();
      // 11 slices of 16×16 inputs and targets are 22,528 bytes as float32.
      await expect(small.loadDataset({ source: { bytes }, task: 'segmentation', label: 'tiny.h5' })).rejects.toThrow(/tiny\.h5 .*more than the memory budget of 4(\.0)? KiB/);
      await expect(engine.loadDataset({ source: { bytes }, task: 'segmentation' })).resolves.toMatchObject({ height: 16 });
    } finally {
      await small.dispose({});
    }
  });

  it('evaluates with a forced normalisation (warning on a units mismatch) and at any batch size', { timeout: 60_000 }, async () => {
    // A model trained on HU / 1000 (inputUnits HU), imported, then scored on z-scored values.
    const model = buildRunModel({ model: 'plain', height: 16, width: 16, seed: 4 }, taskDescriptor('segmentation'));
    const files = await toLayersModelFiles(model, { task: 'segmentation', normalization: { kind: 'hu-scale', divisor: 1000 }, inputUnits: 'HU' });
    model.dispose();
    await engine.loadDataset({ source: { bytes: fixture('h5py_ct_zscored_val_only.h5') }, task: 'segmentation', purpose: 'evaluate' });
    const imported = await engine.importModel(files);
    expect(imported.paramCount).toBe(178_171);
    const own = await engine.evaluate({ split: 'val' });
    expect(own.normalization).toEqual({ kind: 'hu-scale', divisor: 1000 });
    expect(own.warning?.message).toMatch(/trained with Hounsfield units HU \/ 1000 on Hounsfield units, but this file holds already z-scored values/);
    const forced = await engine.evaluate({ split: 'val', normalization: { kind: 'zscore-slice' }, batchSize: 3 });
    expect(forced.normalization).toEqual({ kind: 'zscore-slice' });
    expect(forced.warning).toBeUndefined();
    const again = await engine.evaluate({ split: 'val', normalization: { kind: 'zscore-slice' }, batchSize: 16 });
    expect(again.task).toBe('segmentation');
    expect(again.count).toBe(forced.count);
    expect((again as SegmentationMetrics).meanHardDice).toBeCloseTo((forced as SegmentationMetrics).meanHardDice, 6);
  });

  it('tells an imported model’s task from its output when model.json does not name it', { timeout: 60_000 }, async () => {
    const fresh = createEngine();
    try {
      await fresh.init({ backend: 'wasm', capabilities: caps });
      for (const task of ['segmentation', 'translation'] as const) {
        const model = buildRunModel({ ...createRunConfig(task), model: 'plain', height: 16, width: 16 }, taskDescriptor(task));
        const files = await toLayersModelFiles(model);
        model.dispose();
        await expect(fresh.importModel(files)).resolves.toEqual({ task, height: 16, width: 16, normalization: null, paramCount: 178_171 });
      }
    } finally {
      await fresh.dispose({});
    }
  });
});
