import { normal, uniform, type Rng } from '../random';

/** Labels of the brain-MRI phantom's tissues (label maps store these numbers). */
export const MR_LABELS = {
  background: 0,
  skin: 1,
  fat: 2,
  muscle: 3,
  bone: 4,
  diploe: 5,
  dura: 6,
  csf: 7,
  greyMatter: 8,
  whiteMatter: 9,
  deepGrey: 10,
  globusPallidus: 11,
  vessel: 12,
  lesion: 13,
} as const;

export type MrTissue = Exclude<keyof typeof MR_LABELS, 'background'>;
export type FieldStrength = 1.5 | 3;

/**
 * Relaxation parameters: relative proton density, T1 and T2 in ms. `t2Tse` is the apparent T2 on
 * turbo-spin-echo (fat stays bright there through J-coupling); it equals t2 for other tissues.
 */
export interface Relaxation {
  pd: number;
  t1: number;
  t2: number;
  t2Tse: number;
}

const r = (pd: number, t1: number, t2: number, t2Tse = t2): Relaxation => ({ pd, t1, t2, t2Tse });

/**
 * Tissue table of phantoms.md section 3. 1.5 T: BrainWeb (via MIRT) with literature CSF; 3 T: GM/WM
 * from Wansapura 1999, muscle from Stanisz 2005, CSF and fat T1 from Bojorquez 2017, globus
 * pallidus T2 from Gelman 1999. Values marked "assumed" in the design are assumed here too
 * (deep grey, globus pallidus T1, dura, vessel). Lesion T1/T2 are resampled per subject.
 */
export const RELAXATION: Record<FieldStrength, Record<MrTissue, Relaxation>> = {
  1.5: {
    skin: r(1.0, 900, 47),
    fat: r(1.0, 350, 70, 165),
    muscle: r(1.0, 900, 47),
    bone: r(0, 1000, 1),
    diploe: r(1.0, 350, 70, 165),
    dura: r(0.3, 700, 25),
    csf: r(1.0, 3700, 2000),
    greyMatter: r(0.86, 833, 83),
    whiteMatter: r(0.77, 500, 70),
    deepGrey: r(0.83, 740, 76),
    globusPallidus: r(0.8, 750, 60),
    vessel: r(0.1, 1400, 150),
    lesion: r(0.76, 752, 237),
  },
  3: {
    skin: r(1.0, 1412, 50),
    fat: r(1.0, 385, 60, 133),
    muscle: r(1.0, 1412, 50),
    bone: r(0, 1000, 1),
    diploe: r(1.0, 385, 60, 133),
    dura: r(0.3, 1000, 22),
    csf: r(1.0, 4300, 2000),
    greyMatter: r(0.86, 1331, 110),
    whiteMatter: r(0.77, 832, 79.6),
    deepGrey: r(0.83, 1180, 85),
    globusPallidus: r(0.8, 1050, 39),
    vessel: r(0.1, 1900, 150),
    lesion: r(0.76, 1350, 100),
  },
};

/** Spin-echo signal S = PD · (1 − exp(−TR/T1)) · exp(−TE/T2) (TR, TE, T1, T2 in ms). */
export function spinEchoSignal(pd: number, t1: number, t2: number, trMs: number, teMs: number): number {
  return pd * (1 - Math.exp(-trMs / t1)) * Math.exp(-teMs / t2);
}

/**
 * Relaxation at another field strength B (tesla), from the course's 1.5 T and 3 T tables: T1 follows a
 * power law T1 ∝ B^β (Bottomley et al., Med Phys 1984;11:425; Rooney et al., MRM 2007;57:308), with β
 * fitted per tissue on the two tables; T2 and PD keep their 1.5 T values, since T2 changes little with
 * field below 3 T (Stanisz et al., MRM 2005;54:507; phantoms.md ref. 3). Returns a new table.
 */
export function relaxationAtField(tesla: number): Record<MrTissue, Relaxation> {
  const out = {} as Record<MrTissue, Relaxation>;
  for (const tissue of Object.keys(RELAXATION[1.5]) as MrTissue[]) {
    const low = RELAXATION[1.5][tissue];
    const beta = Math.log(RELAXATION[3][tissue].t1 / low.t1) / Math.log(2);
    out[tissue] = { ...low, t1: low.t1 * (tesla / 1.5) ** beta };
  }
  return out;
}

/** Spread (σ of the log) of the per-subject factors on T1, T2 and PD. */
export interface RelaxationJitter {
  t1: number;
  t2: number;
  pd: number;
}

/** phantoms.md section 3: T1 and T2 factors with σ ≈ 5–8 %, PD σ ≈ 3 % (the held-out profiles use it). */
export const TABLE_JITTER: RelaxationJitter = { t1: 0.065, t2: 0.065, pd: 0.03 };

/**
 * One subject's relaxation times: the table's values times per-subject lognormal factors (one T2 factor
 * for t2 and t2Tse). Lesions are resampled (phantoms.md: T1 700–1400, T2 100–250 ms) and vessels get a
 * flow-void proton density. Returns a new table.
 */
export function jitterRelaxation(rng: Rng, table: Record<MrTissue, Relaxation>, jitter: RelaxationJitter = TABLE_JITTER): Record<MrTissue, Relaxation> {
  const out = {} as Record<MrTissue, Relaxation>;
  for (const [tissue, base] of Object.entries(table) as [MrTissue, Relaxation][]) {
    const f1 = Math.exp(normal(rng, 0, jitter.t1));
    const f2 = Math.exp(normal(rng, 0, jitter.t2));
    out[tissue] = { pd: base.pd * Math.exp(normal(rng, 0, jitter.pd)), t1: base.t1 * f1, t2: base.t2 * f2, t2Tse: base.t2Tse * f2 };
  }
  const t2Lesion = uniform(rng, 100, 250);
  out.lesion = { pd: out.lesion.pd, t1: uniform(rng, 700, 1400), t2: t2Lesion, t2Tse: t2Lesion };
  out.vessel = { ...out.vessel, pd: uniform(rng, 0.05, 0.15) };
  return out;
}
