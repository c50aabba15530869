/** docs/architecture.md stays true: every repository path it names exists. */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const doc = readFileSync('docs/architecture.md', 'utf8');
// Paths in backticks that start at a top-level folder of the repository, e.g. `src/lib/tasks/index.ts`.
const named = [...doc.matchAll(/`((?:src|tests|scripts|docs)\/[^`\s<>]+|[a-z.]+\.config\.(?:ts|js)|eslint\.config\.js)`/g)].map((m) => m[1]);

describe('docs/architecture.md', () => {
  it('names files (the recipes depend on them)', () => {
    expect(named.length).toBeGreaterThan(40);
  });

  it.each([...new Set(named)])('names %s, which exists', (path) => {
    expect(existsSync(path)).toBe(true);
  });
});
