/**
 * The domain-shift sandbox's table: which changes of the test slices a lesson offers ("another scanner"),
 * how strong each gets, what real difference between scanners each stands for, and which of the task's
 * test metrics the curve plots. Plain data and pure functions (no tensors): the engine turns a shift into
 * IntensityParams for intensityBatch, the page draws its controls and words from the same table.
 */
import { SettingsError } from '../errors';
import { IDENTITY_INTENSITY, type IntensityParams } from '../augment/intensityConfig';
import { biasPeak } from '../augment/sampleIntensityParams';
import type { Task } from '../data/types';
import type { BaselineMetric } from './types';

export type ShiftKind = 'noise' | 'contrast' | 'bias' | 'blur' | 'lowRes' | 'gamma' | 'huOffset';

/** One shift a lesson offers. Its strengths are in the shift's own amount, the first being no shift at all (`none`). */
export interface ShiftSpec {
  kind: ShiftKind;
  label: string;
  /** What a strength is, for the slider and the chart's x axis. */
  amount: string;
  /** The amount that changes nothing (the no-shift point). */
  none: number;
  /** Strengths measured for the curve, from `none` up. */
  strengths: readonly number[];
  digits: number;
  /** What real difference between scanners it stands for, in one sentence. */
  stands: string;
  /** Only for files in Hounsfield units. */
  needsHounsfield?: boolean;
}

/** A metric the curve plots, with how far from the no-shift value a change counts as small or large for the guess. */
export interface ShiftMetric extends BaselineMetric {
  /** Changes below `small` are "about the same", above `large` "much"; relative: as a fraction of the no-shift value. */
  bands: { small: number; large: number; relative: boolean };
}

/** A task's shifts and the metrics its curve plots (the first is the one the learner guesses). */
export interface TaskShifts {
  shifts: readonly ShiftSpec[];
  metrics: readonly ShiftMetric[];
}

const common = (words: { noise: string; bias: string; blur: string; lowRes: string; gamma: string; contrast: string }, noiseMax: readonly number[]): ShiftSpec[] => [
  { kind: 'noise', label: 'Noise', amount: 'noise σ (× the slice’s standard deviation)', none: 0, strengths: noiseMax, digits: 2, stands: words.noise },
  { kind: 'contrast', label: 'Contrast and brightness', amount: 'contrast gain − 1 (and brightness in standard deviations)', none: 0, strengths: [0, 0.1, 0.25, 0.5, 0.75, 1], digits: 2, stands: words.contrast },
  { kind: 'bias', label: 'Bias field (shading)', amount: 'shading strength (0.3: up to ×1.35 brighter or ×0.74 darker)', none: 0, strengths: [0, 0.1, 0.2, 0.3, 0.45, 0.6], digits: 2, stands: words.bias },
  { kind: 'blur', label: 'Blur', amount: 'blur σ (pixels of the file)', none: 0, strengths: [0, 0.5, 1, 1.5, 2, 3], digits: 1, stands: words.blur },
  { kind: 'lowRes', label: 'Lower resolution', amount: 'downsampling factor', none: 1, strengths: [1, 1.5, 2, 2.5, 3, 4], digits: 1, stands: words.lowRes },
  { kind: 'gamma', label: 'Gamma', amount: 'gamma exponent', none: 1, strengths: [1, 1.25, 1.5, 2, 2.5, 3], digits: 2, stands: words.gamma },
];

/** The lessons' tables; a task without an entry has no sandbox (the request says so). */
export const DOMAIN_SHIFTS: Readonly<Record<Task, TaskShifts>> = {
  segmentation: {
    shifts: [
      ...common({
        noise: 'A lower-dose protocol or a larger patient: fewer photons reach the detector, so the same tissue is grainier.',
        contrast: 'Another reconstruction or export that rescales the stored values linearly (a different slope and intercept, or a file exported from a viewer).',
        bias: 'Beam hardening and scatter: a shading across the body that makes the centre darker or one side brighter.',
        blur: 'A softer reconstruction kernel or thicker slices (partial volume): edges are smeared.',
        lowRes: 'A coarser matrix or larger field of view: fewer pixels across the chest, upsampled again.',
        gamma: 'A non-linear mapping of the values, as when slices were exported through a display curve (a screenshot or PNG) instead of as numbers.',
      }, [0, 0.05, 0.1, 0.2, 0.35, 0.5]),
      {
        kind: 'huOffset', label: 'HU offset', amount: 'offset (HU added to every pixel)', none: 0, strengths: [0, 25, 50, 100, 150, 200], digits: 0, needsHounsfield: true,
        stands: 'A miscalibrated scanner or a different tube voltage: water no longer sits at 0 HU; the one shift measured in absolute units, not relative to the slice.',
      },
    ],
    metrics: [{ key: 'meanHardDice', label: 'Mean hard Dice', direction: 'higher', digits: 3, bands: { small: 0.02, large: 0.1, relative: false } }],
  },
  translation: {
    shifts: common({
      noise: 'A lower field strength, a faster acquisition or a coil farther from the head: a lower signal-to-noise ratio.',
      contrast: 'Another scanner’s receiver gain and scaling: MR intensities have no absolute units, so the same tissue is stored as other numbers.',
      bias: 'Coil sensitivity and field inhomogeneity (stronger at 3 T): the same tissue brighter near one coil than across the head.',
      blur: 'Motion or a smoother reconstruction filter: edges between grey matter, white matter and fluid are smeared.',
      lowRes: 'A thicker-slice or lower-matrix protocol, upsampled for viewing: fine structure is lost.',
      gamma: 'Other sequence timings (TR, TE, inversion time): tissue contrasts change non-linearly, not by one scale for all.',
    }, [0, 0.05, 0.1, 0.2, 0.3, 0.5]),
    metrics: [
      { key: 'maeInHead', label: 'MAE inside the head', direction: 'lower', digits: 4, bands: { small: 0.05, large: 0.25, relative: true } },
      { key: 'ssim', label: 'SSIM', direction: 'higher', digits: 3, bands: { small: 0.02, large: 0.1, relative: false } },
    ],
  },
};

