import { describe, expect, it } from 'vitest';
import type { SplitVolumes } from '../../../src/lib/data/volumesOfSplit';
import { dice3d, hausdorff95, regionIntensityMetrics } from '../../../src/lib/losses/volumeMetrics';
import { taskDescriptor, type SegmentationMetrics, type TaskEvaluator, type TranslationMetrics } from '../../../src/lib/tasks';
import { meanAndSpread } from '../../../src/lib/tasks/volumeTable';

const H = 12;
const W = 10;
const P = H * W;

/** Feeds the split in batches of `size` slices (they straddle the patients), as evaluate() does. */
function feed(evaluator: TaskEvaluator, input: Float32Array, target: Float32Array, prediction: Float32Array, count: number, size: number) {
  for (let start = 0; start < count; start += size) {
    const n = Math.min(size, count - start);
    const part = (a: Float32Array) => a.slice(start * P, (start + n) * P);
    evaluator.add({ start, count: n, input: part(input), target: part(target), prediction: part(prediction) });
  }
  return evaluator.result();
}

/** A rectangle of ones on slice `s` of `a`. */
function box(a: Float32Array, s: number, r0: number, r1: number, c0: number, c1: number, value = 1) {
  for (let r = r0; r < r1; r++) for (let c = c0; c < c1; c++) a[s * P + r * W + c] = value;
}

// Two patients of 3 slices and one of 2: the phantom kind (separate levels) and a stack (3-D boundaries).
const volumes: SplitVolumes = {
  note: null,
  volumes: [
    { label: 'Patient 1', start: 0, count: 3, geometry: { rowSpacingMm: 2, columnSpacingMm: 1.5, slicePositionsMm: [0, 20, 45], separateSlices: true } },
    { label: 'Patient 2', start: 3, count: 3, geometry: { rowSpacingMm: 0.8, columnSpacingMm: 0.8, slicePositionsMm: [10, 12, 14], separateSlices: false } },
    { label: 'Patient 3', start: 6, count: 2, geometry: { rowSpacingMm: 1, columnSpacingMm: 1, slicePositionsMm: [0, 5], separateSlices: true } },
  ],
};
const COUNT = 8;

function segmentationSplit() {
  const target = new Float32Array(COUNT * P);
  const prediction = new Float32Array(COUNT * P);
  for (let s = 0; s < 3; s++) {
    box(target, s, 2, 8, 2, 7);
    box(prediction, s, 2, 8, 3, 8, 0.9); // shifted one column to the right
  }
  for (let s = 3; s < 6; s++) {
    box(target, s, 3, 9, 3, 8);
    box(prediction, s, 3, 9, 3, 8, 0.7); // exact
  }
  prediction.fill(0.8, 4 * P + 0, 4 * P + 2); // two stray pixels on a slice of patient 2
  box(target, 6, 4, 6, 4, 6); // patient 3: lung in the reference, nothing predicted
  return { target, prediction };
}

