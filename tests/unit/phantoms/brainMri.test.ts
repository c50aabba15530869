import { describe, expect, it } from 'vitest';
import { computeTissueSignals } from '../../../src/lib/phantoms/brainMriSignal';
import { renderBrainMriSlice, type BrainMriSlice } from '../../../src/lib/phantoms/brainMriSlice';
import { sampleBrainMriSubject, type BrainMriSubject } from '../../../src/lib/phantoms/brainMriSubject';
import { MR_LABELS, RELAXATION, spinEchoSignal, type FieldStrength } from '../../../src/lib/phantoms/brainMriTissues';

/** A subject with the table's relaxation times (no jitter) and the given sequence timings. */
function nominalSubject(field: FieldStrength, t1w: [number, number], t2w: [number, number]): BrainMriSubject {
  const subject = sampleBrainMriSubject(1);
  return {
    ...subject,
    field,
    relaxation: RELAXATION[field],
    sequences: { t1w: { trMs: t1w[0], teMs: t1w[1] }, t2w: { trMs: t2w[0], teMs: t2w[1] }, pdw: { trMs: 3300, teMs: 35 } },
  };
}

function interiorMedian(image: Float32Array, slice: BrainMriSlice, label: number): number {
  const { size, labels } = slice;
  const values: number[] = [];
  for (let j = 1; j < size - 1; j++) {
    for (let i = 1; i < size - 1; i++) {
      const k = j * size + i;
      if (labels[k] === label && labels[k - 1] === label && labels[k + 1] === label && labels[k - size] === label && labels[k + size] === label) values.push(image[k]);
    }
  }
  values.sort((a, b) => a - b);
  return values[Math.floor(values.length / 2)];
}

