import { createRng, deriveSeed, uniform, type Rng } from '../random';
import type { BrainMriSubject } from './brainMriSubject';
import { jitterRelaxation, RELAXATION, relaxationAtField, type MrTissue, type Relaxation } from './brainMriTissues';

/**
 * The course's per-subject scanner and head variety (issue 22): what a T1→T2 mapping meets across sites,
 * over ranges that stop short of the held-out profiles' (brainMriHospital.ts: hospital-b is 1.0 T with
 * T1w TR 350–450 / TE 15–20 and T2w TR 2500–3000 / TE 120–140; hospital-c is 3 T with T1w TR 800–1000 /
 * TE 5–8 and T2w TR 5500–7000 / TE 60–80; both have SNR ≤ 15 / ≤ 10, bias ≥ 45 %, heads ×0.82–0.88 or
 * ×1.06–1.10, 9–15 mm off centre, 12–20° rotated, FOV ≤ 215 or ≥ 250 mm and 5–6 mm slabs).
 */
export const COURSE_MR_RANGES = {
  /** Share of subjects at a field between the two tables (T1 by relaxationAtField's power law); the rest keep 1.5 T or 3 T. */
  intermediateFieldShare: 0.35,
  intermediateFieldT: [1.2, 2.7],
  /** T1w spin echo, the same range at every field (the first draw ties TR to the field: 450–650 at 1.5 T, 550–750 at 3 T). */
  t1wTrMs: [455, 790],
  t1wTeMs: [8, 15],
  /** T2w turbo spin echo (first draw: TR 3000–5000). */
  t2wTrMs: [3000, 5400],
  t2wTeMs: [80, 120],
  /** SNR of white matter (first draw: 15–40 and 10–30); lower SNR is the held-out sets'. */
  snrT1w: [15, 50],
  snrT2w: [10, 40],
  /** Bias peak-to-peak (1 + shared)(1 + own) − 1 ≤ 43 % (first draw: ≤ 40 %, BrainWeb's range). */
  biasShared: [0, 0.28],
  biasOwn: [0, 0.12],
  /** Head semi-axes times this factor (first draw: 88–100 / 70–82 mm). */
  headScale: [0.9, 1.05],
  headShiftMm: 8.5,
  headRotationDeg: 11,
  fovMm: [216, 248],
  /** In-plane PSF σ in px at 128 (first draw: 0.4–0.8). */
  psfSigmaPx: [0.35, 0.95],
  /** Share of subjects with thick slices in both contrasts: 3 levels over this many mm. */
  slabShare: 0.4,
  slabMm: [1.5, 4],
  /** σ of the log of the per-subject T1, T2 and PD factors (first draw: 0.065, 0.065, 0.03). */
  jitter: { t1: 0.09, t2: 0.08, pd: 0.04 },
} as const;

const draw = (rng: Rng, [lo, hi]: readonly [number, number]) => uniform(rng, lo, hi);

/**
 * Grey and white matter as reported by other studies, mixed into the table by a per-subject weight: at 3 T
 * Lalande/Bojorquez (GM 1425/83, WM 940/75 ms; Bojorquez et al., MRI 2017;35:69, via phantoms.md ref. 5)
 * against Wansapura's 1331/110 and 832/79.6; at 1.5 T the T2 of Atlas's Table 2.1 (GM 100, WM 80 ms;
 * phantoms.md ref. 7) against BrainWeb's 83 and 70. Published values of one tissue differ by more than
 * the first draw's 6.5 % jitter (WM T1 at 3 T is reported from 699 to 1735 ms, Bojorquez 2017).
 */
function studyMix(table: Record<MrTissue, Relaxation>, field: number, weight: number): Record<MrTissue, Relaxation> {
  const lerp = (a: number, b: number) => a + (b - a) * weight;
  const gm = table.greyMatter;
  const wm = table.whiteMatter;
  if (field === 3) {
    return { ...table, greyMatter: { ...gm, t1: lerp(gm.t1, 1425), t2: lerp(gm.t2, 83), t2Tse: lerp(gm.t2Tse, 83) }, whiteMatter: { ...wm, t1: lerp(wm.t1, 940), t2: lerp(wm.t2, 75), t2Tse: lerp(wm.t2Tse, 75) } };
  }
  return { ...table, greyMatter: { ...gm, t2: lerp(gm.t2, 100), t2Tse: lerp(gm.t2Tse, 100) }, whiteMatter: { ...wm, t2: lerp(wm.t2, 80), t2Tse: lerp(wm.t2Tse, 80) } };
}

/**
 * The course subject: the first draw with its scanner, tissue values, head pose and size, FOV, resolution
 * and slice thickness redrawn over COURSE_MR_RANGES from its own stream (deriveSeed(seed,
 * 'brain-mri-course-variety')). Anatomy inside the head is the first draw's. Returns a new subject.
 */
export function widenCourseSubject(base: BrainMriSubject): BrainMriSubject {
  const R = COURSE_MR_RANGES;
  const rng = createRng(deriveSeed(base.seed, 'brain-mri-course-variety'));
  const sign = () => (rng() < 0.5 ? -1 : 1);
  const intermediate = rng() < R.intermediateFieldShare;
  const field = intermediate ? draw(rng, R.intermediateFieldT) : base.field;
  const table = field === 3 ? RELAXATION[3] : field === 1.5 ? RELAXATION[1.5] : relaxationAtField(field);
  const relaxation = jitterRelaxation(rng, studyMix(table, field, rng()), R.jitter);
  const scale = draw(rng, R.headScale);
  const slab = rng() < R.slabShare ? { levels: 3, thicknessMm: draw(rng, R.slabMm) } : undefined;
  return {
    ...base,
    field,
    fovMm: draw(rng, R.fovMm),
    head: {
      ...base.head,
      halfAp: base.head.halfAp * scale,
      halfLr: base.head.halfLr * scale,
      cx: sign() * uniform(rng, 0, R.headShiftMm),
      cy: sign() * uniform(rng, 0, R.headShiftMm),
      rotation: sign() * uniform(rng, 0, R.headRotationDeg) * (Math.PI / 180),
    },
    relaxation,
    sequences: {
      t1w: { trMs: draw(rng, R.t1wTrMs), teMs: draw(rng, R.t1wTeMs) },
      t2w: { trMs: draw(rng, R.t2wTrMs), teMs: draw(rng, R.t2wTeMs) },
      pdw: base.sequences.pdw,
    },
    snr: { ...base.snr, t1w: draw(rng, R.snrT1w), t2w: draw(rng, R.snrT2w) },
    bias: { shared: draw(rng, R.biasShared), t1w: draw(rng, R.biasOwn), t2w: draw(rng, R.biasOwn), pdw: draw(rng, R.biasOwn) },
    psfSigmaPx: draw(rng, R.psfSigmaPx),
    ...(slab ? { slab } : {}),
  };
}
