import { uniform, type Rng } from '../random';

/** Labels of the chest-CT phantom's structures (label maps store these numbers). */
export const CT_LABELS = {
  air: 0,
  tableShell: 1,
  tableFoam: 2,
  fat: 3,
  muscle: 4,
  boneCortex: 5,
  boneMarrow: 6,
  lung: 7,
  pulmonaryVessel: 8,
  fissure: 9,
  airway: 10,
  softTissue: 11,
  oesophagus: 12,
  heart: 13,
  greatVessel: 14,
  liver: 15,
  spleen: 16,
  stomach: 17,
  bowelGas: 18,
  spinalCord: 19,
  dependentLung: 20,
  mattress: 21,
  /** Held-out profiles only (chestCtHospital.ts): nodules and consolidation lie inside the lung mask, effusion outside. */
  nodule: 22,
  consolidation: 23,
  effusion: 24,
} as const;

export type CtLabel = (typeof CT_LABELS)[keyof typeof CT_LABELS];

/** Hounsfield units of one subject's tissues (sampled per subject; see phantoms.md section 5). */
export interface CtTissueHu {
  air: number;
  fat: number;
  muscle: number;
  softTissue: number;
  blood: number;
  /** Blood in the heart, great vessels and lung vessels (equals `blood` without contrast). */
  vesselBlood: number;
  liver: number;
  spleen: number;
  stomachFluid: number;
  boneCortex: number;
  boneMarrow: number;
  vertebralBody: number;
  spinalCord: number;
  /** Lung parenchyma at the most anterior point; it rises posteriorly by `lungGradientPerMm`. */
  lungAnterior: number;
  lungGradientPerMm: number;
  fissure: number;
  tableShell: number;
  tableFoam: number;
  mattress: number;
}

/**
 * Samples tissue HU for one subject. Ranges follow phantoms.md section 5: fat −100…−80, muscle
 * +40…+55, unenhanced blood +30…+45 (150–300 with contrast), liver +50…+70, spleen +35…+55,
 * lung −880…−830 at the front with a 10–100 HU dependent gradient over the chest's depth.
 */
export function sampleCtTissueHu(rng: Rng, options: { contrast: boolean; chestDepthMm: number }): CtTissueHu {
  const blood = uniform(rng, 30, 45);
  const enhancement = options.contrast ? uniform(rng, 120, 260) : 0;
  const organBoost = options.contrast ? uniform(rng, 30, 60) : 0;
  const gradientHu = uniform(rng, 10, 100);
  return {
    air: -1000,
    fat: uniform(rng, -100, -80),
    muscle: uniform(rng, 40, 55),
    softTissue: uniform(rng, 30, 50),
    blood,
    vesselBlood: blood + enhancement,
    liver: uniform(rng, 50, 70) + organBoost,
    spleen: uniform(rng, 35, 55) + organBoost,
    stomachFluid: uniform(rng, 5, 30),
    boneCortex: uniform(rng, 500, 900),
    boneMarrow: uniform(rng, 120, 250),
    vertebralBody: uniform(rng, 200, 320),
    spinalCord: uniform(rng, 20, 40),
    lungAnterior: uniform(rng, -885, -830),
    lungGradientPerMm: gradientHu / options.chestDepthMm,
    fissure: uniform(rng, -150, 0),
    tableShell: uniform(rng, 100, 400),
    tableFoam: uniform(rng, -950, -850),
    mattress: uniform(rng, -900, -700),
  };
}
