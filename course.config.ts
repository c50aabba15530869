/**
 * The course configuration: which lessons show and in what order, each lesson's dataset, and each
 * panel's defaults and visible controls. The build checks it (src/course/schema.ts) and stops with
 * the file, field and problem named when something is wrong. The instructors' page explains every
 * field with a worked example. This file reproduces the course as it ships: the lessons' own
 * recipes (src/course/catalog.ts) apply, and the configuration overrides them field by field.
 *
 * Keep this file free of runtime imports (a type import is fine): the build loads it on its own.
 */
import type { CourseConfig } from './src/course/schema';

export default {
  lessons: [
    { id: 'introduction' },
    { id: 'segmentation', dataset: { file: 'lung-ct-128.h5', large: 'lung-ct-256.h5' } },
    { id: 'translation', dataset: { file: 'brain-mri-128.h5', large: 'brain-mri-256.h5' } },
  ],
} satisfies CourseConfig;
