import { createRng, deriveSeed, randomInt, uniform, type Rng } from '../random';
import { sampleChestCtSubject, type ChestCtSubject } from './chestCtSubject';
import type { HeldOutProfile, PhantomProfile } from './phantomProfiles';

/** A solid nodule: a sphere at (u, v) (fractions of the thoracic cavity's half-width and half-depth) and level zc. */
export interface CtNodule {
  u: number;
  v: number;
  zc: number;
  radiusMm: number;
  hu: number;
}

/** A patch of consolidation: an ellipsoid of lobes, centred like a nodule, with its own HU. */
export interface CtConsolidation {
  u: number;
  v: number;
  zc: number;
  halfHeightMm: number;
  rxMm: number;
  ryMm: number;
  angle: number;
  hu: number;
}

/** What a held-out chest-CT subject has that the course's never does: disease and another scanner. */
export interface ChestCtHeldOut {
  profile: HeldOutProfile;
  /** Calibration offset added to every pixel (HU). */
  huOffset: number;
  /** Beam-hardening cupping: HU subtracted at the body's centre, falling to 0 at its outline. */
  cuppingHu: number;
  /** Thick slices: `levels` renders spread over `thicknessMm`, averaged (partial volume along z). */
  slab: { levels: number; thicknessMm: number };
  nodules: CtNodule[];
  consolidations: CtConsolidation[];
  /** Pleural effusion per side (−1 = image left = patient's right, 1 = image right); maxMm 0 = none. */
  effusion: { maxMm: number; hu: number; sides: number[] };
}

/** A chest-CT subject of a held-out profile. */
export type HeldOutChestCtSubject = ChestCtSubject & { heldOut: ChestCtHeldOut };

function sampleDisease(rng: Rng): Pick<ChestCtHeldOut, 'nodules' | 'consolidations' | 'effusion'> {
  const nodules: CtNodule[] = [];
  // Solid nodules 5–30 mm across at soft-tissue attenuation (Fleischner Society glossary: "solid" = soft-tissue density).
  const nodeCount = rng() < 0.7 ? randomInt(rng, 1, 4) : 0;
  for (let k = 0; k < nodeCount; k++) {
    nodules.push({ u: (rng() < 0.5 ? -1 : 1) * uniform(rng, 0.3, 0.8), v: uniform(rng, -0.6, 0.6), zc: uniform(rng, 0.1, 0.85), radiusMm: uniform(rng, 2.5, 15), hu: uniform(rng, 20, 60) });
  }
  const consolidations: CtConsolidation[] = [];
  // Consolidation: air spaces filled with fluid or cells, −100…+50 HU (the brief's range), mostly dependent and basal.
  const patchCount = rng() < 0.55 ? randomInt(rng, 1, 2) : 0;
  for (let k = 0; k < patchCount; k++) {
    consolidations.push({
      u: (rng() < 0.5 ? -1 : 1) * uniform(rng, 0.35, 0.75), v: uniform(rng, 0, 0.7), zc: uniform(rng, 0.4, 0.9),
      halfHeightMm: uniform(rng, 20, 60), rxMm: uniform(rng, 15, 40), ryMm: uniform(rng, 10, 28), angle: uniform(rng, 0, Math.PI), hu: uniform(rng, -100, 50),
    });
  }
  // Pleural effusion: fluid 0–20 HU (transudate; Prokop & Galanski, Spiral and Multislice CT of the Body), dependent.
  const effusionSide = rng();
  const sides = effusionSide < 0.2 ? [-1] : effusionSide < 0.4 ? [1] : effusionSide < 0.55 ? [-1, 1] : [];
  return { nodules, consolidations, effusion: { maxMm: sides.length > 0 ? uniform(rng, 12, 45) : 0, hu: uniform(rng, 0, 20), sides } };
}

/**
 * The course subject of `seed` moved to a held-out hospital: body, FOV, kernel and noise redrawn outside
 * the course's ranges, plus disease and scanner effects. Every new draw comes from the profile's own
 * stream (deriveSeed(seed, 'chest-ct-profile:…')), so the course subject's draws are untouched.
 */
export function applyChestCtProfile(course: ChestCtSubject, profile: HeldOutProfile): HeldOutChestCtSubject {
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
  const heldOut: ChestCtHeldOut = {
    profile,
    // Water calibration drifts by tens of HU between scanners and over time (AAPM Report 39 tolerates ±5 HU on water; older/uncalibrated scanners are worse).
    huOffset: b ? uniform(rng, 15, 30) : uniform(rng, -30, -15),
    // Cupping from beam hardening: tens of HU darker in the centre of a large body (Barrett & Keat, RadioGraphics 2004;24:1679).
    cuppingHu: b ? uniform(rng, 15, 30) : uniform(rng, 40, 70),
    slab: b ? { levels: 3, thicknessMm: 5 } : { levels: 5, thicknessMm: 8 },
    ...sampleDisease(rng),
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
    heldOut,
  };
}

/** Whether a subject comes from a held-out profile. */
export function isHeldOutChestCt(subject: ChestCtSubject): subject is HeldOutChestCtSubject {
  return (subject as Partial<HeldOutChestCtSubject>).heldOut !== undefined;
}

/** The subject of `seed` in `profile`: the course's draw itself for 'course', else that draw moved to the held-out hospital. */
export function sampleChestCtSubjectOf(seed: number, profile: PhantomProfile): ChestCtSubject {
  const course = sampleChestCtSubject(seed);
  return profile === 'course' ? course : applyChestCtProfile(course, profile);
}
