import { describe, expect, it } from 'vitest';
import { readLessonDataset } from '../../../src/lib/data/readLessonDataset';
import { inspectDataset } from '../../../src/lib/data/inspectDataset';
import type { LessonDataset } from '../../../src/lib/data/types';
import { encodeLessonDataset } from '../../../src/lib/data/writeLessonDataset';
import { taskDescriptor } from '../../../src/lib/tasks';

// The loader reads whole slices at a time, at most 8 MiB per read: arrays larger than that are read in
// several slabs, which must land at the right offsets whatever the layout and chunking.

/** 40 slices of 256×256 (10 MiB of float32 per array, so two slabs), every value distinct. */
function large(): LessonDataset {
  const count = 40;
  const n = count * 256 * 256;
  return {
    height: 256, width: 256, attributes: {},
    train: { x: Float32Array.from({ length: n }, (_, i) => (i % 60_001) - 30_000), y: Float32Array.from({ length: n }, (_, i) => ((i * 7) % 5 === 0 ? 1 : 0)), count },
    val: { x: Float32Array.from({ length: 256 * 256 }, (_, i) => (i % 60_001) - 30_000), y: new Float32Array(256 * 256).fill(1), count: 1 },
  };
}

function mismatches(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return Math.max(a.length, b.length);
  let bad = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) bad++;
  return bad;
}

describe('reads arrays larger than one slab', () => {
  const dataset = large();
  it.each([
    ['contiguous float32', { compression: 0 }],
    ['gzip, 7 slices per chunk, NCHW', { chunkSlices: 7, layout: 'NCHW' as const, dtypeY: 'uint8' as const }],
  ])('%s', async (_, options) => {
    const bytes = await encodeLessonDataset(dataset, options);
    const d = await readLessonDataset(bytes, { rules: taskDescriptor('segmentation').data });
    expect(d.train.count).toBe(40);
    expect(mismatches(d.train.x, dataset.train.x)).toBe(0);
    expect(mismatches(d.train.y, dataset.train.y)).toBe(0);
    expect(mismatches(d.val.x, dataset.val.x)).toBe(0);
    const summary = await inspectDataset(bytes);
    expect(summary.datasets.find((a) => a.path === 'trainX')).toMatchObject({ min: -30_000, max: 30_000 });
  });
});
