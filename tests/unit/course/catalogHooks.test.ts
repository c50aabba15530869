import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LESSON_CATALOG } from '../../../src/course/catalog';

// `show: false` hides a panel only where its lesson wraps it in <CoursePanel lesson=… panel=…>: every
// catalogued panel must be wrapped, once per place it appears, and in the catalogue's (page) order.

const lessons = resolve(dirname(fileURLToPath(import.meta.url)), '../../../src/content/lessons');

describe('catalogued panels in the lessons', () => {
  for (const [lesson, entry] of Object.entries(LESSON_CATALOG)) {
    it(`${lesson}: every catalogued panel is wrapped in a CoursePanel, in catalogue order, and nothing else is`, () => {
      const mdx = readFileSync(resolve(lessons, `${lesson}.mdx`), 'utf8');
      const wrapped = [...mdx.matchAll(/<CoursePanel lesson="([\w-]+)" panel="([\w-]+)">/g)].map((m) => {
        expect(m[1]).toBe(lesson);
        return m[2];
      });
      // A panel may appear in more than one place (the explorer does); its first place sets the order.
      expect([...new Set(wrapped)]).toEqual(Object.keys(entry.panels));
    });
  }

  it('the look-inside views are hideable in both lessons', () => {
    for (const entry of Object.values(LESSON_CATALOG)) {
      expect(Object.keys(entry.panels)).toEqual(expect.arrayContaining(['feature-maps', 'inside', 'uncertainty']));
    }
  });

  it('no look-inside view is placed outside a CoursePanel', () => {
    for (const lesson of Object.keys(LESSON_CATALOG)) {
      const mdx = readFileSync(resolve(lessons, `${lesson}.mdx`), 'utf8');
      for (const view of ['FeatureMaps', 'LookInside', 'Uncertainty']) {
        const lines = mdx.split('\n').filter((line) => line.includes(`<${view} `));
        expect(lines, `${lesson}: ${view}`).toHaveLength(1);
        expect(lines[0], `${lesson}: ${view}`).toMatch(/^<CoursePanel lesson="[\w-]+" panel="[\w-]+"><\w+ client:.*\/><\/CoursePanel>$/);
      }
    }
  });
});
