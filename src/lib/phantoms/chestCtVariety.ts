import { createRng, deriveSeed, randomInt, uniform, type Rng } from '../random';
import type { PhantomProfile } from './phantomProfiles';

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

/** Lung disease that is not air: painted by paintLungDisease. */
export interface ChestCtDiseaseSet {
  nodules: CtNodule[];
  consolidations: CtConsolidation[];
  /** Pleural effusion per side (−1 = image left = patient's right, 1 = image right); maxMm 0 = none. */
  effusion: { maxMm: number; hu: number; sides: number[] };
}

/** Scanner effects applied after the anatomy: calibration, cupping and slice thickness (applyCtScanner, the slab average). */
export interface ChestCtScannerEffects {
  /** Calibration offset added to every pixel (HU). */
  huOffset: number;
  /** Beam-hardening cupping: HU subtracted at the body's centre, falling to 0 at its outline. */
  cuppingHu: number;
  /** Thick slices: `levels` renders spread over `thicknessMm`, averaged (partial volume along z); 1 level = thin. */
  slab: { levels: number; thicknessMm: number };
}

/**
 * A subject's disease and scanner effects, from the course's ranges or a held-out hospital's. A held-out
 * subject's variety replaces its course subject's whole (never both: no subject gets disease twice).
 */
export interface ChestCtVariety extends ChestCtDiseaseSet, ChestCtScannerEffects {
  profile: PhantomProfile;
}

/** How often each disease appears: nodules and consolidation per subject, effusion as cumulative thresholds (right, left, both). */
export interface DiseaseChances {
  nodules: number;
  consolidation: number;
  effusion: [number, number, number];
}

/** The held-out hospitals' shares (docs/transfer.md): 70 % nodules, 55 % consolidation, 55 % effusion. */
export const HELD_OUT_DISEASE_CHANCES: DiseaseChances = { nodules: 0.7, consolidation: 0.55, effusion: [0.2, 0.4, 0.55] };

/** The course's shares: fewer than the held-out sets', so most subjects stay healthy, but enough for a model to learn that bright lung is lung. */
export const COURSE_DISEASE_CHANCES: DiseaseChances = { nodules: 0.5, consolidation: 0.4, effusion: [0.15, 0.3, 0.4] };

/**
 * Draws lung disease with the given shares; the sizes and attenuations are anatomy, the same for every
 * profile. The order of draws is fixed, so the held-out sets' subjects stay what they were.
 */
export function sampleLungDisease(rng: Rng, chances: DiseaseChances): ChestCtDiseaseSet {
  const nodules: CtNodule[] = [];
  // Solid nodules 5–30 mm across at soft-tissue attenuation (Fleischner Society glossary: "solid" = soft-tissue density).
  const nodeCount = rng() < chances.nodules ? randomInt(rng, 1, 4) : 0;
  for (let k = 0; k < nodeCount; k++) {
    nodules.push({ u: (rng() < 0.5 ? -1 : 1) * uniform(rng, 0.3, 0.8), v: uniform(rng, -0.6, 0.6), zc: uniform(rng, 0.1, 0.85), radiusMm: uniform(rng, 2.5, 15), hu: uniform(rng, 20, 60) });
  }
  const consolidations: CtConsolidation[] = [];
  // Consolidation: air spaces filled with fluid or cells, −100…+50 HU, mostly dependent and basal.
  const patchCount = rng() < chances.consolidation ? randomInt(rng, 1, 2) : 0;
  for (let k = 0; k < patchCount; k++) {
    consolidations.push({
      u: (rng() < 0.5 ? -1 : 1) * uniform(rng, 0.35, 0.75), v: uniform(rng, 0, 0.7), zc: uniform(rng, 0.4, 0.9),
      halfHeightMm: uniform(rng, 20, 60), rxMm: uniform(rng, 15, 40), ryMm: uniform(rng, 10, 28), angle: uniform(rng, 0, Math.PI), hu: uniform(rng, -100, 50),
    });
  }
  // Pleural effusion: fluid 0–20 HU (transudate; Prokop & Galanski, Spiral and Multislice CT of the Body), dependent.
  const side = rng();
  const [right, left, both] = chances.effusion;
  const sides = side < right ? [-1] : side < left ? [1] : side < both ? [-1, 1] : [];
  return { nodules, consolidations, effusion: { maxMm: sides.length > 0 ? uniform(rng, 12, 45) : 0, hu: uniform(rng, 0, 20), sides } };
}

/** A course subject's variety, and the kernel that replaces its drawn one (null: keep the soft or sharp family). */
export interface CourseVarietyDraw {
  variety: ChestCtVariety;
  kernel: { std: number; sigmaPx: number } | null;
}

/**
 * The course's disease and scanner variety for subject `seed`, from its own stream (deriveSeed(seed,
 * 'chest-ct-variety')). Every scanner range stops short of the held-out hospitals' (docs/transfer.md), so
 * those stay "another hospital": offsets within ±10 HU (b, c: 15–30 HU), cupping ≤ 20 HU (b 15–30, c 40–70),
 * slabs ≤ 3 mm (b 5 mm, c 8 mm), kernels between the course's own two families (b sharper, c softer than either).
 */
export function sampleCourseVariety(seed: number): CourseVarietyDraw {
  const rng = createRng(deriveSeed(seed, 'chest-ct-variety'));
  // Water calibration of a maintained scanner: AAPM Report 39 tolerates ±5 HU; the course allows twice that.
  const huOffset = uniform(rng, -10, 10);
  // Beam-hardening cupping reaches tens of HU in large bodies (Barrett & Keat, RadioGraphics 2004;24:1679); the course
  // keeps to the mild end, up to 20 HU, below hospital-c's 40–70.
  const cuppingHu = uniform(rng, 0, 20);
  // Thin reconstructions of 1.5–3 mm (three levels averaged) in a share of subjects, thinner than the held-out 5 and 8 mm.
  const slab = rng() < 0.4 ? { levels: 3, thicknessMm: uniform(rng, 1.5, 3) } : { levels: 1, thicknessMm: 0 };
  // A medium kernel between the course's soft (5–14 HU, σ 0.8–1.2 px) and sharp (22–40 HU, σ 0.4–0.7 px) families.
  const kernel = rng() < 0.3 ? { std: uniform(rng, 14, 22), sigmaPx: uniform(rng, 0.6, 0.9) } : null;
  return { variety: { profile: 'course', huOffset, cuppingHu, slab, ...sampleLungDisease(rng, COURSE_DISEASE_CHANCES) }, kernel };
}
