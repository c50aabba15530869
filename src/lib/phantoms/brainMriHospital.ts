import { createRng, deriveSeed, uniform } from '../random';
import { sampleBrainMriBaseSubject, sampleBrainMriSubject, type BrainMriSubject } from './brainMriSubject';
import { jitterRelaxation, RELAXATION, relaxationAtField } from './brainMriTissues';
import type { HeldOutProfile, PhantomProfile } from './phantomProfiles';

/**
 * The course subject of `seed` scanned at a held-out hospital: another field strength and sequence
 * timings, lower SNR, a stronger bias field, thicker slices, and heads smaller or larger, further off
 * centre and more rotated than the course's. Anatomy inside the head is the course subject's. New draws
 * come from the profile's own stream (deriveSeed(seed, 'brain-mri-profile:…')), never the course's.
 */
export function applyBrainMriProfile(course: BrainMriSubject, profile: HeldOutProfile): BrainMriSubject {
  const rng = createRng(deriveSeed(course.seed, `brain-mri-profile:${profile}`));
  const b = profile === 'hospital-b';
  // b: a 1.0 T system (open/low-field, T1 shorter than at 1.5 T); c: 3 T only (the first draw mixes 1.5 and 3 T half and half; the course adds 1.2–2.7 T).
  const field = b ? 1 : 3;
  const sign = () => (rng() < 0.5 ? -1 : 1);
  // Head size beyond the course's 88–100 / 70–82 mm semi-axes: small (b: child-sized) or large (c).
  const scale = b ? uniform(rng, 0.82, 0.88) : uniform(rng, 1.06, 1.1);
  return {
    ...course,
    field,
    fovMm: b ? uniform(rng, 200, 215) : uniform(rng, 250, 270),
    head: {
      ...course.head,
      halfAp: course.head.halfAp * scale,
      halfLr: course.head.halfLr * scale,
      // Off centre and rotated beyond the course's ±8 mm and ±10°.
      cx: sign() * uniform(rng, 9, 15),
      cy: sign() * uniform(rng, 9, 14),
      rotation: sign() * uniform(rng, 12, 20) * (Math.PI / 180),
    },
    relaxation: jitterRelaxation(rng, field === 3 ? RELAXATION[3] : relaxationAtField(field)),
    // Other vendors' protocols: the course's T1w SE is TR 450–750 / TE 8–15 and its T2w TSE TR 3000–5000 / TE 80–120.
    sequences: b
      ? { t1w: { trMs: uniform(rng, 350, 450), teMs: uniform(rng, 15, 20) }, t2w: { trMs: uniform(rng, 2500, 3000), teMs: uniform(rng, 120, 140) }, pdw: { trMs: uniform(rng, 2000, 2500), teMs: uniform(rng, 15, 20) } }
      : { t1w: { trMs: uniform(rng, 800, 1000), teMs: uniform(rng, 5, 8) }, t2w: { trMs: uniform(rng, 5500, 7000), teMs: uniform(rng, 60, 80) }, pdw: { trMs: uniform(rng, 3300, 4000), teMs: uniform(rng, 10, 15) } },
    // Lower SNR than the course's 15–40 (T1w) and 10–30 (T2w): fewer averages, lower field (b) or faster scans (c).
    snr: b ? { t1w: uniform(rng, 8, 14), t2w: uniform(rng, 6, 10), pdw: uniform(rng, 8, 14) } : { t1w: uniform(rng, 10, 15), t2w: uniform(rng, 7, 10), pdw: uniform(rng, 10, 15) },
    // Peak-to-peak bias beyond BrainWeb's 0–40 % (Kwan et al. 1999): surface coils (b), B1 inhomogeneity at 3 T (c).
    bias: b
      ? { shared: uniform(rng, 0.35, 0.5), t1w: uniform(rng, 0.08, 0.15), t2w: uniform(rng, 0.08, 0.15), pdw: uniform(rng, 0.08, 0.15) }
      : { shared: uniform(rng, 0.45, 0.6), t1w: uniform(rng, 0.08, 0.2), t2w: uniform(rng, 0.08, 0.2), pdw: uniform(rng, 0.08, 0.2) },
    t2SliceHalfThickness: 0,
    slab: b ? { levels: 3, thicknessMm: 5 } : { levels: 3, thicknessMm: 6 },
  };
}

/** The subject of `seed` in `profile`: the course subject for 'course', else the first draw at the held-out hospital. */
export function sampleBrainMriSubjectOf(seed: number, profile: PhantomProfile): BrainMriSubject {
  // Held-out subjects start from the first draw, not the widened course subject, so the held-out sets stay
  // what they were when the course's ranges were narrower (docs/transfer.md compares against them).
  return profile === 'course' ? sampleBrainMriSubject(seed) : applyBrainMriProfile(sampleBrainMriBaseSubject(seed), profile);
}
