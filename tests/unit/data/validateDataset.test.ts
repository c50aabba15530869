import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readLessonDataset } from '../../../src/lib/data/readLessonDataset';
import type { LessonDataset } from '../../../src/lib/data/types';
import { datasetWarnings } from '../../../src/lib/data/validateDataset';
import { writeLessonDataset } from '../../../src/lib/data/writeLessonDataset';
import { buildBrainDataset } from '../../../src/lib/phantoms/brainDataset';
import { translation } from '../../../src/lib/tasks/translation';

const NORMALISED = /looks already normalised to \[0, 1\]/;
const rules = translation.data;
const dir = mkdtempSync(join(tmpdir(), 'validate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function unitRange(attributes: LessonDataset['attributes']): LessonDataset {
  const split = () => ({ x: new Float32Array([0, 0.25, 0.5, 1]), y: new Float32Array([0.1, 0.2, 0.3, 0.9]), count: 1 });
  return { height: 2, width: 2, attributes, train: split(), val: split() };
}

describe('the "already normalised to [0, 1]" warning for intensity tasks', () => {
  it('fires for a [0, 1] file that names no units, and not for one whose attributes say what they are', () => {
    expect(datasetWarnings(unitRange({}), rules).some((w) => NORMALISED.test(w))).toBe(true);
    expect(datasetWarnings(unitRange({ xUnits: 'T1w magnitude divided by scaleT1w' }), rules).some((w) => NORMALISED.test(w))).toBe(false);
    expect(datasetWarnings(unitRange({ units: 'a.u.' }), rules).some((w) => NORMALISED.test(w))).toBe(false);
    // Tasks that do not ask for physical units never warn.
    expect(datasetWarnings(unitRange({}), { ...rules, warnNormalizedInput: false }).some((w) => NORMALISED.test(w))).toBe(false);
  });

  it('stays quiet for the course generator\'s MRI file, written as npm run data writes it', { timeout: 60_000 }, async () => {
    const course = buildBrainDataset({ seed: 3, size: 32, subjects: { train: 3, val: 1, test: 1 }, slicesPerSubject: 4 });
    const path = join(dir, 'brain.h5');
    await writeLessonDataset(path, course, { dtypeX: 'uint8', dtypeY: 'uint8', scaleX: 127, scaleY: 127, compression: 6 });
    const read = await readLessonDataset(path, { rules });
    expect(read.train.x.every((v) => v >= 0 && v <= 1)).toBe(true);
    expect(read.warnings ?? []).not.toContainEqual(expect.stringMatching(NORMALISED));
  });

  const courseFile = 'public/data/brain-mri-128.h5';
  it.skipIf(!existsSync(courseFile))('stays quiet for the course\'s own public/data/brain-mri-128.h5 (npm run data)', { timeout: 60_000 }, async () => {
    const read = await readLessonDataset(courseFile, { rules });
    expect(read.attributes.xUnits).toMatch(/divided by scaleT1w/);
    expect(read.warnings ?? []).not.toContainEqual(expect.stringMatching(NORMALISED));
  });
});
