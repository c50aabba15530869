/**
 * The course configuration (course.config.ts): its schema, checked with astro/zod when the site is
 * built, and what a checked configuration resolves to. A bad file stops the build with one line per
 * problem: the file, the field's path, what was expected and what was found.
 *
 * Pure: the lessons on disk and whether a data file exists come in as parameters (see ./load.ts).
 */
import { z } from 'astro/zod';
import { CourseError } from '../lib/errors';
import { GENERATED_DATA_FILES, LESSON_CATALOG, OWN_DATA_FOLDER } from './catalog';
import { CONTROL_NAMES, panelDefaultsSchema, taskProblem, type PanelDefaults, type PresetKey } from './presetFields';

/** A configuration that cannot be used: names the file, the field and what was wrong. */
export class CourseConfigError extends CourseError {
  override name = 'CourseConfigError';
}

const dataFile = z.string({ error: 'expected a file name in public/data/, e.g. "own/my-ct.h5"' })
  .regex(/^(?!\/)(?!.*\.\.)[\w./-]+\.h5$/, { error: 'expected a path inside public/data/ ending in .h5, without .. or a leading /' });
const dataUrl = z.url({ protocol: /^https$/, error: 'expected an https:// URL' });

const datasetSchema = z.union([
  z.strictObject({
    /** A file under public/data/: a generated one, or your own in public/data/own/. */
    file: dataFile,
    /** Its 256² version, offered on a real GPU (optional). */
    large: dataFile.optional(),
  }),
  z.strictObject({
    /** A file on another server (which must allow this site with CORS). */
    url: dataUrl,
    large: dataUrl.optional(),
  }),
], { error: 'expected { file: "…h5", large?: "…h5" } or { url: "https://…", large?: "https://…" }' });

const panelSchema = z.strictObject({
  /** false hides the panel (its surrounding text stays). */
  show: z.boolean({ error: 'expected true or false' }).optional(),
  /** Training panels: the first settings, field by field over the lesson's own. */
  defaults: panelDefaultsSchema.optional(),
  /** Training panels: settings controls not shown (their values still apply). */
  hideControls: z.array(z.enum(CONTROL_NAMES, { error: `expected one of ${CONTROL_NAMES.join(', ')}` })).optional(),
});

/** A file of this repository, as a path from its root (no leading /, no ..). */
const repositoryFile = (expected: string, extension: RegExp) => z.string({ error: `expected ${expected}` })
  .regex(/^(?!\/)(?!.*\.\.)[\w./-]+$/, { error: `expected ${expected}: a path from the repository root, without .. or a leading /` })
  .regex(extension, { error: `expected ${expected}` });
const taskModule = repositoryFile('a module file (.ts, .js or .mjs) that registers tasks', /\.(ts|js|mjs)$/);

const pageSchema = z.strictObject({
  /** Where the page is served, under the site's base: e.g. "labs/my-task/" (or a file such as "data/my-task.h5"). */
  path: z.string({ error: 'expected a path such as "labs/my-task/"' })
    .regex(/^(?!\/)(?!.*\.\.)[\w./-]+$/, { error: 'expected a path such as "labs/my-task/", without .. or a leading /' }),
  /** What serves it: an .astro page, or a .ts endpoint that returns a file (a path from the repository root). */
  entrypoint: repositoryFile('an .astro page or a .ts endpoint', /\.(astro|ts|js)$/),
});

const lessonSchema = z.strictObject({
  /** The lesson's file name in src/content/lessons/, without .mdx. */
  id: z.string({ error: 'expected a lesson id such as "segmentation"' }),
  dataset: datasetSchema.optional(),
  panels: z.record(z.string(), panelSchema).optional(),
});

export const courseConfigSchema = z.strictObject({
  /** The lessons shown, in course order; a lesson not listed gets no page. */
  lessons: z.array(lessonSchema, { error: 'expected a list of lessons' }).min(1, { error: 'expected at least one lesson' }),
  /** Modules whose import registers tasks of the course's own (registerTask); the pages and the training worker load them. */
  tasks: z.array(taskModule, { error: 'expected a list of module paths' }).optional(),
  /** Pages of the course's own beyond the lessons, e.g. a lab for one of its own tasks. */
  pages: z.array(pageSchema, { error: 'expected a list of { path, entrypoint }' }).optional(),
});

