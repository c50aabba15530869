import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SettingsError } from '../../../src/lib/errors';
import { buildBrainDataset } from '../../../src/lib/phantoms/brainDataset';
import { sampleBrainMriSubjectOf } from '../../../src/lib/phantoms/brainMriHospital';
import { sampleBrainMriSubject } from '../../../src/lib/phantoms/brainMriSubject';
import { RELAXATION, relaxationAtField } from '../../../src/lib/phantoms/brainMriTissues';
import { sampleChestCtSubjectOf } from '../../../src/lib/phantoms/chestCtHospital';
import { renderChestCtSlice } from '../../../src/lib/phantoms/chestCtSlice';
import { sampleChestCtSubject } from '../../../src/lib/phantoms/chestCtSubject';
import { CT_LABELS } from '../../../src/lib/phantoms/chestCtTissues';
import { buildLungDataset } from '../../../src/lib/phantoms/lungDataset';
import type { PhantomDataset } from '../../../src/lib/phantoms/phantomDataset';
import { parseProfile, PROFILE_DATASET_SEEDS } from '../../../src/lib/phantoms/phantomProfiles';
import { subjectSeedsBySplit } from '../../../src/lib/phantoms/subjectSplits';

const tiny = { seed: 1001, size: 32, subjects: { train: 2, val: 1, test: 2 }, slicesPerSubject: 4 };

function hashPixels(ds: PhantomDataset): ReturnType<typeof createHash> {
  const hash = createHash('sha256');
  for (const split of [ds.train, ds.val, ds.test!]) {
    hash.update(new Uint8Array(split.x.buffer));
    hash.update(new Uint8Array(split.y.buffer));
  }
  return hash;
}

function fingerprint(ds: PhantomDataset): string {
  return hashPixels(ds).update(JSON.stringify(ds.attributes)).digest('hex');
}

const pixelFingerprint = (ds: PhantomDataset): string => hashPixels(ds).digest('hex');

describe('the course profile', () => {
  it('stays the generator the course files were made with (CT: chest-ct-phantom/3, MR: brain-mri-phantom/2, both with the course variety)', () => {
    // A change here changes public/data/*.h5 and with them every number the lessons quote: bump the generator version instead.
    expect(fingerprint(buildLungDataset(tiny))).toBe('ed0e858d740789c90da41d75fcc95a3525f1597fe2db6b995faebaf65eabc1be');
    expect(fingerprint(buildBrainDataset({ ...tiny, seed: 2002 }))).toBe('3f0ca493cdb7474e82c6f6309c119bbbf89b81dbb311a95ebd1b4a8e6bef70d0');
  });

  it('is the default, and a named course profile is the same draw', () => {
    expect(sampleChestCtSubjectOf(5, 'course')).toEqual(sampleChestCtSubject(5));
    expect(sampleBrainMriSubjectOf(5, 'course')).toEqual(sampleBrainMriSubject(5));
    expect(fingerprint(buildLungDataset({ ...tiny, profile: 'course' }))).toBe(fingerprint(buildLungDataset(tiny)));
  });

  it('rejects unknown profiles', () => {
    expect(parseProfile('hospital-b')).toBe('hospital-b');
    expect(() => parseProfile('hospital-x')).toThrow(SettingsError);
  });
});

