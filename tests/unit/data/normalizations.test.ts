import { describe, expect, it } from 'vitest';
import { TRAIN_USAGE } from '../../../scripts/trainArgs';
import { taskAllows } from '../../../src/course/presetFields';
import {
  assertNormalization, describeNormalization, expectedUnits, isAffineInvariant, NORMALIZATION_CHOICES, NORMALIZATION_KINDS,
  normalizationChoicesFor, normalizationEntry, NORMALIZATIONS, parseNormalization,
} from '../../../src/lib/data/normalizations';
import { SettingsError } from '../../../src/lib/errors';

/** The registry's entries that stand for a fixed normalisation (all but `auto`). */
const fixed = NORMALIZATIONS.filter((entry) => entry.normalization !== null);

/** The hint parseNormalization gives for a name it does not know. */
function unknownNameHint(): string {
  try {
    parseNormalization('no-such-normalisation');
  } catch (error) {
    expect(error).toBeInstanceOf(SettingsError);
    return (error as SettingsError).hint;
  }
  throw new Error('parseNormalization accepted an unknown name');
}

describe('the normalisation registry', () => {
  it('gives every choice a distinct name, a label and a one-line description', () => {
    expect(new Set(NORMALIZATION_CHOICES).size).toBe(NORMALIZATIONS.length);
    expect(NORMALIZATION_CHOICES).toEqual(NORMALIZATIONS.map((entry) => entry.choice));
    expect(new Set(NORMALIZATIONS.map((entry) => entry.label)).size).toBe(NORMALIZATIONS.length);
    for (const entry of NORMALIZATIONS) {
      expect(entry.label.trim().length, entry.choice).toBeGreaterThan(0);
      expect(entry.description.trim().length, entry.choice).toBeGreaterThan(0);
      expect(entry.description, entry.choice).not.toMatch(/\n/);
      expect(normalizationEntry(entry.choice)).toBe(entry);
    }
    // Only `auto` leaves the choice to the file.
    expect(NORMALIZATIONS.filter((entry) => entry.normalization === null).map((entry) => entry.choice)).toEqual(['auto']);
  });

  it('parses each name to its normalisation (a copy), which describes itself as the entry does', () => {
    for (const entry of fixed) {
      const parsed = parseNormalization(entry.choice);
      expect(parsed, entry.choice).toEqual(entry.normalization);
      expect(parsed, entry.choice).not.toBe(entry.normalization);
      expect(describeNormalization(parsed), entry.choice).toBe(entry.description);
      expect(parseNormalization(` ${entry.choice.toUpperCase()} `), entry.choice).toEqual(parsed);
      expect(() => assertNormalization(parsed, entry.choice)).not.toThrow();
    }
    // `auto` is the panel's, not a normalisation: the CLI refuses it as before.
    expect(() => parseNormalization('auto')).toThrow(/Unknown normalisation "auto"/);
  });

  it('lists each kind once, in the order of the first choice that applies it, and accepts no other', () => {
    const kindsInOrder = fixed.map((entry) => entry.normalization!.kind).filter((kind, at, all) => all.indexOf(kind) === at);
    expect(NORMALIZATION_KINDS).toEqual(kindsInOrder);
    expect(() => assertNormalization({ kind: 'lung-window' }, 'model.json')).toThrow(/model.json names an input normalisation/);
  });

  it('derives the Hounsfield-unit filter and the expected units from the entries', () => {
    expect(normalizationChoicesFor({ inputsInHounsfield: true })).toEqual(NORMALIZATION_CHOICES);
    expect(normalizationChoicesFor({ inputsInHounsfield: false })).toEqual(NORMALIZATIONS.filter((entry) => !entry.needsHounsfield).map((entry) => entry.choice));
    for (const entry of fixed) expect(expectedUnits(entry.normalization!), entry.choice).toBe(entry.needsHounsfield ? 'HU' : null);
    // Some choice needs HU and some does not, or the filter would not be doing anything.
    expect(NORMALIZATIONS.some((entry) => entry.needsHounsfield)).toBe(true);
    expect(NORMALIZATIONS.some((entry) => !entry.needsHounsfield)).toBe(true);
    // A custom CT window needs HU like the course's lung window.
    expect(expectedUnits(parseNormalization('ct-window:40:400'))).toBe('HU');
  });

  it('offers each task the same choices as its panel does today', () => {
    expect(normalizationChoicesFor({ inputsInHounsfield: true })).toEqual(taskAllows('segmentation').normalizations);
    expect(normalizationChoicesFor({ inputsInHounsfield: false })).toEqual(taskAllows('translation').normalizations);
  });

  it('names every accepted name in the CLI hint and usage', () => {
    const hint = unknownNameHint();
    for (const entry of fixed) expect(hint, entry.choice).toContain(entry.choice);
    expect(hint).toContain('ct-window:LEVEL:WIDTH');
    expect(hint).not.toContain('auto');
    const usage = TRAIN_USAGE.slice(TRAIN_USAGE.indexOf('--normalization  input normalisation'));
    for (const entry of fixed) expect(usage, entry.choice).toContain(entry.choice);
  });

  it('parses and describes the normalisations the CLI offers', () => {
    expect(parseNormalization('hu-scale')).toEqual({ kind: 'hu-scale', divisor: 1000 });
    expect(parseNormalization('lung-window')).toEqual({ kind: 'ct-window', level: -600, width: 1500 });
    expect(parseNormalization('ct-window:40:400')).toEqual({ kind: 'ct-window', level: 40, width: 400 });
    expect(parseNormalization('ZSCORE-SLICE')).toEqual({ kind: 'zscore-slice' });
    expect(() => parseNormalization('hu')).toThrow(/Unknown normalisation "hu"/);
    expect(describeNormalization({ kind: 'hu-scale', divisor: 1000 })).toBe('Hounsfield units HU / 1000');
    expect(describeNormalization({ kind: 'hu-scale', divisor: 2000, offset: -1024 })).toBe('Hounsfield units (HU − -1024) / 2000');
    expect(describeNormalization({ kind: 'ct-window', level: 40, width: 400, range: '-1..1' })).toBe('CT window level 40 HU, width 400 HU, to -1..1');
    expect(describeNormalization({ kind: 'zscore-slice' })).toMatch(/per-slice z-score/);
    expect(isAffineInvariant({ kind: 'zscore-slice' })).toBe(true);
    expect(isAffineInvariant({ kind: 'hu-scale' })).toBe(false);
    expect(() => assertNormalization({ kind: 'ct-window', level: 0 }, 'model.json')).toThrow(/model.json names an input normalisation/);
    expect(() => assertNormalization({ kind: 'zscore-slice' }, 'x')).not.toThrow();
  });
});
