import { describe, expect, it } from 'vitest';
import defaultConfig from '../../../course.config';
import workedExample from '../../../docs/course-config-example';
import { CourseConfigError, dataOrigins, validateCourseConfig } from '../../../src/course/schema';

const context = { file: 'course.config.ts', lessonIds: ['introduction', 'segmentation', 'translation'], dataFileExists: (p: string) => p === 'own/our-ct.h5' };
const problemsOf = (config: unknown): string[] => {
  try {
    validateCourseConfig(config, context);
  } catch (error) {
    expect(error).toBeInstanceOf(CourseConfigError);
    return (error as Error).message.split('\n').slice(1).map((l) => l.trim());
  }
  throw new Error('expected the configuration to be refused');
};

describe('course configuration', () => {
  it('the shipped file reproduces the course: all three lessons in order, every panel shown, no presets, both data sizes', () => {
    const course = validateCourseConfig(defaultConfig, context);
    expect(course.lessons.map((l) => l.id)).toEqual(['introduction', 'segmentation', 'translation']);
    const [, segmentation, translation] = course.lessons;
    expect([segmentation.dataFile, segmentation.largeDataFile]).toEqual(['lung-ct-128.h5', 'lung-ct-256.h5']);
    expect([translation.dataFile, translation.largeDataFile]).toEqual(['brain-mri-128.h5', 'brain-mri-256.h5']);
    for (const lesson of course.lessons) {
      for (const panel of Object.values(lesson.panels)) expect(panel).toEqual({ show: true, defaults: {}, hideControls: [] });
    }
    expect(Object.keys(segmentation.panels)).toEqual(['explorer', 'model-a', 'evaluation', 'feature-maps', 'uncertainty', 'augmentation', 'model-b', 'comparison', 'inside', 'viewer', 'overfitting', 'domain-shift']);
    expect(dataOrigins(course)).toEqual([]);
  });

  it('resolves order, hidden panels, defaults, hidden controls and an own data file', () => {
    const course = validateCourseConfig({
      lessons: [
        { id: 'segmentation', dataset: { file: 'own/our-ct.h5' }, panels: { 'model-a': { show: false }, 'model-b': { defaults: { epochs: 8, normalization: 'hu-scale' }, hideControls: ['seed'] } } },
        { id: 'introduction' },
      ],
    }, context);
    expect(course.lessons.map((l) => l.id)).toEqual(['segmentation', 'introduction']);
    const [segmentation] = course.lessons;
    expect(segmentation.dataFile).toBe('own/our-ct.h5');
    expect(segmentation.largeDataFile).toBeNull();
    expect(segmentation.panels['model-a'].show).toBe(false);
    expect(segmentation.panels['model-b']).toEqual({ show: true, defaults: { epochs: 8, normalization: 'hu-scale' }, hideControls: ['seed'] });
  });

  it('hides the look-inside views one by one in either lesson (show only: they take no defaults)', () => {
    const course = validateCourseConfig({
      lessons: [
        { id: 'segmentation', panels: { 'feature-maps': { show: false }, inside: { show: false } } },
        { id: 'translation', panels: { uncertainty: { show: false } } },
      ],
    }, context);
    const [segmentation, translation] = course.lessons;
    expect(['feature-maps', 'inside', 'uncertainty'].map((p) => segmentation.panels[p].show)).toEqual([false, false, true]);
    expect(['feature-maps', 'inside', 'uncertainty'].map((p) => translation.panels[p].show)).toEqual([true, true, false]);
    expect(problemsOf({ lessons: [{ id: 'translation', panels: { uncertainty: { defaults: { epochs: 3 } } } }] }))
      .toEqual(['course.config.ts: lessons[0] (translation).panels.uncertainty: expected only "show": defaults and hideControls belong to training panels, found ["defaults"]']);
  });

  it('the instructors’ page’s worked example is a valid configuration', () => {
    const course = validateCourseConfig(workedExample, { ...context, dataFileExists: (p) => p === 'own/hospital-ct-128.h5' });
    expect(course.lessons.map((l) => l.id)).toEqual(['introduction', 'translation', 'segmentation']);
    expect(course.lessons[2].dataFile).toBe('own/hospital-ct-128.h5');
    expect(course.lessons[2].panels['model-a'].show).toBe(false);
    expect([course.lessons[1].panels.uncertainty.show, course.lessons[1].panels['feature-maps'].show]).toEqual([false, true]);
    expect(course.lessons[2].panels['model-b'].defaults).toMatchObject({ optimizer: 'adam', epochs: 8 });
  });

  it('a dataset URL adds its origin to the page’s connect-src', () => {
    const course = validateCourseConfig({ lessons: [{ id: 'translation', dataset: { url: 'https://data.example.org/brain.h5' } }] }, context);
    expect(course.lessons[0].dataFile).toBe('https://data.example.org/brain.h5');
    expect(dataOrigins(course)).toEqual(['https://data.example.org']);
  });

  it('names the file, the field, what was expected and what was found', () => {
    expect(problemsOf({ lessons: [{ id: 'segmentation', panels: { 'model-b': { defaults: { epochs: 0 } } } }] }))
      .toEqual(['course.config.ts: lessons[0] (segmentation).panels["model-b"].defaults.epochs: expected a whole number from 1 to 500, found 0']);
    expect(problemsOf({ lessons: [{ id: 'translation', panels: { model: { defaults: { learningRate: '0.001' } } } }] }))
      .toEqual(['course.config.ts: lessons[0] (translation).panels.model.defaults.learningRate: expected a number above 0 and at most 1, found "0.001"']);
    expect(problemsOf({ lessons: [{ id: 'segmentation', panels: { 'model-b': { defaults: { epoch: 3 } } } }] })[0])
      .toMatch(/^course\.config\.ts: lessons\[0\] \(segmentation\)\.panels\["model-b"\]\.defaults: unknown field "epoch"; expected one of model, .*, found "epoch"$/);
    expect(problemsOf({ lesson: [] })).toEqual([
      'course.config.ts: lessons: expected a list of lessons, found nothing',
      'course.config.ts: (the whole file): Unrecognized key: "lesson", found \"lesson\"',
    ]);
  });

  it('checks what only the course knows: lessons, panels, the task’s losses and the data files', () => {
    expect(problemsOf({
      lessons: [
        { id: 'segmentaton' },
        { id: 'segmentation', dataset: { file: 'my-ct.h5' }, panels: { 'model-c': { show: false }, explorer: { defaults: { epochs: 3 } }, 'model-a': { defaults: { loss: 'mae' } } } },
        { id: 'translation', dataset: { file: 'own/missing.h5' } },
        { id: 'translation' },
      ],
    })).toEqual([
      'course.config.ts: lessons[0] (segmentaton).id: expected one of the lessons in src/content/lessons/ (introduction, segmentation, translation), found "segmentaton"',
      'course.config.ts: lessons[1] (segmentation).panels["model-c"]: expected a panel of this lesson (explorer, model-a, evaluation, feature-maps, uncertainty, augmentation, model-b, comparison, inside, viewer, overfitting, domain-shift), found "model-c"',
      'course.config.ts: lessons[1] (segmentation).panels.explorer: expected only "show": defaults and hideControls belong to training panels, found ["defaults"]',
      'course.config.ts: lessons[1] (segmentation).panels["model-a"].defaults.loss: expected dice or bce for a segmentation panel, found "mae"',
      'course.config.ts: lessons[1] (segmentation).dataset.file: expected one of the generated files (lung-ct-128.h5, brain-mri-128.h5, lung-ct-256.h5, brain-mri-256.h5) or your own file in public/data/own/ (public/data/*.h5 is git-ignored, so a file there would not be deployed), found "my-ct.h5"',
      'course.config.ts: lessons[2] (translation).dataset.file: expected a committed file at public/data/own/missing.h5, found "no such file"',
      'course.config.ts: lessons[3] (translation).id: expected each lesson once, found "translation"',
    ]);
  });

  it('refuses an http URL, a path that leaves public/data and an unknown control', () => {
    const problems = problemsOf({ lessons: [
      { id: 'translation', dataset: { url: 'http://example.org/a.h5' } },
      { id: 'segmentation', dataset: { file: '../secrets.h5' }, panels: { 'model-b': { hideControls: ['colour'] } } },
    ] });
    expect(problems).toHaveLength(3);
    expect(problems[0]).toBe('course.config.ts: lessons[0] (translation).dataset.url: expected an https:// URL, found "http://example.org/a.h5"');
    expect(problems[1]).toBe('course.config.ts: lessons[1] (segmentation).dataset.file: expected a path inside public/data/ ending in .h5, without .. or a leading /, found "../secrets.h5"');
    expect(problems[2]).toMatch(/lessons\[1\] \(segmentation\)\.panels\["model-b"\]\.hideControls\[0\]: expected one of model, loss, .*, found "colour"/);
  });
});
