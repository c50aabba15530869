/**
 * Learning progress, kept only in this browser (localStorage), never sent anywhere: per lesson,
 * which sections the learner read (a section's heading stayed on screen for a few seconds), which
 * questions' answers they opened, and which training demos they completed. Shown on the lessons
 * list, with export (JSON) and reset.
 */
export interface LessonProgress {
  sections: string[];
  totalSections: number;
  questions: string[];
  totalQuestions: number;
  demos: string[];
  updatedAt: string;
}

const PREFIX = 'course:progress:';
/** Sent by a training panel when a run finishes (src/components/lab/useTrainingRun.ts). */
export const DEMO_COMPLETED_EVENT = 'course:demo-completed';

const empty = (): LessonProgress => ({ sections: [], totalSections: 0, questions: [], totalQuestions: 0, demos: [], updatedAt: '' });

export function readProgress(lesson: string): LessonProgress {
  try {
    const value = JSON.parse(localStorage.getItem(PREFIX + lesson) ?? 'null') as Partial<LessonProgress> | null;
    const list = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
    if (!value) return empty();
    return {
      sections: list(value.sections), totalSections: Number(value.totalSections) || 0,
      questions: list(value.questions), totalQuestions: Number(value.totalQuestions) || 0,
      demos: list(value.demos), updatedAt: typeof value.updatedAt === 'string' ? value.updatedAt : '',
    };
  } catch {
    return empty();
  }
}

function update(lesson: string, change: (p: LessonProgress) => void): void {
  const progress = readProgress(lesson);
  change(progress);
  progress.updatedAt = new Date().toISOString();
  try { localStorage.setItem(PREFIX + lesson, JSON.stringify(progress)); } catch { /* storage blocked: progress lasts this visit */ }
}

const add = (list: string[], item: string) => { if (!list.includes(item)) list.push(item); };

/** On a lesson page: watches its sections, questions and demos. */
export function trackLesson(lesson: string, root: HTMLElement): void {
  const headings = [...root.querySelectorAll<HTMLElement>('h2[id]')];
  const questions = [...root.querySelectorAll<HTMLElement>('.question[id]')];
  update(lesson, (p) => { p.totalSections = headings.length; p.totalQuestions = questions.length; });
  const timers = new Map<Element, number>();
  const observer = new IntersectionObserver((entries) => {
    for (const entry of entries) {
      if (entry.isIntersecting && !timers.has(entry.target)) {
        timers.set(entry.target, window.setTimeout(() => {
          update(lesson, (p) => add(p.sections, entry.target.id));
          observer.unobserve(entry.target);
        }, 3000));
      } else if (!entry.isIntersecting && timers.has(entry.target)) {
        window.clearTimeout(timers.get(entry.target));
        timers.delete(entry.target);
      }
    }
  });
  const read = readProgress(lesson).sections;
  for (const heading of headings) if (!read.includes(heading.id)) observer.observe(heading);
  for (const question of questions) {
    question.querySelector('details')?.addEventListener('toggle', (event) => {
      if ((event.currentTarget as HTMLDetailsElement).open) update(lesson, (p) => add(p.questions, question.id));
    });
  }
  window.addEventListener(DEMO_COMPLETED_EVENT, (event) => {
    const detail = (event as CustomEvent<{ lesson: string; panel: string }>).detail;
    if (detail?.lesson === lesson) update(lesson, (p) => add(p.demos, detail.panel));
  });
}

/** One line for the lessons list, or '' when nothing is recorded. */
export function describeProgress(p: LessonProgress): string {
  if (!p.updatedAt || (p.sections.length + p.questions.length + p.demos.length) === 0) return '';
  const parts = [
    `${p.sections.length} of ${p.totalSections || '?'} sections read`,
    `${p.questions.length} of ${p.totalQuestions || '?'} answers opened`,
    `${p.demos.length} training demo${p.demos.length === 1 ? '' : 's'} completed`,
  ];
  return `Your progress: ${parts.join(', ')}.`;
}

/** Every lesson's progress, for export. */
export function allProgress(): Record<string, LessonProgress> {
  const out: Record<string, LessonProgress> = {};
  for (let i = 0; i < localStorage.length; i++) {
    const key = localStorage.key(i);
    if (key?.startsWith(PREFIX)) out[key.slice(PREFIX.length)] = readProgress(key.slice(PREFIX.length));
  }
  return out;
}

export function resetProgress(): void {
  for (const lesson of Object.keys(allProgress())) localStorage.removeItem(PREFIX + lesson);
}
