import { createRng, deriveSeed, uniform } from '../random';
import { sampleChestCtSubject, type ChestCtSubject } from './chestCtSubject';
import { HELD_OUT_DISEASE_CHANCES, sampleLungDisease, type ChestCtVariety } from './chestCtVariety';
import type { HeldOutProfile, PhantomProfile } from './phantomProfiles';

/**
 * The course subject of `seed` moved to a held-out hospital: body, FOV, kernel and noise redrawn outside
 * the course's ranges, and the hospital's disease and scanner effects in place of the course's. Every new
 * draw comes from the profile's own stream (deriveSeed(seed, 'chest-ct-profile:…')), so the held-out
 * subjects stay what they were before the course got its own variety.
 */
export function applyChestCtProfile(course: ChestCtSubject, profile: HeldOutProfile): ChestCtSubject {
  const rng = createRng(deriveSeed(course.seed, `chest-ct-profile:${profile}`));
  const b = profile === 'hospital-b';
  // Bodies at the edges of the course's 125–202 mm half-width: small (b) or large and obese (c).
  const halfWidth = b ? uniform(rng, 112, 135) : uniform(rng, 200, 225);
  // Another FOV, so another pixel spacing: b reconstructs tight (2.3–2.5 mm at 128 px), c wide (3.5–3.9 mm).
  const fovMm = b ? uniform(rng, 290, 325) : uniform(rng, 450, 500);
  const ratio = halfWidth / course.body.halfWidth;
  const body = { ...course.body, halfWidth, anteriorDepth: course.body.anteriorDepth * ratio, posteriorDepth: course.body.posteriorDepth * ratio, cy: (course.body.cy / course.fovMm) * fovMm };
  // Arms: held down against the chest (b: the hardest negative) or raised out of the slice (c).
  const arms = b ? { ...course.arms, down: true, gapMm: uniform(rng, -6, 4) } : { ...course.arms, down: false };
  // Kernels beyond the course's two families: b very sharp (fine, strong grain), c very soft (blotchy, faint).
  const noise = b ? { std: uniform(rng, 45, 60), sigmaPx: uniform(rng, 0.25, 0.4) } : { std: uniform(rng, 3, 6), sigmaPx: uniform(rng, 1.6, 2.4) };
  const psfSigmaPx = b ? uniform(rng, 0.2, 0.32) : uniform(rng, 0.8, 1.1);
  // The course subject's own variety is replaced whole, so no held-out subject has the course's disease as well as its own.
  const variety: ChestCtVariety = {
    profile,
    // Water calibration drifts by tens of HU between scanners and over time (AAPM Report 39 tolerates ±5 HU on water; older/uncalibrated scanners are worse).
    huOffset: b ? uniform(rng, 15, 30) : uniform(rng, -30, -15),
    // Cupping from beam hardening: tens of HU darker in the centre of a large body (Barrett & Keat, RadioGraphics 2004;24:1679).
    cuppingHu: b ? uniform(rng, 15, 30) : uniform(rng, 40, 70),
    slab: b ? { levels: 3, thicknessMm: 5 } : { levels: 5, thicknessMm: 8 },
    ...sampleLungDisease(rng, HELD_OUT_DISEASE_CHANCES),
  };
  return {
    ...course,
    fovMm,
    body,
    fatMm: b ? course.fatMm * 0.5 : uniform(rng, 35, 60),
    arms,
    table: { ...course.table, halfWidth: (course.table.halfWidth / course.fovMm) * fovMm },
    noise,
    psfSigmaPx,
    variety,
  };
}

/** The subject of `seed` in `profile`: the course's draw itself for 'course', else that draw moved to the held-out hospital. */
export function sampleChestCtSubjectOf(seed: number, profile: PhantomProfile): ChestCtSubject {
  const course = sampleChestCtSubject(seed);
  return profile === 'course' ? course : applyChestCtProfile(course, profile);
}