describe('per-patient segmentation evaluation', () => {
  it('scores every patient with dice3d and hausdorff95 at its own geometry, whatever the batches', () => {
    const { target, prediction } = segmentationSplit();
    const evaluator = () => taskDescriptor('segmentation').createEvaluator({ height: H, width: W, count: COUNT, volumes });
    const m = feed(evaluator(), target, target, prediction, COUNT, 3) as SegmentationMetrics;
    expect(feed(evaluator(), target, target, prediction, COUNT, 5)).toEqual(m);
    const scores = m.perVolume!.volumes;
    volumes.volumes.forEach((v, k) => {
      const t = target.slice(v.start * P, (v.start + v.count) * P);
      const p = prediction.slice(v.start * P, (v.start + v.count) * P);
      const g = v.geometry!;
      expect(scores[k].dice).toBe(dice3d(t, p));
      const hd = hausdorff95(t, p, { slices: v.count, height: H, width: W, rowSpacing: g.rowSpacingMm, columnSpacing: g.columnSpacingMm, slicePositions: g.slicePositionsMm }, { inPlane: g.separateSlices });
      expect(scores[k].hd95).toEqual(hd);
      expect(scores[k]).toMatchObject({ label: v.label, slices: v.count });
    });
    // Hand-checked: a one-column shift of a box 5 columns wide keeps 4 of 5 (Dice 0.8), and its outline moves by
    // one column (1.5 mm) where it moves at all; patient 3 has no prediction.
    expect(scores[0].dice).toBeCloseTo(0.8, 10);
    expect(scores[0].hd95).toBeCloseTo(1.5, 10);
    expect(scores[2]).toMatchObject({ dice: 0, hd95: Number.NaN });
    // The per-slice numbers are what they were without volumes.
    const plain = feed(taskDescriptor('segmentation').createEvaluator({ height: H, width: W, count: COUNT }), target, target, prediction, COUNT, 3);
    expect({ ...m, perVolume: undefined }).toEqual({ ...plain, perVolume: undefined });
    expect('perVolume' in plain).toBe(false);
  });

  it('summarises a table with units, the mean ± SD over patients, and a dash where HD95 does not exist', () => {
    const { target, prediction } = segmentationSplit();
    const m = feed(taskDescriptor('segmentation').createEvaluator({ height: H, width: W, count: COUNT, volumes }), target, target, prediction, COUNT, 4) as SegmentationMetrics;
    const table = taskDescriptor('segmentation').summarizeTest(m).perVolume!;
    expect(table.columns).toEqual(['3-D Dice', 'HD95 (mm)']);
    expect(table.rows.map((r) => [r.label, r.slices])).toEqual([['Patient 1', 3], ['Patient 2', 3], ['Patient 3', 2]]);
    expect(table.rows[2].cells).toEqual(['0.000', '–']);
    const scores = m.perVolume!.volumes;
    expect(table.mean).toEqual([meanAndSpread(scores.map((s) => s.dice), 3), meanAndSpread(scores.map((s) => s.hd95!), 1)]);
    expect(table.mean[1]).toMatch(/\(2 of 3\)$/);
    expect(table.notes.join(' ')).toMatch(/reference or the prediction of that patient is empty/);
  });

  it('gives 3-D Dice and says HD95 is unknown, and why, when the file records no geometry', () => {
    const { target, prediction } = segmentationSplit();
    const unknown: SplitVolumes = { note: 'The file does not record where the test slices lie.', volumes: volumes.volumes.map((v) => ({ ...v, geometry: null })) };
    const m = feed(taskDescriptor('segmentation').createEvaluator({ height: H, width: W, count: COUNT, volumes: unknown }), target, target, prediction, COUNT, 8) as SegmentationMetrics;
    expect(m.perVolume!.volumes.map((v) => v.hd95)).toEqual([null, null, null]);
    const table = taskDescriptor('segmentation').summarizeTest(m).perVolume!;
    expect(table.columns).toEqual(['3-D Dice']);
    expect(table.notes).toEqual(['HD95 is unknown for this file. The file does not record where the test slices lie.']);
    // No patients at all: only the note.
    const none = feed(taskDescriptor('segmentation').createEvaluator({ height: H, width: W, count: COUNT, volumes: { volumes: [], note: 'No patients.' } }), target, target, prediction, COUNT, 8);
    expect(taskDescriptor('segmentation').summarizeTest(none).perVolume).toMatchObject({ rows: [], notes: ['No patients.'] });
  });
});

describe('per-patient translation evaluation', () => {
  it('scores MAE, PSNR and SSIM inside each patient’s head mask with regionIntensityMetrics', () => {
    const target = new Float32Array(COUNT * P);
    const head = new Float32Array(COUNT * P);
    for (let s = 0; s < COUNT; s++) {
      box(target, s, 1, 11, 1, 9, 0.2 + 0.05 * s);
      box(head, s, 1, 11, 1, 9);
    }
    // Off by 0.1 inside the head for patient 1, 0.05 for patient 2, exact for patient 3; off by 0.5 outside (not scored).
    const prediction = target.map((v, i) => {
      const s = Math.floor(i / P);
      return head[i] ? v + (s < 3 ? 0.1 : s < 6 ? 0.05 : 0) : v + 0.5;
    });
    const m = feed(taskDescriptor('translation').createEvaluator({ height: H, width: W, count: COUNT, headMask: head, volumes }), target, target, prediction, COUNT, 3) as TranslationMetrics;
    const scores = m.perVolume!.volumes;
    volumes.volumes.forEach((v, k) => {
      const part = (a: Float32Array) => a.slice(v.start * P, (v.start + v.count) * P);
      // The slices are 12×10, under SSIM's 11×11 window: SSIM is NaN on both sides.
      expect(scores[k]).toEqual({ label: v.label, slices: v.count, ...regionIntensityMetrics(part(target), part(prediction), part(head), { slices: v.count, height: H, width: W, dataRange: 1 }) });
    });
    expect(scores[0].mae).toBeCloseTo(0.1, 6);
    expect(scores[1].mae).toBeCloseTo(0.05, 6);
    expect(scores[2].psnr).toBe(Number.POSITIVE_INFINITY);
    const table = taskDescriptor('translation').summarizeTest(m).perVolume!;
    expect(table.columns).toEqual(['MAE in head (intensity)', 'PSNR in head (dB)', 'SSIM in head']);
    expect(table.rows[0].cells[0]).toBe('0.1000');
  });
});

describe('meanAndSpread', () => {
  it('prints the mean ± sample SD over the values that exist', () => {
    expect(meanAndSpread([1, 2, 3], 2)).toBe('2.00 ± 1.00');
    expect(meanAndSpread([4, Number.NaN], 1)).toBe('4.0 (1 of 2)');
    expect(meanAndSpread([Number.NaN], 1)).toBe('–');
  });
});
