import { createRng, deriveSeed, uniform } from '../random';
import { sampleCtTissueHu, type CtTissueHu } from './chestCtTissues';
import { sampleCourseVariety, type ChestCtVariety } from './chestCtVariety';

/** Everything that stays fixed for one synthetic chest-CT subject (anatomy, tissues, scanner). */
export interface ChestCtSubject {
  seed: number;
  fovMm: number;
  /** Real scanners reconstruct a disc; outside it files hold padding (clipped to −1024 here). */
  circularFov: boolean;
  body: {
    cx: number;
    cy: number;
    halfWidth: number;
    anteriorDepth: number;
    posteriorDepth: number;
    exponentAnterior: number;
    exponentPosterior: number;
    /** Low harmonics of the outline: [amplitude, phase] pairs for orders 2, 3, 4. */
    harmonics: number[];
  };
  fatMm: number;
  fatLateralFactor: number;
  muscleMm: number;
  pectoralMm: number;
  ribLayerMm: number;
  breastMm: number;
  arms: { down: boolean; gapMm: number; rx: number; ry: number; dy: number };
  spine: { bodyRadius: number; depthFromBack: number; dx: number };
  trachea: { radius: number; carinaZ: number };
  heart: { rx: number; ry: number; angle: number; dx: number; zTop: number };
  aortaRadius: number;
  mediastinumHalfWidth: number;
  lungs: { widthFactor: number; apexGrowth: number; asymmetry: number };
  domes: { rightZ: number; leftZ: number; lungBaseZ: number };
  hilumRadius: number;
  oesophagusAirChance: number;
  stomachGasFraction: number;
  colonGasChance: number;
  dependent: { present: boolean; thicknessMm: number; hu: number };
  table: { halfWidth: number; gapMm: number; thicknessMm: number; shellMm: number; curvatureMm: number; mattressMm: number };
  contrast: boolean;
  hu: CtTissueHu;
  noise: { std: number; sigmaPx: number };
  /** PSF as a Gaussian σ in output pixels at 128 px (scaled with the image size). */
  psfSigmaPx: number;
  /** Disease and scanner effects (the course's ranges, or a held-out hospital's in its place). */
  variety: ChestCtVariety;
}

/** Draws a chest-CT subject from its seed (deterministic); the caller owns the result. */
export function sampleChestCtSubject(seed: number): ChestCtSubject {
  const rng = createRng(deriveSeed(seed, 'chest-ct-subject'));
  const fovMm = uniform(rng, 330, 430);
  const halfWidth = uniform(rng, 0.38, 0.47) * fovMm;
  const anteriorDepth = uniform(rng, 0.55, 0.68) * halfWidth;
  const posteriorDepth = uniform(rng, 0.55, 0.66) * halfWidth;
  const harmonics: number[] = [];
  for (let order = 2; order <= 4; order++) harmonics.push(uniform(rng, 0, 0.03), uniform(rng, 0, 2 * Math.PI));
  const contrast = rng() < 0.35;
  const fatMm = uniform(rng, 5, 35);
  const rightZ = uniform(rng, 0.62, 0.72);
  const lungBaseZ = uniform(rng, 0.95, 1.02);
  const { variety, kernel } = sampleCourseVariety(seed);
  return {
    seed,
    fovMm,
    circularFov: rng() < 0.5,
    body: {
      cx: uniform(rng, -12, 12),
      cy: uniform(rng, -0.12, -0.04) * fovMm,
      halfWidth,
      anteriorDepth,
      posteriorDepth,
      exponentAnterior: uniform(rng, 2, 2.5),
      exponentPosterior: uniform(rng, 2.6, 3.6),
      harmonics,
    },
    fatMm,
    fatLateralFactor: uniform(rng, 1, 1.6),
    muscleMm: uniform(rng, 6, 12),
    pectoralMm: uniform(rng, 8, 22),
    ribLayerMm: uniform(rng, 8, 11),
    breastMm: rng() < 0.35 ? uniform(rng, 15, 45) : 0,
    arms: {
      down: rng() < 0.35,
      gapMm: uniform(rng, -6, 25),
      rx: uniform(rng, 32, 48),
      ry: uniform(rng, 40, 58),
      dy: uniform(rng, -20, 25),
    },
    spine: { bodyRadius: uniform(rng, 14, 19), depthFromBack: uniform(rng, 0.5, 0.6) * posteriorDepth + 8, dx: uniform(rng, -4, 4) },
    trachea: { radius: uniform(rng, 7.5, 11), carinaZ: uniform(rng, 0.3, 0.4) },
    heart: { rx: uniform(rng, 48, 64), ry: uniform(rng, 38, 52), angle: uniform(rng, -0.75, -0.4), dx: uniform(rng, 12, 30), zTop: uniform(rng, 0.4, 0.48) },
    aortaRadius: uniform(rng, 11, 16),
    mediastinumHalfWidth: uniform(rng, 18, 28),
    lungs: { widthFactor: uniform(rng, 0.95, 1.1), apexGrowth: uniform(rng, 0.22, 0.32), asymmetry: uniform(rng, -0.06, 0.06) },
    domes: { rightZ, leftZ: rightZ + uniform(rng, 0.03, 0.09), lungBaseZ },
    hilumRadius: uniform(rng, 9, 16),
    oesophagusAirChance: rng() < 0.5 ? uniform(rng, 0.4, 0.9) : 0,
    stomachGasFraction: rng() < 0.8 ? uniform(rng, 0.15, 0.5) : 0,
    colonGasChance: uniform(rng, 0.3, 0.9),
    dependent: { present: rng() < 0.55, thicknessMm: uniform(rng, 8, 28), hu: uniform(rng, -600, -250) },
    table: {
      halfWidth: uniform(rng, 0.36, 0.6) * fovMm,
      gapMm: uniform(rng, 3, 15),
      thicknessMm: uniform(rng, 25, 50),
      shellMm: uniform(rng, 2, 4),
      curvatureMm: uniform(rng, 500, 1400),
      mattressMm: rng() < 0.4 ? uniform(rng, 8, 25) : 0,
    },
    contrast,
    hu: sampleCtTissueHu(rng, { contrast, chestDepthMm: anteriorDepth + posteriorDepth }),
    // Reconstruction kernel: soft (smooth, 5–14 HU) or sharp lung kernel (grainy, 22–40 HU), as measured on real scans.
    // For 30 % of subjects the variety's medium kernel takes the place of both families.
    noise: kernel ?? (rng() < 0.55 ? { std: uniform(rng, 5, 14), sigmaPx: uniform(rng, 0.8, 1.2) } : { std: uniform(rng, 22, 40), sigmaPx: uniform(rng, 0.4, 0.7) }),
    psfSigmaPx: uniform(rng, 0.35, 0.65),
    variety,
  };
}

/**
 * Millimetres per unit of level z, for measuring in 3-D: an adult's lungs span about 25 cm from the apex to
 * the diaphragm's domes (z 0 → ~1). The renderer works in z only, so this changes no picture.
 */
export const CHEST_LEVEL_MM = 250;

/** Levels z (0 = lung apex, ~1 = below the domes) for `count` slices of one subject, stratified with jitter. */
export function chestSliceLevels(seed: number, count: number): number[] {
  const rng = createRng(deriveSeed(seed, 'chest-ct-levels'));
  const zMin = -0.06;
  const zMax = 1.05;
  const levels: number[] = [];
  for (let k = 0; k < count; k++) levels.push(zMin + ((k + rng()) / count) * (zMax - zMin));
  // Levels stay ordered apex → base so a subject's slices read like a scan.
  return levels;
}
