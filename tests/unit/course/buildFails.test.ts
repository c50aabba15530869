/**
 * A bad course configuration stops the real build before anything is built, with the file, the
 * field, what was expected and what was found (the configuration is checked as astro.config.mjs loads).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

describe('astro build with a bad course configuration', () => {
  it('fails and names tests/fixtures/course-config/bad.ts, the field and the value', () => {
    const outDir = mkdtempSync(join(tmpdir(), 'course-bad-build-'));
    try {
      const result = spawnSync(process.execPath, ['node_modules/astro/bin/astro.mjs', 'build'], {
        env: { ...process.env, COURSE_CONFIG: 'tests/fixtures/course-config/bad.ts', COURSE_OUT_DIR: join(outDir, 'site'), ASTRO_TELEMETRY_DISABLED: '1' },
        encoding: 'utf8',
        timeout: 110_000,
      });
      const output = `${result.stdout}\n${result.stderr}`;
      expect(result.status, output).not.toBe(0);
      expect(output).toContain('tests/fixtures/course-config/bad.ts: lessons[1] (segmentation).panels["model-b"].defaults.epochs: expected a whole number from 1 to 500, found 0');
      expect(existsSync(join(outDir, 'site'))).toBe(false);
    } finally {
      rmSync(outDir, { recursive: true, force: true });
    }
  });
});
