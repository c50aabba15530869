import { describe, expect, it } from 'vitest';
import { sampleChestCtSubjectOf } from '../../../src/lib/phantoms/chestCtHospital';
import { renderChestCtSlice } from '../../../src/lib/phantoms/chestCtSlice';
import { sampleChestCtSubject, type ChestCtSubject } from '../../../src/lib/phantoms/chestCtSubject';
import { CT_LABELS } from '../../../src/lib/phantoms/chestCtTissues';
import { sampleCourseVariety } from '../../../src/lib/phantoms/chestCtVariety';

const SEEDS = Array.from({ length: 120 }, (_, k) => k * 7 + 3);

function thin(subject: ChestCtSubject): ChestCtSubject {
  return { ...subject, variety: { ...subject.variety, slab: { levels: 1, thicknessMm: 0 } } };
}

function countLabel(subject: ChestCtSubject, z: number, label: number): { count: number; inMask: number } {
  const slice = renderChestCtSlice(subject, z, { size: 48, sliceSeed: 5, noise: false });
  let count = 0;
  let inMask = 0;
  slice.labels.forEach((l, k) => {
    if (l !== label) return;
    count++;
    inMask += slice.mask[k];
  });
  return { count, inMask };
}

describe('the course chest-CT variety', () => {
  it('draws scanner effects from ranges that stop short of the held-out hospitals', () => {
    for (const seed of SEEDS) {
      const course = sampleChestCtSubject(seed);
      const v = course.variety;
      expect(v.profile).toBe('course');
      expect(Math.abs(v.huOffset)).toBeLessThanOrEqual(10);
      expect(v.cuppingHu).toBeGreaterThanOrEqual(0);
      expect(v.cuppingHu).toBeLessThanOrEqual(20);
      expect(v.slab.levels === 1 || v.slab.thicknessMm <= 3).toBe(true);
      expect(course.noise.std).toBeGreaterThanOrEqual(5);
      expect(course.noise.std).toBeLessThanOrEqual(40);
      expect(course.noise.sigmaPx).toBeGreaterThanOrEqual(0.4);
      expect(course.noise.sigmaPx).toBeLessThanOrEqual(1.2);
      for (const profile of ['hospital-b', 'hospital-c'] as const) {
        const held = sampleChestCtSubjectOf(seed, profile);
        expect(held.variety.profile).toBe(profile);
        expect(Math.abs(held.variety.huOffset)).toBeGreaterThanOrEqual(15);
        expect(held.variety.cuppingHu).toBeGreaterThanOrEqual(15);
        expect(held.variety.slab.thicknessMm).toBeGreaterThanOrEqual(5);
      }
      expect(sampleChestCtSubjectOf(seed, 'hospital-b').noise.std).toBeGreaterThan(40);
      expect(sampleChestCtSubjectOf(seed, 'hospital-c').noise.sigmaPx).toBeGreaterThan(1.2);
    }
  });

  it('gives a share of the subjects disease and leaves the rest healthy', () => {
    const draws = SEEDS.map((seed) => sampleCourseVariety(seed));
    const share = (has: (v: (typeof draws)[number]['variety']) => boolean) => draws.filter((d) => has(d.variety)).length / draws.length;
    for (const s of [share((v) => v.nodules.length > 0), share((v) => v.consolidations.length > 0), share((v) => v.effusion.maxMm > 0)]) {
      expect(s).toBeGreaterThan(0.2);
      expect(s).toBeLessThan(0.7);
    }
    expect(share((v) => v.nodules.length + v.consolidations.length === 0 && v.effusion.maxMm === 0)).toBeGreaterThan(0.1);
    // The medium kernel sits between the soft (≤ 14 HU) and sharp (≥ 22 HU) families.
    const medium = draws.filter((d) => d.kernel !== null);
    expect(medium.length).toBeGreaterThan(0);
    for (const d of medium) expect(d.kernel!.std).toBeGreaterThanOrEqual(14);
    for (const d of medium) expect(d.kernel!.std).toBeLessThanOrEqual(22);
  });

  it('keeps course nodules in the lung mask', () => {
    const seed = SEEDS.find((s) => sampleChestCtSubject(s).variety.nodules.some((n) => n.radiusMm > 8))!;
    const subject = thin(sampleChestCtSubject(seed));
    const nodule = subject.variety.nodules.find((n) => n.radiusMm > 8)!;
    const { count, inMask } = countLabel(subject, nodule.zc, CT_LABELS.nodule);
    expect(count).toBeGreaterThan(0);
    expect(inMask).toBe(count);
  });

  it('is replaced whole in a held-out subject: the course disease never comes along', () => {
    const seed = SEEDS.find((s) => sampleChestCtSubject(s).variety.nodules.some((n) => n.radiusMm > 8))!;
    const course = thin(sampleChestCtSubject(seed));
    const nodule = course.variety.nodules.find((n) => n.radiusMm > 8)!;
    expect(countLabel(course, nodule.zc, CT_LABELS.nodule).count).toBeGreaterThan(0);
    // The same subject at hospital-b, its own disease taken away: nothing of the course's is left to paint.
    const held = thin(sampleChestCtSubjectOf(seed, 'hospital-b'));
    const healthy = { ...held, variety: { ...held.variety, nodules: [], consolidations: [], effusion: { maxMm: 0, hu: 0, sides: [] } } };
    expect(countLabel(healthy, nodule.zc, CT_LABELS.nodule).count).toBe(0);
    expect(held.variety.nodules).not.toEqual(course.variety.nodules);
  });
});
