/**
 * Loads and checks the course configuration for the build (Node only): the file named by the
 * COURSE_CONFIG environment variable, else course.config.ts at the repository root.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CourseConfigError, validateCourseConfig, type ResolvedCourse } from './schema';

/** Reads, checks and resolves the configuration; throws CourseConfigError naming the file and field. */
export async function loadCourseConfig(root: string, file = process.env.COURSE_CONFIG || 'course.config.ts'): Promise<ResolvedCourse> {
  const path = isAbsolute(file) ? file : resolve(root, file);
  const shown = relative(root, path) || path;
  if (!existsSync(path)) {
    throw new CourseConfigError(`${shown}: no such file.`, 'Create course.config.ts at the repository root, or point COURSE_CONFIG at your configuration.');
  }
  let module: { default?: unknown };
  try {
    module = (await import(/* @vite-ignore */ `${pathToFileURL(path).href}?t=${Date.now()}`)) as { default?: unknown };
  } catch (error) {
    throw new CourseConfigError(`${shown}: could not be read (${error instanceof Error ? error.message : String(error)}).`, 'Check the file’s syntax: it is TypeScript with one `export default { … }`.');
  }
  if (module.default === undefined) {
    throw new CourseConfigError(`${shown}: expected \`export default { lessons: [ … ] }\`, found no default export.`, 'Export the configuration object as the default export.');
  }
  const lessonsDir = join(root, 'src', 'content', 'lessons');
  const lessonIds = readdirSync(lessonsDir).filter((f) => f.endsWith('.mdx')).map((f) => f.replace(/\.mdx$/, '')).sort();
  const dataDir = join(root, 'public', 'data');
  return validateCourseConfig(module.default, {
    file: shown, lessonIds, dataFileExists: (p) => existsSync(join(dataDir, p)),
    repositoryFileExists: (p) => statSync(join(root, p), { throwIfNoEntry: false })?.isFile() ?? false,
  });
}