describe('brain-MRI phantom', () => {
  it('computes the spin-echo equation', () => {
    expect(spinEchoSignal(0.77, 500, 70, 500, 15)).toBeCloseTo(0.77 * (1 - Math.exp(-1)) * Math.exp(-15 / 70), 12);
    expect(spinEchoSignal(0, 500, 70, 500, 15)).toBe(0);
  });

  it('gives the contrast table of phantoms.md section 4 (signal relative to white matter)', () => {
    const rows = [
      { field: 1.5 as const, t1: [500, 15] as [number, number], csf: [0.28, 0.43, 3.1], gm: [0.82, 1.39], fat: [1.6, 3.0] },
      { field: 3 as const, t1: [600, 10] as [number, number], csf: [0.37, 0.37, 2.65], gm: [0.82, 1.51], fat: [1.9, 2.2] },
    ];
    for (const row of rows) {
      const s = computeTissueSignals(nominalSubject(row.field, row.t1, [4000, 100]));
      const rel = (tissue: keyof typeof s, c: number): number => s[tissue][c] / s.whiteMatter[c];
      expect(rel('csf', 0)).toBeGreaterThanOrEqual(row.csf[0] - 0.02);
      expect(rel('csf', 0)).toBeLessThanOrEqual(row.csf[1] + 0.02);
      expect(rel('csf', 1)).toBeCloseTo(row.csf[2], 0);
      expect(Math.abs(rel('greyMatter', 0) - row.gm[0])).toBeLessThan(0.04);
      expect(Math.abs(rel('greyMatter', 1) - row.gm[1])).toBeLessThan(0.05);
      expect(rel('fat', 0)).toBeGreaterThan(row.fat[0] * 0.95);
      expect(Math.abs(rel('fat', 1) - row.fat[1])).toBeLessThan(0.25);
      expect(rel('muscle', 1)).toBeLessThan(0.7);
    }
    const gp3 = computeTissueSignals(nominalSubject(3, [600, 10], [4000, 100]));
    expect(gp3.globusPallidus[1] / gp3.whiteMatter[1]).toBeCloseTo(0.28, 1);
  });

  it('renders tissues in the expected order on noise-free images', () => {
    for (const seed of [21, 22, 23]) {
      const slice = renderBrainMriSlice(sampleBrainMriSubject(seed), 0.42, { size: 128, sliceSeed: 1, noise: false });
      const ratio = (image: Float32Array, label: number): number => interiorMedian(image, slice, label) / interiorMedian(image, slice, MR_LABELS.whiteMatter);
      // CSF dark on T1w, bright on T2w; grey matter in between; scalp fat bright on both.
      expect(ratio(slice.t1w, MR_LABELS.csf)).toBeLessThan(0.6);
      expect(ratio(slice.t2w, MR_LABELS.csf)).toBeGreaterThan(2);
      const gm1 = ratio(slice.t1w, MR_LABELS.greyMatter);
      const gm2 = ratio(slice.t2w, MR_LABELS.greyMatter);
      expect(gm1).toBeGreaterThan(ratio(slice.t1w, MR_LABELS.csf));
      expect(gm1).toBeLessThan(1);
      expect(gm2).toBeGreaterThan(1);
      expect(gm2).toBeLessThan(ratio(slice.t2w, MR_LABELS.csf));
      expect(ratio(slice.t1w, MR_LABELS.fat)).toBeGreaterThan(1.2);
      expect(ratio(slice.t2w, MR_LABELS.fat)).toBeGreaterThan(1.5);
      for (const label of [MR_LABELS.deepGrey, MR_LABELS.globusPallidus, MR_LABELS.diploe, MR_LABELS.bone]) expect(slice.labels.includes(label)).toBe(true);
    }
  });

  it('is deterministic per seed', () => {
    const subject = sampleBrainMriSubject(31);
    const a = renderBrainMriSlice(subject, 0.5, { size: 32, sliceSeed: 2 });
    const b = renderBrainMriSlice(sampleBrainMriSubject(31), 0.5, { size: 32, sliceSeed: 2 });
    const c = renderBrainMriSlice(subject, 0.5, { size: 32, sliceSeed: 3 });
    expect(Array.from(a.t1w)).toEqual(Array.from(b.t1w));
    expect(Array.from(a.t2w)).toEqual(Array.from(b.t2w));
    expect(Array.from(a.t1w)).not.toEqual(Array.from(c.t1w));
    expect(Array.from(sampleBrainMriSubject(32).sulci.map((s) => s.angle))).not.toEqual(subject.sulci.map((s) => s.angle));
  });

  it('leaves a Rician background above zero (mean ≈ σ·√(π/2)), drawn independently per contrast', () => {
    const subject = sampleBrainMriSubject(41);
    const slice = renderBrainMriSlice(subject, 0.5, { size: 96, sliceSeed: 5 });
    const wm = computeTissueSignals(subject).whiteMatter;
    const rows = 96 * 4;
    const mean = (a: Float32Array): number => a.subarray(0, rows).reduce((s, v) => s + v, 0) / rows;
    const m1 = mean(slice.t1w);
    const m2 = mean(slice.t2w);
    let cov = 0;
    let v1 = 0;
    let v2 = 0;
    for (let k = 0; k < rows; k++) {
      cov += (slice.t1w[k] - m1) * (slice.t2w[k] - m2);
      v1 += (slice.t1w[k] - m1) ** 2;
      v2 += (slice.t2w[k] - m2) ** 2;
    }
    expect(Math.abs(cov / Math.sqrt(v1 * v2))).toBeLessThan(0.15);
    for (const [image, c, snr] of [[slice.t1w, 0, subject.snr.t1w], [slice.t2w, 1, subject.snr.t2w]] as const) {
      let sum = 0;
      let n = 0;
      // Far from the head: the outermost rows, where the signal is 0 and only noise remains.
      for (let k = 0; k < rows; k++) {
        if (slice.labels[k] === MR_LABELS.background) {
          sum += image[k];
          n++;
        }
      }
      const expected = (wm[c] / snr) * Math.sqrt(Math.PI / 2);
      expect(sum / n).toBeGreaterThan(0);
      expect(Math.abs(sum / n - expected) / expected).toBeLessThan(0.15);
    }
  });
});
