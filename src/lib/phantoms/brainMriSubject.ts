import { createRng, deriveSeed, randomInt, uniform, type Rng } from '../random';
import { widenCourseSubject } from './brainMriCourseVariety';
import { jitterRelaxation, RELAXATION, type FieldStrength, type MrTissue, type Relaxation } from './brainMriTissues';

/**
 * Millimetres per unit of level z: the phantom's skull base to vertex spans 120 mm (lesions' half-heights
 * are drawn in mm and divided by it), so a slice level z lies z · 120 mm above the skull base.
 */
export const BRAIN_LEVEL_MM = 120;

/** One sulcus, persistent across a subject's levels: an inward notch from the pial surface. */
export interface Sulcus {
  /** Angle (local frame, radians; 0 = patient's left, π/2 = posterior) at z = 0, and its drift with z. */
  angle: number;
  driftAmplitude: number;
  driftFrequency: number;
  driftPhase: number;
  depthMm: number;
  /** Turns of the middle and inner thirds of the notch (radians), how they sway with z, and a side branch depth (mm, 0 = none). */
  bend: number;
  bendInner: number;
  sway: number;
  swayPhase: number;
  branchMm: number;
  /** The lateral (Sylvian) fissure: deeper, only at lower levels. */
  sylvian: boolean;
}

/** An ovoid periventricular lesion in the local frame (mm), centred at level zc with half-height hz. */
export interface Lesion {
  u: number;
  v: number;
  zc: number;
  hz: number;
  radiusMm: number;
  elongation: number;
  angle: number;
}

/** Echo/repetition times (ms) of one sequence. */
export interface SequenceTiming {
  trMs: number;
  teMs: number;
}

/** Everything fixed for one synthetic brain-MRI subject: anatomy, tissue physics, sequences, noise, bias. */
export interface BrainMriSubject {
  seed: number;
  fovMm: number;
  /** Tesla: 1.5 or 3 in the first draw; 1.2–3 in the course (brainMriCourseVariety.ts); 1.0 or 3 in a held-out profile. */
  field: number;
  head: { cx: number; cy: number; rotation: number; halfAp: number; halfLr: number; exponent: number; harmonics: number[] };
  skinMm: number;
  scalpFatMm: number;
  scalpFatFrontBack: number;
  temporalisMm: number;
  outerTableMm: number;
  diploeMm: number;
  innerTableMm: number;
  duraMm: number;
  csfRimMm: number;
  gmThicknessMm: number;
  sulcalHalfWidthMm: number;
  fissureHalfWidthMm: number;
  sulci: Sulcus[];
  ventricleScale: number;
  ventricleAsymmetry: number;
  deepGreyScale: number;
  flowVoids: number;
  lesions: Lesion[];
  relaxation: Record<MrTissue, Relaxation>;
  sequences: { t1w: SequenceTiming; t2w: SequenceTiming; pdw: SequenceTiming };
  snr: { t1w: number; t2w: number; pdw: number };
  /** Bias-field peak-to-peak: a part shared by all contrasts and an independent part per contrast. */
  bias: { shared: number; t1w: number; t2w: number; pdw: number };
  psfSigmaPx: number;
  /** Half-thickness (in z units) of the thicker T2w slice; 0 = same slice as T1w. */
  t2SliceHalfThickness: number;
  /** Amplitude of the regional grey-matter T2 variation (fraction, ≤ 0.1). */
  gmT2Regional: number;
  /** Held-out profiles only: thick slices, `levels` renders over `thicknessMm` averaged in every contrast. */
  slab?: { levels: number; thicknessMm: number };
}

function sampleSulci(rng: Rng): Sulcus[] {
  const sulci: Sulcus[] = [];
  for (const side of [-1, 1]) {
    const count = randomInt(rng, 18, 28);
    for (let k = 0; k < count; k++) {
      // Spread over the hemisphere's outline, from the frontal pole round to the occipital pole.
      const along = 0.12 + ((k + uniform(rng, 0.2, 0.8)) / count) * (Math.PI - 0.24);
      const angle = side > 0 ? -Math.PI / 2 + along : -Math.PI / 2 - along;
      sulci.push({
        angle,
        driftAmplitude: uniform(rng, 0.03, 0.12),
        driftFrequency: uniform(rng, 1, 3),
        driftPhase: uniform(rng, 0, 2 * Math.PI),
        depthMm: uniform(rng, 8, 20),
        bend: uniform(rng, -0.5, 0.5),
        bendInner: uniform(rng, -0.7, 0.7),
        sway: uniform(rng, 0.1, 0.4),
        swayPhase: uniform(rng, 0, 2 * Math.PI),
        branchMm: rng() < 0.4 ? uniform(rng, 4, 9) : 0,
        sylvian: false,
      });
    }
    sulci.push({
      angle: side > 0 ? uniform(rng, -0.25, -0.05) : Math.PI - uniform(rng, -0.25, -0.05),
      driftAmplitude: 0.03,
      driftFrequency: 1,
      driftPhase: uniform(rng, 0, 2 * Math.PI),
      depthMm: uniform(rng, 24, 32),
      bend: side * uniform(rng, -0.15, 0.15),
      bendInner: side * uniform(rng, -0.3, 0.3),
      sway: 0.05,
      swayPhase: 0,
      branchMm: uniform(rng, 5, 10),
      sylvian: true,
    });
  }
  return sulci;
}

