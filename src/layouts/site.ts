/** Site-wide names and the lesson list, shared by pages, layouts and chrome components. */
import { getCollection, type CollectionEntry } from 'astro:content';

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

/** Every lesson in the collection, in course order (drafts included, for "coming soon" cards). */
export async function getLessons(): Promise<Lesson[]> {
  const lessons = await getCollection('lessons');
  return lessons.sort((a, b) => a.data.order - b.data.order || a.id.localeCompare(b.id));
}

/** "Lesson 2" for numbered lessons, "Start here" for the introduction (order 0). */
export function lessonLabel(lesson: Lesson): string {
  return lesson.data.order === 0 ? 'Start here' : `Lesson ${lesson.data.order}`;
}

/** "about 45 minutes" / "about 1 h 30 min". */
export function formatMinutes(minutes: number): string {
  if (minutes < 60) return `about ${minutes} minutes`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest === 0 ? `about ${hours} h` : `about ${hours} h ${rest} min`;
}
