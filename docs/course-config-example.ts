// The instructors' page shows this file as its worked example (as course.config.ts at the repository
// root); tests/unit/course/schema.test.ts checks that it is a valid configuration.
import type { CourseConfig } from '../src/course/schema';

export default {
  lessons: [
    { id: 'introduction' },
    // Our MRI lesson first; the lung lesson second, on our own CT slices.
    {
      id: 'translation',
      panels: {
        augmentation: { show: false },
        // The uncertainty view waits for a later session (the look-inside views hide like any panel).
        uncertainty: { show: false },
        model: { defaults: { epochs: 6, size: 64, loss: 'mse' } },
      },
    },
    {
      id: 'segmentation',
      // A committed file in public/data/own/ (see "Use your own data").
      dataset: { file: 'own/hospital-ct-128.h5' },
      panels: {
        // Straight to the model with skips; no bonus experiment.
        'model-a': { show: false },
        overfitting: { show: false },
        'model-b': {
          defaults: { optimizer: 'adam', learningRate: 0.001, epochs: 8, batchSize: 16, size: 64, seed: 1, augment: true },
          hideControls: ['optimizer', 'normalization'],
        },
      },
    },
  ],
} satisfies CourseConfig;