/** What an instructor writes (see course.config.ts). */
export type CourseConfig = z.input<typeof courseConfigSchema>;

export interface ResolvedPanel {
  show: boolean;
  defaults: PanelDefaults;
  hideControls: PresetKey[];
}

export interface ResolvedLesson {
  id: string;
  /** What the lesson's widgets load: a path under the site's data/ folder, or an https URL. */
  dataFile: string | null;
  /** The 256² version used on a real GPU, or null. */
  largeDataFile: string | null;
  /** Every catalogued panel of the lesson, shown or not. */
  panels: Record<string, ResolvedPanel>;
}

export interface ResolvedPage {
  /** The page's path under the site's base, e.g. "labs/my-task/". */
  path: string;
  /** The file that serves it, from the repository root. */
  entrypoint: string;
}

export interface ResolvedCourse {
  /** The configuration file, as named in messages. */
  source: string;
  lessons: ResolvedLesson[];
  /** Modules that register the course's own tasks, from the repository root (none by default). */
  tasks: string[];
  pages: ResolvedPage[];
}

export interface ValidationContext {
  /** The file's name as messages show it, e.g. "course.config.ts". */
  file: string;
  /** Lesson ids on disk (src/content/lessons/*.mdx). */
  lessonIds: readonly string[];
  /** Whether a path under public/data/ exists. */
  dataFileExists(path: string): boolean;
  /** Whether a file exists at a path from the repository root (task modules, page entry points); none without it. */
  repositoryFileExists?(path: string): boolean;
}

function formatPath(path: readonly PropertyKey[], input: unknown): string {
  let out = '';
  let at: unknown = input;
  for (const part of path) {
    if (typeof part === 'number') {
      out += `[${part}]`;
      const id = (Array.isArray(at) ? at[part] : undefined) as { id?: unknown } | undefined;
      if (out.endsWith(`lessons[${part}]`) && id && typeof id.id === 'string') out += ` (${id.id})`;
    } else {
      const key = String(part);
      out += /^[A-Za-z_$][\w$]*$/.test(key) ? `${out ? '.' : ''}${key}` : `["${key}"]`;
    }
    at = at && typeof at === 'object' ? (at as Record<PropertyKey, unknown>)[part] : undefined;
  }
  return out || '(the whole file)';
}

function found(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 80 ? `${text.slice(0, 77)}…` : text;
}

/**
 * Checks a configuration (the default export of course.config.ts) and resolves it: every lesson's
 * dataset and every panel with its defaults. Throws CourseConfigError listing every problem.
 */