function sampleLesions(rng: Rng): Lesion[] {
  if (rng() >= 0.3) return [];
  const lesions: Lesion[] = [];
  const count = randomInt(rng, 1, 6);
  for (let k = 0; k < count; k++) {
    const side = rng() < 0.5 ? -1 : 1;
    const radiusMm = uniform(rng, 1, 4);
    lesions.push({
      u: side * uniform(rng, 14, 30),
      v: uniform(rng, -32, 36),
      zc: uniform(rng, 0.4, 0.72),
      hz: (radiusMm + uniform(rng, 2, 5)) / BRAIN_LEVEL_MM,
      radiusMm,
      elongation: uniform(rng, 1, 1.8),
      angle: uniform(rng, 0, Math.PI),
    });
  }
  return lesions;
}

/**
 * The generator's first draw of a subject (brain-mri-phantom/1, the course's ranges before issue 22):
 * anatomy, tissue physics, sequences, noise and bias. Held-out profiles start from it; the course widens it.
 */
export function sampleBrainMriBaseSubject(seed: number): BrainMriSubject {
  const rng = createRng(deriveSeed(seed, 'brain-mri-subject'));
  const field: FieldStrength = rng() < 0.5 ? 1.5 : 3;
  const harmonics: number[] = [];
  for (let order = 2; order <= 4; order++) harmonics.push(uniform(rng, 0, 0.03), uniform(rng, 0, 2 * Math.PI));
  const age = rng();
  return {
    seed,
    fovMm: uniform(rng, 220, 240),
    field,
    head: {
      cx: uniform(rng, -8, 8),
      cy: uniform(rng, -8, 8),
      rotation: uniform(rng, -10, 10) * (Math.PI / 180),
      halfAp: uniform(rng, 88, 100),
      halfLr: uniform(rng, 70, 82),
      exponent: uniform(rng, 2, 2.4),
      harmonics,
    },
    skinMm: uniform(rng, 1, 2),
    scalpFatMm: uniform(rng, 2, 5),
    scalpFatFrontBack: uniform(rng, 1.1, 1.6),
    temporalisMm: uniform(rng, 3, 8),
    outerTableMm: uniform(rng, 1.5, 2.5),
    diploeMm: uniform(rng, 1, 4),
    innerTableMm: uniform(rng, 1, 2),
    duraMm: uniform(rng, 0.5, 1),
    csfRimMm: 1 + 3 * age + uniform(rng, -0.3, 0.3),
    gmThicknessMm: uniform(rng, 2.5, 3.5),
    sulcalHalfWidthMm: 0.5 + 0.9 * age,
    fissureHalfWidthMm: 0.8 + 0.8 * age,
    sulci: sampleSulci(rng),
    ventricleScale: 0.6 + 1.2 * (0.6 * age + 0.4 * rng()),
    ventricleAsymmetry: uniform(rng, -0.15, 0.15),
    deepGreyScale: uniform(rng, 0.85, 1.15),
    flowVoids: randomInt(rng, 0, 10),
    lesions: sampleLesions(rng),
    relaxation: jitterRelaxation(rng, RELAXATION[field]),
    sequences: {
      t1w: field === 1.5 ? { trMs: uniform(rng, 450, 650), teMs: uniform(rng, 8, 15) } : { trMs: uniform(rng, 550, 750), teMs: uniform(rng, 8, 12) },
      t2w: { trMs: uniform(rng, 3000, 5000), teMs: uniform(rng, 80, 120) },
      pdw: { trMs: uniform(rng, 2000, 3300), teMs: uniform(rng, 15, 35) },
    },
    snr: { t1w: uniform(rng, 15, 40), t2w: uniform(rng, 10, 30), pdw: uniform(rng, 15, 35) },
    // Peak-to-peak (1 + shared)(1 + own) − 1 stays within BrainWeb's 0–40 %.
    bias: { shared: uniform(rng, 0, 0.25), t1w: uniform(rng, 0, 0.12), t2w: uniform(rng, 0, 0.12), pdw: uniform(rng, 0, 0.12) },
    psfSigmaPx: uniform(rng, 0.4, 0.8),
    t2SliceHalfThickness: rng() < 0.5 ? 0 : uniform(rng, 0.008, 0.016),
    gmT2Regional: uniform(rng, 0.03, 0.1),
  };
}

/** Draws a course brain-MRI subject from its seed (deterministic): the first draw, widened across sites; the caller owns the result. */
export function sampleBrainMriSubject(seed: number): BrainMriSubject {
  return widenCourseSubject(sampleBrainMriBaseSubject(seed));
}

/** Levels z (0 = skull base, 1 = vertex) of `count` slices, stratified over 0.25–0.9 with jitter. */
export function brainSliceLevels(seed: number, count: number): number[] {
  const rng = createRng(deriveSeed(seed, 'brain-mri-levels'));
  const levels: number[] = [];
  for (let k = 0; k < count; k++) levels.push(0.25 + ((k + rng()) / count) * 0.65);
  return levels;
}
