/** Site-wide names and the lesson list, shared by pages, layouts and chrome components. */
import { getCollection, type CollectionEntry } from 'astro:content';
import { shownLessonIds } from '../course/course';

export const COURSE_NAME = 'Deep Learning for Medical Imaging';
export const COURSE_TAGLINE = 'taught live in your browser';

/** The GitHub repository the site was built from (GitHub Actions sets GITHUB_REPOSITORY), or null locally. */
export function repositoryUrl(): string | null {
  const repository = process.env.GITHUB_REPOSITORY;
  return repository && /^[\w.-]+\/[\w.-]+$/.test(repository) ? `https://github.com/${repository}` : null;
}

export type Lesson = CollectionEntry<'lessons'>;

/** The URL of a lesson page under the site's base path. */
export function lessonUrl(lesson: Lesson): string {
  return `${import.meta.env.BASE_URL}lessons/${lesson.id}/`;
}

/** A lesson gets a page unless it is a draft; drafts are still built by `astro dev` so authors can preview them. */
export function isPublished(lesson: Lesson): boolean {
  return !lesson.data.draft || import.meta.env.DEV;
}

/** Lesson numbers in the configured order (filled by getLessons, which every page calls first). */
const numbers = new Map<string, number>();

/**
 * The lessons the course configuration shows, in its order (drafts included, for "coming soon"
 * cards); a lesson it does not list gets no card, no page and no neighbour links.
 */
export async function getLessons(): Promise<Lesson[]> {
  const lessons = await getCollection('lessons');
  const shown = shownLessonIds.flatMap((id) => lessons.filter((l) => l.id === id));
  let number = 0;
  for (const lesson of shown) if (lesson.data.order !== 0) numbers.set(lesson.id, ++number);
  return shown;
}

/** "Lesson 2" for numbered lessons (numbered in the configured order), "Start here" for the introduction (order 0). */
export function lessonLabel(lesson: Lesson): string {
  return lesson.data.order === 0 ? 'Start here' : `Lesson ${numbers.get(lesson.id) ?? lesson.data.order}`;
}