/** The task's table; a SettingsError for a task without one. */
export function taskShifts(task: Task): TaskShifts {
  const entry = DOMAIN_SHIFTS[task];
  if (!entry) throw new SettingsError(`The domain-shift sandbox has no shifts for the task '${task}'.`, 'Add an entry for it to DOMAIN_SHIFTS (src/lib/tasks/domainShifts.ts).');
  return entry;
}

/** The shifts offered on a file: the HU offset only where the inputs are in Hounsfield units. */
export function shiftsOffered(task: Task, hounsfield: boolean): ShiftSpec[] {
  return taskShifts(task).shifts.filter((s) => hounsfield || !s.needsHounsfield);
}

/** The shift `kind` as offered for the task and file; a SettingsError for one it does not offer. */
export function shiftSpec(task: Task, kind: ShiftKind, hounsfield: boolean): ShiftSpec {
  const spec = shiftsOffered(task, hounsfield).find((s) => s.kind === kind);
  if (spec) return spec;
  const all = taskShifts(task).shifts.find((s) => s.kind === kind);
  throw new SettingsError(
    all ? `The ${all.label} shift needs inputs in Hounsfield units, but this file is not in HU.` : `The task '${task}' offers no shift called '${String(kind)}'.`,
    `Choose one of: ${shiftsOffered(task, hounsfield).map((s) => s.label).join(', ')}.`,
  );
}

/** The bias field's shape, scaled so that its largest |log| in the image is 1: a strength s shades by at most e^±s. */
const RAW_SHAPE: IntensityParams['bias'] = [0.6, -0.4, 0.3, 0.2, 0.3];
const BIAS_SHAPE = RAW_SHAPE.map((b) => b / biasPeak(RAW_SHAPE)) as IntensityParams['bias'];

/**
 * A shift at one strength as the change it makes: IntensityParams for intensityBatch, or an offset in the
 * file's units (the HU offset, a plain add). Throws a SettingsError for a strength the change cannot take.
 */
export function shiftChange(kind: ShiftKind, strength: number): { intensity: IntensityParams } | { offset: number } {
  const bad = (what: string) => new SettingsError(`Expected the ${kind} strength to be ${what}, but got ${String(strength)}.`, 'Use the strengths the sandbox offers.');
  if (typeof strength !== 'number' || !Number.isFinite(strength)) throw bad('a finite number');
  const p = (change: Partial<IntensityParams>) => ({ intensity: { ...IDENTITY_INTENSITY, bias: [...IDENTITY_INTENSITY.bias] as IntensityParams['bias'], ...change } });
  switch (kind) {
    case 'huOffset': return { offset: strength };
    case 'noise': if (strength < 0 || strength > 2) throw bad('from 0 to 2'); return p({ noiseStd: strength });
    case 'contrast': if (strength < -0.9 || strength > 2) throw bad('from −0.9 to 2'); return p({ contrast: 1 + strength, brightness: strength });
    case 'bias': if (Math.abs(strength) > 1.5) throw bad('from −1.5 to 1.5'); return p({ bias: BIAS_SHAPE.map((b) => b * strength) as IntensityParams['bias'] });
    case 'blur': if (strength < 0 || strength > 8) throw bad('from 0 to 8 pixels'); return p({ blurSigma: strength });
    case 'lowRes': if (strength < 1 || strength > 8) throw bad('from 1 to 8'); return p({ lowRes: strength });
    case 'gamma': if (strength <= 0 || strength > 5) throw bad('above 0 and at most 5'); return p({ gamma: strength });
    default: throw new SettingsError(`Unknown shift '${String(kind)}'.`, 'Use one of noise, contrast, bias, blur, lowRes, gamma, huOffset.');
  }
}

export type GuessBand = 'better' | 'same' | 'bit-worse' | 'much-worse';

/** The learner's possible guesses, in the order offered. */
export const GUESS_BANDS: readonly { band: GuessBand; words: string }[] = [
  { band: 'better', words: 'better' },
  { band: 'same', words: 'about the same' },
  { band: 'bit-worse', words: 'a bit worse' },
  { band: 'much-worse', words: 'much worse' },
];

/** Which guess a measured change from `noShift` to `shifted` matches, by the metric's bands and direction. */
export function bandOf(metric: ShiftMetric, noShift: number, shifted: number): GuessBand {
  const worse = metric.direction === 'higher' ? noShift - shifted : shifted - noShift;
  const size = metric.bands.relative ? Math.abs(worse) / Math.max(Math.abs(noShift), 1e-12) : Math.abs(worse);
  if (size < metric.bands.small) return 'same';
  if (worse < 0) return 'better';
  return size < metric.bands.large ? 'bit-worse' : 'much-worse';
}
