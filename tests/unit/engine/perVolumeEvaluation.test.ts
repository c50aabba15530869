import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeLessonDataset } from '../../../src/lib/data/writeLessonDataset';
import { volumesOfSplit } from '../../../src/lib/data/volumesOfSplit';
import { createEngine } from '../../../src/lib/engine/engine';
import type { EngineApi } from '../../../src/lib/engine/protocol';
import { dice3d, hausdorff95 } from '../../../src/lib/losses/volumeMetrics';
import { buildLungDataset } from '../../../src/lib/phantoms/lungDataset';
import { taskDescriptor, type SegmentationMetrics } from '../../../src/lib/tasks';
import { buildRunModel } from '../../../src/lib/train/buildRunModel';
import { toLayersModelFiles } from '../../../src/lib/train/layersModelFiles';
import { NODE_CAPABILITIES } from '../nodeCapabilities';

// The engine finds a file's patients in its attributes and measures them at the model's size: a
// phantom file of 32×32 slices scored by a 16×16 model has pixels twice as large.
const caps = NODE_CAPABILITIES;

describe('per-patient evaluation in the engine', () => {
  let engine: EngineApi;
  beforeAll(async () => {
    engine = createEngine();
    await engine.init({ backend: 'wasm', capabilities: caps });
  });
  afterAll(() => engine.dispose({}));

  it('scores each test patient at the recorded levels, with the in-plane spacing of the model’s size', { timeout: 60_000 }, async () => {
    const dataset = buildLungDataset({ seed: 3, size: 32, subjects: { train: 1, val: 1, test: 2 }, slicesPerSubject: 4 });
    await engine.loadDataset({ source: { bytes: (await encodeLessonDataset(dataset)).slice().buffer }, task: 'segmentation' });
    const model = buildRunModel({ model: 'plain', height: 16, width: 16, seed: 5 }, taskDescriptor('segmentation'));
    const files = await toLayersModelFiles(model, { task: 'segmentation', normalization: { kind: 'zscore-slice' }, inputUnits: 'HU' });
    model.dispose();
    await engine.importModel(files);
    const metrics = (await engine.evaluate({ split: 'test' })) as SegmentationMetrics;
    const scores = metrics.perVolume!.volumes;
    expect(scores.map((s) => [s.label, s.slices])).toEqual([['Patient 3', 4], ['Patient 4', 4]]);
    const recorded = volumesOfSplit(dataset.attributes, 'test', 8).volumes;
    const predicted = await engine.predict({ split: 'test', indices: [0, 1, 2, 3, 4, 5, 6, 7] });
    recorded.forEach((v, k) => {
      const part = (a: Float32Array) => a.slice(v.start * 256, (v.start + v.count) * 256);
      const g = v.geometry!;
      const geometry = { slices: 4, height: 16, width: 16, rowSpacing: 2 * g.rowSpacingMm, columnSpacing: 2 * g.columnSpacingMm, slicePositions: g.slicePositionsMm };
      expect(scores[k].dice).toBeCloseTo(dice3d(part(predicted.targets), part(predicted.predictions)), 6);
      // Both masks hold pixels here (seeded), so this compares distances, not two NaNs.
      expect(scores[k].hd95).toBeGreaterThan(0);
      expect(scores[k].hd95).toEqual(hausdorff95(part(predicted.targets), part(predicted.predictions), geometry, { inPlane: true }));
    });
    expect(taskDescriptor('segmentation').summarizeTest(metrics).perVolume?.rows).toHaveLength(2);
  });
});
