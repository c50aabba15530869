import { describe, expect, it } from 'vitest';
import { COURSE_MR_RANGES, widenCourseSubject } from '../../../src/lib/phantoms/brainMriCourseVariety';
import { applyBrainMriProfile, sampleBrainMriSubjectOf } from '../../../src/lib/phantoms/brainMriHospital';
import { sampleBrainMriBaseSubject, sampleBrainMriSubject, type BrainMriSubject } from '../../../src/lib/phantoms/brainMriSubject';

const SEEDS = Array.from({ length: 60 }, (_, k) => k + 1);
const R = COURSE_MR_RANGES;
const within = (value: number, [lo, hi]: readonly [number, number]) => value >= lo && value <= hi;
/** Peak-to-peak of the shared and the contrast's own bias field together. */
const biasT1w = (s: BrainMriSubject) => (1 + s.bias.shared) * (1 + s.bias.t1w) - 1;

describe('the course brain-MR variety', () => {
  it('is the first draw widened, deterministically, with the first draw\'s anatomy', () => {
    const base = sampleBrainMriBaseSubject(7);
    const course = sampleBrainMriSubject(7);
    expect(course).toEqual(widenCourseSubject(sampleBrainMriBaseSubject(7)));
    expect(course.sulci).toEqual(base.sulci);
    expect(course.lesions).toEqual(base.lesions);
    expect(course.head.halfAp / base.head.halfAp).toBeCloseTo(course.head.halfLr / base.head.halfLr, 10);
  });

  it('covers more than the first draw: intermediate fields, slabs, T1w timings beyond the field\'s own range', () => {
    const subjects = SEEDS.map(sampleBrainMriSubject);
    const fields = subjects.map((s) => s.field);
    expect(fields.some((f) => f !== 1.5 && f !== 3)).toBe(true);
    expect(fields.some((f) => f === 1.5) && fields.some((f) => f === 3)).toBe(true);
    expect(subjects.some((s) => s.slab !== undefined)).toBe(true);
    expect(subjects.some((s) => s.slab === undefined)).toBe(true);
    // The first draw gives 1.5 T only TR 450–650 and 3 T only TR ≥ 550.
    expect(subjects.some((s) => s.field === 1.5 && s.sequences.t1w.trMs > 650) || subjects.some((s) => s.field === 3 && s.sequences.t1w.trMs < 550)).toBe(true);
    expect(Math.max(...subjects.map((s) => s.snr.t1w))).toBeGreaterThan(40);
  });

  it('stops short of every held-out profile\'s field, timings, SNR, bias, head pose, FOV and slab', () => {
    for (const seed of SEEDS) {
      const s = sampleBrainMriSubject(seed);
      const b = sampleBrainMriSubjectOf(seed, 'hospital-b');
      const c = sampleBrainMriSubjectOf(seed, 'hospital-c');
      expect(within(s.field, [1.2, 3])).toBe(true);
      expect(b.field).toBeLessThan(s.field);
      expect(within(s.sequences.t1w.trMs, R.t1wTrMs) && within(s.sequences.t2w.trMs, R.t2wTrMs)).toBe(true);
      expect(s.sequences.t1w.trMs).toBeGreaterThan(b.sequences.t1w.trMs);
      expect(s.sequences.t1w.trMs).toBeLessThan(c.sequences.t1w.trMs);
      expect(s.sequences.t2w.trMs).toBeGreaterThanOrEqual(b.sequences.t2w.trMs);
      expect(s.sequences.t2w.trMs).toBeLessThan(c.sequences.t2w.trMs);
      expect(s.sequences.t2w.teMs).toBeLessThanOrEqual(b.sequences.t2w.teMs);
      expect(s.sequences.t2w.teMs).toBeGreaterThanOrEqual(c.sequences.t2w.teMs);
      expect(s.snr.t1w).toBeGreaterThanOrEqual(Math.max(b.snr.t1w, c.snr.t1w));
      expect(s.snr.t2w).toBeGreaterThanOrEqual(Math.max(b.snr.t2w, c.snr.t2w));
      expect(biasT1w(s)).toBeLessThan(Math.min(biasT1w(b), biasT1w(c)));
      expect(Math.hypot(s.head.cx, s.head.cy)).toBeLessThan(Math.hypot(b.head.cx, b.head.cy));
      expect(Math.abs(s.head.rotation)).toBeLessThan(Math.abs(b.head.rotation));
      expect(s.fovMm).toBeGreaterThan(b.fovMm);
      expect(s.fovMm).toBeLessThan(c.fovMm);
      expect(s.slab?.thicknessMm ?? 0).toBeLessThan(Math.min(b.slab!.thicknessMm, c.slab!.thicknessMm));
    }
  });

  it('leaves the held-out subjects as the first draw at the other hospital', () => {
    for (const profile of ['hospital-b', 'hospital-c'] as const) {
      expect(sampleBrainMriSubjectOf(11, profile)).toEqual(applyBrainMriProfile(sampleBrainMriBaseSubject(11), profile));
    }
  });
});
