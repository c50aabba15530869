/**
 * The course's own tasks (course.config.ts `tasks`) as one virtual module, `virtual:course-tasks`:
 * importing it imports each listed module, and each of those registers its tasks (registerTask).
 * The page's shared lab module and the training worker import it for that side effect, so a task kept
 * outside src is found wherever tasks are looked up. With no tasks listed the module is empty.
 */
import { resolve } from 'node:path';
import type { Plugin } from 'vite';

/** The id the page and the worker import. */
export const COURSE_TASKS_MODULE = 'virtual:course-tasks';
// The \0 prefix keeps other plugins (and Vite's file loading) away from a module that is not on disk.
const RESOLVED_ID = `\0${COURSE_TASKS_MODULE}`;

/** The virtual module's source: one side-effect import per task module, by absolute path. */
export function courseTasksSource(root: string, tasks: readonly string[]): string {
  const lines = tasks.map((path) => `import ${JSON.stringify(resolve(root, path))};`);
  return `// course.config.ts: tasks\n${lines.join('\n')}\nexport {};\n`;
}

/**
 * Serves `virtual:course-tasks` for the given task modules (paths from the repository root, already
 * checked to exist by the configuration's validation). Give it to Vite's plugins and to its worker
 * plugins: a worker bundle does not run the page's plugins.
 */
export function courseTasksPlugin(root: string, tasks: readonly string[]): Plugin {
  return {
    name: 'course-tasks',
    resolveId: (id) => (id === COURSE_TASKS_MODULE ? RESOLVED_ID : null),
    load: (id) => (id === RESOLVED_ID ? courseTasksSource(root, tasks) : null),
  };
}