export function validateCourseConfig(input: unknown, context: ValidationContext): ResolvedCourse {
  const problems: string[] = [];
  const report = (path: readonly PropertyKey[], reason: string, value: unknown) => problems.push(`${context.file}: ${formatPath(path, input)}: ${reason}, found ${found(value)}`);
  const parsed = courseConfigSchema.safeParse(input, { reportInput: true });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const value = issue.code === 'unrecognized_keys' ? issue.keys.join(', ') : issue.input;
      report(issue.path, issue.message.replace(/^Invalid input: /, ''), value);
    }
    throw configError(problems);
  }
  const config = parsed.data;
  const seen = new Set<string>();
  const lessons: ResolvedLesson[] = config.lessons.map((lesson, index) => {
    const at = ['lessons', index];
    if (!context.lessonIds.includes(lesson.id)) report([...at, 'id'], `expected one of the lessons in src/content/lessons/ (${context.lessonIds.join(', ')})`, lesson.id);
    if (seen.has(lesson.id)) report([...at, 'id'], 'expected each lesson once', lesson.id);
    seen.add(lesson.id);
    const catalog = LESSON_CATALOG[lesson.id];
    const panels: Record<string, ResolvedPanel> = {};
    for (const panelId of Object.keys(catalog?.panels ?? {})) panels[panelId] = { show: true, defaults: {}, hideControls: [] };
    for (const [panelId, panel] of Object.entries(lesson.panels ?? {})) {
      const where = [...at, 'panels', panelId];
      const entry = catalog?.panels[panelId];
      if (!entry) {
        const known = Object.keys(catalog?.panels ?? {});
        report(where, known.length ? `expected a panel of this lesson (${known.join(', ')})` : 'expected no panels: this lesson has none to configure', panelId);
        continue;
      }
      if (entry.kind !== 'training' && (panel.defaults || panel.hideControls)) {
        report(where, 'expected only "show": defaults and hideControls belong to training panels', Object.keys(panel));
      }
      for (const [key, value] of Object.entries(panel.defaults ?? {})) {
        const problem = taskProblem(catalog.task, key as PresetKey, value);
        if (problem) report([...where, 'defaults', key], problem, value);
      }
      panels[panelId] = { show: panel.show ?? true, defaults: { ...panel.defaults } as PanelDefaults, hideControls: [...(panel.hideControls ?? [])] };
    }
    let dataFile: string | null = catalog?.dataset.file ?? null;
    let largeDataFile: string | null = catalog?.dataset.large ?? null;
    if (lesson.dataset) {
      if ('file' in lesson.dataset) {
        for (const key of ['file', 'large'] as const) {
          const path = lesson.dataset[key];
          if (path === undefined) continue;
          const generated = GENERATED_DATA_FILES.includes(path);
          if (!path.includes('/') && !generated) {
            report([...at, 'dataset', key], `expected one of the generated files (${GENERATED_DATA_FILES.join(', ')}) or your own file in public/data/${OWN_DATA_FOLDER}/ (public/data/*.h5 is git-ignored, so a file there would not be deployed)`, path);
          } else if (!generated && !context.dataFileExists(path)) {
            report([...at, 'dataset', key], `expected a committed file at public/data/${path}`, 'no such file');
          }
        }
        dataFile = lesson.dataset.file;
        largeDataFile = lesson.dataset.large ?? null;
      } else {
        dataFile = lesson.dataset.url;
        largeDataFile = lesson.dataset.large ?? null;
      }
    }
    return { id: lesson.id, dataFile, largeDataFile, panels };
  });
  const exists = (path: string) => context.repositoryFileExists?.(path) ?? false;
  // A missing module would otherwise surface as a bundler error deep in the build; named here instead.
  (config.tasks ?? []).forEach((path, index) => {
    if (!exists(path)) report(['tasks', index], `expected a module at ${path} (a path from the repository root)`, 'no such file');
  });
  const paths = new Set<string>();
  (config.pages ?? []).forEach((page, index) => {
    if (!exists(page.entrypoint)) report(['pages', index, 'entrypoint'], `expected a file at ${page.entrypoint} (a path from the repository root)`, 'no such file');
    if (paths.has(page.path)) report(['pages', index, 'path'], 'expected each path once', page.path);
    paths.add(page.path);
  });
  if (problems.length > 0) throw configError(problems);
  return { source: context.file, lessons, tasks: [...(config.tasks ?? [])], pages: (config.pages ?? []).map((p) => ({ ...p })) };
}

function configError(problems: string[]): CourseConfigError {
  return new CourseConfigError(
    `The course configuration has ${problems.length === 1 ? 'a problem' : `${problems.length} problems`}:\n  ${problems.join('\n  ')}`,
    'Fix the fields named above (the instructors’ page describes each one), then build again.',
  );
}

/** The origins of datasets given as URLs, for the page's Content-Security-Policy (connect-src). */
export function dataOrigins(course: ResolvedCourse): string[] {
  const origins = new Set<string>();
  for (const lesson of course.lessons) {
    for (const file of [lesson.dataFile, lesson.largeDataFile]) if (file && /^https:\/\//.test(file)) origins.add(new URL(file).origin);
  }
  return [...origins].sort();
}
