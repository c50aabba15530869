/**
 * What the data explorer says about a stored slice: the units its values are in (so labels and the
 * grey window follow the file, not the lesson's expectation) and which patient it belongs to.
 */
import { declaredUnits, type InputUnits } from './inputUnits';
import type { SplitName } from './types';
import { SPLIT_NAMES } from './types';

/** The units of a file's images, as the explorer labels them. */
export interface StoredUnits {
  kind: InputUnits;
  /** Whether the file says so (its `units` attribute) rather than the values being sniffed. */
  declared: boolean;
  /** Appended to a printed value: " HU" for Hounsfield units, "" for values without a physical unit. */
  suffix: string;
  /** The units in words, to follow "units: ", e.g. "Hounsfield units (HU)" or "none — z-scores (…)". */
  name: string;
  /** Whether CT windows (level and width in HU) apply. */
  hounsfield: boolean;
}

const NAMES: Record<InputUnits, string> = {
  HU: 'Hounsfield units (HU)',
  'z-scored': 'none — z-scores (standard deviations from the mean)',
  'unit-range': 'none — intensities scaled to 0…1',
  other: 'not declared — the file’s own scale',
};

/** The range of a file's stored image values (all splits together). */
export interface StoredRange {
  min: number;
  max: number;
  mean: number;
}

/** What the values themselves suggest: HU span air (≈ −1000) to tissue (≥ 0); z-scores centre on 0. */
function sniffRange({ min, max, mean }: StoredRange): InputUnits {
  if (min <= -500 && max >= 0 && max <= 32767) return 'HU';
  if (min >= 0 && max <= 1) return 'unit-range';
  if (min < 0 && max > 0 && Math.abs(mean) < 0.5 && max - min < 100) return 'z-scored';
  return 'other';
}

/**
 * The units of a file's images: its `units` attribute when it has one (the course's CT files write
 * units = "HU"), otherwise what the stored range suggests. HU only when the data is in HU: a file
 * that declares HU over values that cannot be HU (e.g. already z-scored) is labelled in its own
 * scale, as is a z-scored CT file, so neither gets HU labels or HU windows.
 */
export function storedUnits(attributes: Record<string, string | number>, range: StoredRange): StoredUnits {
  const declared = declaredUnits(attributes);
  const sniffed = sniffRange(range);
  if (declared === 'HU' && sniffed !== 'HU') {
    return { kind: 'other', declared: true, suffix: '', name: 'the file’s own scale — it declares Hounsfield units, but its values cannot be HU', hounsfield: false };
  }
  const kind = declared ?? sniffed;
  const hounsfield = kind === 'HU';
  const raw = attributes.units;
  // A declared unit the course does not know (e.g. "a.u.") is still named as the file spells it.
  const name = declared === 'other' && raw !== undefined ? `${String(raw)} (as the file declares)` : NAMES[kind];
  return { kind, declared: declared !== null, suffix: hounsfield ? ' HU' : '', name, hounsfield };
}

/** The range of stored image values over splits' summaries. */
export function storedRange(splits: readonly { count: number; x: StoredRange }[]): StoredRange {
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  let n = 0;
  for (const s of splits) {
    if (s.count === 0 || !Number.isFinite(s.x.min)) continue;
    min = Math.min(min, s.x.min);
    max = Math.max(max, s.x.max);
    sum += s.x.mean * s.count;
    n += s.count;
  }
  return n === 0 ? { min: 0, max: 0, mean: 0 } : { min, max, mean: sum / n };
}

/** A value as printed in these units: whole HU, otherwise three significant decimals. */
export function formatStored(value: number, units: Pick<StoredUnits, 'hounsfield' | 'suffix'>): string {
  if (!Number.isFinite(value)) return String(value);
  const text = units.hounsfield ? String(Math.round(value)) : Math.abs(value) >= 100 ? value.toFixed(0) : value.toFixed(3);
  return `${text.replace('-', '−')}${units.suffix}`;
}

/** Which patient (subject) a slice belongs to, numbered over the whole file. */
export interface SliceSubject {
  /** 1-based over the file: the training split's patients first, then validation, then test. */
  patient: number;
  /** First and last patient number of the slice's split. */
  firstInSplit: number;
  lastInSplit: number;
  /** 1-based position of the slice within its patient's slices, and how many that patient has. */
  slice: number;
  slicesPerPatient: number;
}

const SPLIT_KEYS: Record<SplitName, string> = { train: 'subjectsTrain', val: 'subjectsVal', test: 'subjectsTest' };

const wholeNumber = (value: string | number | undefined): number | null => {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  return Number.isInteger(n) && n >= 0 ? n : null;
};

/**
 * The patient of slice `index` (0-based) of `split`, from the attributes the course's files store:
 * `slicesPerSubject` and `subjectsTrain`/`subjectsVal`/`subjectsTest`, with each patient's slices
 * stored together and patients in order (how scripts/generate-data.ts writes them). The files store
 * no per-slice id, so this is derived; null when the file lacks these attributes or they do not add
 * up to the split's `count` slices (then the explorer says it cannot tell).
 */
export function subjectOfSlice(attributes: Record<string, string | number>, split: SplitName, index: number, count: number): SliceSubject | null {
  const perPatient = wholeNumber(attributes.slicesPerSubject);
  if (perPatient === null || perPatient === 0 || !Number.isInteger(index) || index < 0 || index >= count) return null;
  let before = 0;
  for (const s of SPLIT_NAMES) {
    const patients = wholeNumber(attributes[SPLIT_KEYS[s]]);
    if (patients === null) return null;
    if (s === split) {
      if (patients * perPatient !== count) return null;
      const within = Math.floor(index / perPatient);
      return { patient: before + within + 1, firstInSplit: before + 1, lastInSplit: before + patients, slice: (index % perPatient) + 1, slicesPerPatient: perPatient };
    }
    before += patients;
  }
  return null;
}
