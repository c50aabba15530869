/**
 * Builds the site under a sub-path, as GitHub Pages serves a fork, and checks that every internal
 * link and asset URL in every page carries the base and points at a file that was built.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const BASE = '/some/sub/path/';
const URL_ATTRIBUTES = ['href', 'src', 'srcset', 'component-url', 'renderer-url', 'poster', 'action'];
const run = promisify(execFile);

let outDir = '';

function htmlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return htmlFiles(path);
    return name.endsWith('.html') ? [path] : [];
  });
}

/** Every URL-valued attribute in a page, with `&amp;` decoded; srcset lists are split into URLs. */
function urlsIn(html: string): string[] {
  const urls: string[] = [];
  const pattern = new RegExp(`\\s(${URL_ATTRIBUTES.join('|')})=("([^"]*)"|'([^']*)')`, 'g');
  for (const match of html.matchAll(pattern)) {
    const value = (match[3] ?? match[4] ?? '').replaceAll('&amp;', '&');
    if (match[1] === 'srcset') urls.push(...value.split(',').map((part) => part.trim().split(/\s+/)[0]).filter(Boolean));
    else urls.push(value);
  }
  return urls;
}

/** Internal means: not another origin, not a fragment on the same page, not mailto:/tel:/data:/javascript:. */
function isInternal(url: string): boolean {
  if (url === '' || url.startsWith('#')) return false;
  if (/^(mailto|tel|data|javascript|blob):/i.test(url)) return false;
  if (url.startsWith('//')) return false;
  return !/^[a-z][a-z0-9+.-]*:/i.test(url);
}

/** The built file a URL path (already stripped of the base, query and fragment) is served from, or null. */
function resolveFile(root: string, path: string): string | null {
  const candidates = path === '' || path.endsWith('/') ? [join(root, path, 'index.html')] : [join(root, path), join(root, path, 'index.html'), join(root, `${path}.html`)];
  return candidates.find((candidate) => existsSync(candidate) && statSync(candidate).isFile()) ?? null;
}

/** The test runner's environment without what Vitest adds: Vite would read its BASE_URL and MODE back in. */
function buildEnvironment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^(BASE_URL|MODE|DEV|PROD|SSR|NODE_ENV|TEST|VITEST.*)$/.test(key)) env[key] = value;
  }
  return { ...env, BASE_PATH: BASE, SITE_URL: 'https://example.github.io', ASTRO_TELEMETRY_DISABLED: '1' };
}

beforeAll(async () => {
  outDir = mkdtempSync(join(tmpdir(), 'course-base-path-'));
  await run('npm', ['exec', '--', 'astro', 'build', '--outDir', outDir], {
    cwd: process.cwd(),
    env: buildEnvironment(),
    maxBuffer: 64 * 1024 * 1024,
  });
}, 300_000);

afterAll(() => {
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

describe(`a build with BASE_PATH=${BASE}`, () => {
  it('produces the home page, the lesson list, the instructors page, the introduction and a 404 page', () => {
    for (const page of ['index.html', 'lessons/index.html', 'instructors/index.html', 'lessons/introduction/index.html', '404.html']) {
      expect(existsSync(join(outDir, page)), `${page} was not built`).toBe(true);
    }
  });

  it('prefixes every internal URL with the base and points it at a built file', () => {
    const problems: string[] = [];
    let checked = 0;
    for (const file of htmlFiles(outDir)) {
      const page = relative(outDir, file);
      for (const url of urlsIn(readFileSync(file, 'utf8')).filter(isInternal)) {
        checked += 1;
        if (!url.startsWith(BASE)) {
          problems.push(`${page}: ${url} does not start with ${BASE}`);
          continue;
        }
        const [withoutFragment, fragment] = url.split('#', 2);
        const path = decodeURIComponent(withoutFragment.split('?')[0].slice(BASE.length));
        const target = resolveFile(outDir, path);
        if (target === null) {
          problems.push(`${page}: ${url} points at nothing that was built`);
        } else if (fragment && target.endsWith('.html') && !readFileSync(target, 'utf8').includes(`id="${fragment}"`)) {
          problems.push(`${page}: ${url} points at a missing anchor #${fragment}`);
        }
      }
    }
    expect(problems).toEqual([]);
    // Guards against a parser that silently finds nothing.
    expect(checked).toBeGreaterThan(20);
  });

  it('links the favicon and the lesson pages under the base', () => {
    const home = readFileSync(join(outDir, 'index.html'), 'utf8');
    expect(home).toContain(`href="${BASE}favicon.svg"`);
    expect(home).toContain(`href="${BASE}lessons/introduction/"`);
  });
});
