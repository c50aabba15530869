import { describe, expect, it } from 'vitest';
import { CourseError, DatasetFormatError, SettingsError, ShapeError, TrainingError, toErrorInfo } from '../../src/lib/errors';
import { DeviceLostError } from '../../src/lib/train/deviceLoss';
import { readFileSync } from 'node:fs';

describe('course errors', () => {
  it('each kind names itself with a string that survives a minified build', () => {
    const cases: [CourseError, string][] = [
      [new DatasetFormatError('m', 'h'), 'DatasetFormatError'],
      [new ShapeError('m'), 'ShapeError'],
      [new SettingsError('m'), 'SettingsError'],
      [new TrainingError('m'), 'TrainingError'],
      [new DeviceLostError('m', 'h', 2), 'DeviceLostError'],
    ];
    for (const [error, name] of cases) {
      expect(error.name).toBe(name);
      expect(toErrorInfo(error)).toEqual({ name, message: 'm', hint: error.hint });
    }
    // The names are written out in the source, not read from the (renamable) class at run time.
    const source = readFileSync(new URL('../../src/lib/errors.ts', import.meta.url), 'utf8');
    for (const name of ['DatasetFormatError', 'ShapeError', 'SettingsError', 'TrainingError']) expect(source).toContain(`name = '${name}'`);
  });
});
