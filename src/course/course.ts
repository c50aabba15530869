/**
 * The checked course configuration as the pages and lessons read it (the build puts it in
 * __COURSE__; see astro.config.mjs). Lessons use these helpers instead of fixed names:
 *
 *   export const lesson = courseLesson('segmentation');
 *   <CoursePanel lesson="segmentation" panel="model-b"> … </CoursePanel>
 *   <TrainingPanel … dataFile={lesson.dataFile} {...lesson.trainingPanel('model-b')} />
 */
import { LESSON_CATALOG } from './catalog';
import type { FirstRunRecipe } from '../lib/plan/recipeDefaults';
import type { PanelDefaults, PresetKey } from './presetFields';
import type { ResolvedCourse, ResolvedLesson } from './schema';

declare const __COURSE__: ResolvedCourse;

function injected(): ResolvedCourse {
  if (typeof __COURSE__ === 'undefined') throw new Error('The course configuration was not injected: build with astro.config.mjs, which loads course.config.ts.');
  return __COURSE__;
}

export const course: ResolvedCourse = injected();

/** Ids of the lessons shown, in course order. */
export const shownLessonIds: readonly string[] = course.lessons.map((l) => l.id);

/** The props the configuration gives a training panel (spread into <TrainingPanel>). */
export interface ConfiguredPanelProps {
  panelId: string;
  preset: PanelDefaults;
  presetSource: string;
  hiddenControls: PresetKey[];
  largeDataFile: string | null;
  mainPanel: boolean;
  /** The lesson's fixed first run on CPUs (src/course/catalog.ts), when it has one. */
  recipe?: FirstRunRecipe;
  /** Training slices of the lesson's built-in file: a smaller file's first run is sized by steps. */
  courseTrainCount: number;
  /** The lesson's training panels that are shown, for reporting URL keys that name none. */
  pagePanels: string[];
  /** Whether this panel reports URL parameters that fit no panel (the first shown training panel does). */
  reportsUnknownParams: boolean;
}

export interface CourseLesson {
  shown: boolean;
  /** The data file the lesson's widgets load (path under data/, or an https URL). */
  dataFile: string;
  shows(panel: string): boolean;
  trainingPanel(panel: string): ConfiguredPanelProps;
}

/** One lesson's configuration; a lesson the configuration hides reads as not shown. */
export function courseLesson(id: string): CourseLesson {
  const resolved: ResolvedLesson | undefined = course.lessons.find((l) => l.id === id);
  const catalog = LESSON_CATALOG[id];
  const panelOf = (panel: string) => resolved?.panels[panel] ?? { show: resolved !== undefined, defaults: {}, hideControls: [] };
  const shownTraining = Object.entries(catalog?.panels ?? {}).filter(([p, e]) => e.kind === 'training' && panelOf(p).show).map(([p]) => p);
  // Plain URL keys go to the lesson's main panel, or to its first shown training panel when that is hidden.
  const main = catalog && shownTraining.includes(catalog.mainPanel) ? catalog.mainPanel : shownTraining[0];
  return {
    shown: resolved !== undefined,
    dataFile: resolved?.dataFile ?? catalog?.dataset.file ?? '',
    shows: (panel) => resolved !== undefined && panelOf(panel).show,
    trainingPanel: (panel) => {
      if (catalog?.panels[panel]?.kind !== 'training') throw new Error(`${id} has no training panel "${panel}" in src/course/catalog.ts.`);
      const own = panelOf(panel);
      const recipe = catalog.panels[panel].run?.recipe;
      return {
        panelId: panel,
        preset: own.defaults,
        presetSource: course.source,
        hiddenControls: own.hideControls,
        largeDataFile: resolved ? resolved.largeDataFile : catalog.dataset.large,
        ...(recipe ? { recipe } : {}),
        courseTrainCount: catalog.dataset.trainSlices,
        mainPanel: main === panel,
        pagePanels: shownTraining,
        reportsUnknownParams: shownTraining[0] === panel,
      };
    },
  };
}
