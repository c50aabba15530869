import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import 'fake-indexeddb/auto';
import { createEngine } from '../../../src/lib/engine/engine';
import type { EngineApi } from '../../../src/lib/engine/protocol';
import type { LessonDataset } from '../../../src/lib/data/types';
import { encodeLessonDataset } from '../../../src/lib/data/writeLessonDataset';
import { applyLookupTable } from '../../../src/lib/phantoms/baselines';
import { tinySegmentationDataset } from '../client/tinyDataset';
import { NODE_CAPABILITIES } from '../nodeCapabilities';

const nodeCaps = NODE_CAPABILITIES;

/** The discs as a translation pair: the target is a monotone map of the input, so the table can learn it exactly. */
function tinyTranslation(): LessonDataset {
  const d = tinySegmentationDataset();
  const pair = (s: LessonDataset['train']) => ({ x: s.x, y: Float32Array.from(s.x, (v) => 1 - v), count: s.count });
  return { ...d, train: pair(d.train), val: pair(d.val), test: pair(d.test!) };
}

describe('the lookupBaseline request', () => {
  let engine: EngineApi;
  beforeAll(async () => {
    engine = createEngine({ log: () => undefined });
    await engine.init({ backend: 'wasm', capabilities: nodeCaps });
  });
  afterAll(() => engine.dispose({}));

  it('refuses segmentation data with the reason', async () => {
    const bytes = await encodeLessonDataset(tinySegmentationDataset());
    await engine.loadDataset({ source: { bytes: bytes.slice().buffer }, task: 'segmentation', label: 'tiny.h5' });
    await expect(engine.lookupBaseline({})).rejects.toThrow(/lookup-table baseline maps input intensities/);
  });

  it('scores validation and test with all four metrics at the size asked for', async () => {
    const bytes = await encodeLessonDataset(tinyTranslation());
    await engine.loadDataset({ source: { bytes: bytes.slice().buffer }, task: 'translation', label: 'pairs.h5' });
    const full = await engine.lookupBaseline({});
    expect(full).toMatchObject({ height: 16, width: 16, bins: 256, trainCount: 6 });
    // A monotone map is learned up to its bin width: errors are tiny.
    expect(full.scores.test!.mae).toBeLessThan(0.01);
    expect(full.scores.val!.count).toBe(3);
    expect(full.scores.test!.psnr).toBeGreaterThan(35);
    const half = await engine.lookupBaseline({ height: 8, width: 8, splits: ['test'] });
    expect(half).toMatchObject({ height: 8, width: 8 });
    expect(Object.keys(half.scores)).toEqual(['test']);
    expect(Number.isNaN(half.scores.test!.ssim)).toBe(true);
  });

  it('hands over the table itself: applied in the page to the test inputs it gives the scored MAE', async () => {
    const data = tinyTranslation();
    await engine.loadDataset({ source: { bytes: (await encodeLessonDataset(data)).slice().buffer }, task: 'translation', label: 'pairs.h5' });
    const baseline = await engine.lookupBaseline({ splits: ['test'] });
    expect(baseline.table.values).toHaveLength(256);
    const test = data.test!;
    const predicted = applyLookupTable(baseline.table, test.x);
    let sum = 0;
    for (let k = 0; k < predicted.length; k++) sum += Math.abs(predicted[k] - test.y[k]);
    expect(sum / predicted.length).toBeCloseTo(baseline.scores.test!.mae, 6);
  });
});
