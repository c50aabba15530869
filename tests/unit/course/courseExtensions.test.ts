/**
 * A course's own tasks and pages (course.config.ts `tasks` and `pages`): checked with the rest of the
 * configuration, a missing file named; the virtual module that registers the tasks imports exactly
 * the listed modules.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import defaultConfig from '../../../course.config';
import { loadCourseConfig } from '../../../src/course/load';
import { CourseConfigError, validateCourseConfig } from '../../../src/course/schema';
import { courseTasksSource } from '../../../src/course/courseTasksPlugin';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const files = new Set(['tasks/mine/register.ts', 'tasks/mine/lab.astro']);
const context = { file: 'course.config.ts', lessonIds: ['introduction'], dataFileExists: () => false, repositoryFileExists: (p: string) => files.has(p) };
const problemsOf = (config: unknown): string[] => {
  try {
    validateCourseConfig(config, context);
  } catch (error) {
    expect(error).toBeInstanceOf(CourseConfigError);
    return (error as Error).message.split('\n').slice(1).map((l) => l.trim());
  }
  throw new Error('expected the configuration to be refused');
};

describe('a course’s own tasks and pages', () => {
  it('the shipped configuration has none', () => {
    const course = validateCourseConfig(defaultConfig, { ...context, lessonIds: ['introduction', 'segmentation', 'translation'] });
    expect(course.tasks).toEqual([]);
    expect(course.pages).toEqual([]);
  });

  it('resolves listed modules and pages that exist', () => {
    const course = validateCourseConfig({
      lessons: [{ id: 'introduction' }],
      tasks: ['tasks/mine/register.ts'],
      pages: [{ path: 'labs/mine/', entrypoint: 'tasks/mine/lab.astro' }],
    }, context);
    expect(course.tasks).toEqual(['tasks/mine/register.ts']);
    expect(course.pages).toEqual([{ path: 'labs/mine/', entrypoint: 'tasks/mine/lab.astro' }]);
  });

  it('names a missing module or entry point, a path outside the repository and a path served twice', () => {
    expect(problemsOf({
      lessons: [{ id: 'introduction' }],
      tasks: ['tasks/mine/registr.ts'],
      pages: [{ path: 'labs/mine/', entrypoint: 'tasks/mine/lab.astro' }, { path: 'labs/mine/', entrypoint: 'tasks/mine/page.astro' }],
    })).toEqual([
      'course.config.ts: tasks[0]: expected a module at tasks/mine/registr.ts (a path from the repository root), found "no such file"',
      'course.config.ts: pages[1].entrypoint: expected a file at tasks/mine/page.astro (a path from the repository root), found "no such file"',
      'course.config.ts: pages[1].path: expected each path once, found "labs/mine/"',
    ]);
    expect(problemsOf({ lessons: [{ id: 'introduction' }], tasks: ['../elsewhere/register.ts', 'tasks/mine/index.json'] })).toEqual([
      'course.config.ts: tasks[0]: expected a module file (.ts, .js or .mjs) that registers tasks: a path from the repository root, without .. or a leading /, found "../elsewhere/register.ts"',
      'course.config.ts: tasks[1]: expected a module file (.ts, .js or .mjs) that registers tasks, found "tasks/mine/index.json"',
    ]);
  });

  it('loading a configuration checks the files on disk: the fixture site’s exist, a missing one stops the build with its name', async () => {
    const fixture = await loadCourseConfig(root, 'tests/fixtures/course-config/fixture.ts');
    expect(fixture.tasks).toEqual(['tests/fixtures/tasks/denoising/register.ts']);
    expect(fixture.pages.map((p) => p.path)).toEqual(['labs/denoising/', 'data/denoising-16.h5']);
    await expect(loadCourseConfig(root, 'tests/fixtures/course-config/bad-task.ts')).rejects.toThrow(
      'tests/fixtures/course-config/bad-task.ts: tasks[0]: expected a module at tests/fixtures/tasks/missing/register.ts (a path from the repository root), found "no such file"',
    );
  });

  it('the virtual module imports exactly the listed modules, by absolute path, and nothing without them', () => {
    expect(courseTasksSource('/repo', [])).not.toMatch(/import/);
    const source = courseTasksSource('/repo', ['tasks/a/register.ts', 'tasks/b/register.ts']);
    expect(source.match(/^import .*;$/gm)).toEqual(['import "/repo/tasks/a/register.ts";', 'import "/repo/tasks/b/register.ts";']);
  });
});