describe('held-out profiles', () => {
  it('render the same pixels as before the course got its variety (chest-ct-phantom/2), so their numbers stay comparable', () => {
    const small = { ...tiny, seed: 1101 };
    expect(pixelFingerprint(buildLungDataset({ ...small, profile: 'hospital-b' }))).toBe('cf8bc778d0bc963a8889efb2a1cb7c6d9bbd5fc21994b3f1e765be3601a3a401');
    expect(pixelFingerprint(buildLungDataset({ ...small, profile: 'hospital-c' }))).toBe('48d31b8ac12859581b50dc593db4efacd2eb856366e3d89b832edb52707fad87');
  });

  it('are deterministic per seed and differ from the course and from each other', () => {
    const b = buildLungDataset({ ...tiny, size: 24, subjects: { train: 1, val: 0, test: 1 }, slicesPerSubject: 2, profile: 'hospital-b' });
    const again = buildLungDataset({ ...tiny, size: 24, subjects: { train: 1, val: 0, test: 1 }, slicesPerSubject: 2, profile: 'hospital-b' });
    const course = buildLungDataset({ ...tiny, size: 24, subjects: { train: 1, val: 0, test: 1 }, slicesPerSubject: 2 });
    expect(b.test!.x).toEqual(again.test!.x);
    expect(b.test!.x).not.toEqual(course.test!.x);
    expect(b.attributes.profile).toBe('hospital-b');
    expect(String(b.attributes.yUnits)).toMatch(/nodules and consolidation included.*effusion excluded/);
    expect(sampleBrainMriSubjectOf(7, 'hospital-b')).toEqual(sampleBrainMriSubjectOf(7, 'hospital-b'));
    expect(sampleBrainMriSubjectOf(7, 'hospital-b').fovMm).not.toBe(sampleBrainMriSubjectOf(7, 'hospital-c').fovMm);
  });

  it('share no subject with the course files', () => {
    const counts = { train: 20, val: 3, test: 5 };
    const course = new Set(Object.values(subjectSeedsBySplit(PROFILE_DATASET_SEEDS.course.lungCt, counts)).flat());
    for (const profile of ['hospital-b', 'hospital-c'] as const) {
      for (const seed of Object.values(PROFILE_DATASET_SEEDS[profile])) {
        for (const s of Object.values(subjectSeedsBySplit(seed, counts)).flat()) expect(course.has(s)).toBe(false);
      }
    }
  });

  it('put nodules inside the lung mask and pleural effusion outside it', () => {
    let nodules = 0;
    let effusion = 0;
    for (let seed = 1; seed < 40 && (nodules === 0 || effusion === 0); seed++) {
      const subject = sampleChestCtSubjectOf(seed, 'hospital-c');
      const single = { ...subject, variety: { ...subject.variety, slab: { levels: 1, thicknessMm: 0 } } };
      const levels = [...subject.variety.nodules.map((n) => n.zc), 0.75];
      for (const z of levels) {
        const slice = renderChestCtSlice(single, z, { size: 64, sliceSeed: seed, noise: false });
        for (let k = 0; k < slice.labels.length; k++) {
          if (slice.labels[k] === CT_LABELS.nodule) {
            nodules++;
            expect(slice.mask[k]).toBe(1);
          }
          if (slice.labels[k] === CT_LABELS.effusion) {
            effusion++;
            expect(slice.mask[k]).toBe(0);
            // Fluid, not air: even after the calibration offset, cupping and partial volume at its edge.
            expect(slice.hu[k]).toBeGreaterThan(-300);
          }
        }
      }
    }
    expect(nodules).toBeGreaterThan(0);
    expect(effusion).toBeGreaterThan(0);
  });

  it('shift the air by the HU calibration offset (cupping only inside the body)', () => {
    for (const profile of ['hospital-b', 'hospital-c'] as const) {
      const subject = { ...sampleChestCtSubjectOf(3, profile), circularFov: false };
      const slice = renderChestCtSlice(subject, 0.5, { size: 32, sliceSeed: 1, noise: false });
      const corner = slice.hu[0];
      expect(corner).toBe(Math.max(-1024, Math.round(-1000 + subject.variety.huOffset)));
      expect(Math.abs(subject.variety.huOffset)).toBeGreaterThanOrEqual(15);
    }
  });

  it('scan brains at another field strength, with lower SNR, than the course', () => {
    expect(relaxationAtField(1.5).whiteMatter.t1).toBeCloseTo(RELAXATION[1.5].whiteMatter.t1, 6);
    expect(relaxationAtField(3).greyMatter.t1).toBeCloseTo(RELAXATION[3].greyMatter.t1, 6);
    expect(relaxationAtField(1).whiteMatter.t1).toBeLessThan(RELAXATION[1.5].whiteMatter.t1);
    for (let seed = 0; seed < 10; seed++) {
      const course = sampleBrainMriSubject(seed);
      const b = sampleBrainMriSubjectOf(seed, 'hospital-b');
      expect(course.field).toBeGreaterThanOrEqual(1.2);
      expect(b.field).toBe(1);
      expect(sampleBrainMriSubjectOf(seed, 'hospital-c').field).toBe(3);
      expect(b.snr.t1w).toBeLessThan(15);
      expect(b.bias.shared).toBeGreaterThan(0.25);
      expect(b.sequences.t2w.teMs).toBeGreaterThan(120);
    }
  });
});
