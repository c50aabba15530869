/**
 * What the course configuration can name in each lesson: its task, its panels (the widgets an
 * instructor may hide; training panels also take defaults and hidden controls), the panel that plain
 * URL presets apply to, and the dataset it uses unless the configuration names another. A lesson
 * without an entry here can still be ordered or hidden; it has no configurable panels.
 */
import type { Task } from '../lib/data/types';
import type { FirstRunRecipe } from '../lib/plan/recipeDefaults';
import type { ModelKind } from '../lib/train/types';

export type PanelKind = 'widget' | 'training';

export interface LessonCatalogEntry {
  task: Task;
  /** Panel ids in page order, with what each is. */
  panels: Record<string, { kind: PanelKind; title: string; run?: PanelRun }>;
  /** The training panel plain URL keys (`?epochs=8`) apply to. */
  mainPanel: string;
  /**
   * The built-in dataset: a file in public/data/, its 256² version used on a real GPU, and the training
   * slices of the file (scripts/generate-data.ts), which the first runs' step counts are tuned for.
   */
  dataset: { file: string; large: string; trainSlices: number };
  /** The training panel whose first run is the lesson's default run (`npm run train -- --defaults`). */
  defaultRunPanel: string;
}

/** What a training panel trains at first: its model and, for a run the lesson fixes on CPUs, its recipe. */
export interface PanelRun {
  model: ModelKind;
  recipe?: FirstRunRecipe;
}

/** The look-inside views (issue 23), one panel each in both lessons: an instructor can hide each of them. */
const LOOK_INSIDE_TITLES = {
  featureMaps: 'Feature maps over time',
  inside: 'Look inside your model: receptive field, knock-outs, attribution',
  uncertainty: 'Uncertainty beside error',
} as const;

export const LESSON_CATALOG: Readonly<Record<string, LessonCatalogEntry>> = {
  segmentation: {
    task: 'segmentation',
    panels: {
      explorer: { kind: 'widget', title: 'Data explorer' },
      'model-a': { kind: 'training', title: 'Train: Model A′ (no skips)', run: { model: 'plain' } },
      evaluation: { kind: 'widget', title: 'Evaluation on the test set' },
      'feature-maps': { kind: 'widget', title: LOOK_INSIDE_TITLES.featureMaps },
      uncertainty: { kind: 'widget', title: LOOK_INSIDE_TITLES.uncertainty },
      augmentation: { kind: 'widget', title: 'Augmentation preview (image and mask)' },
      'model-b': {
        kind: 'training', title: 'Train: Model B (skips)',
        // Augmented both ways since chest-ct-phantom/3: what transfers to another hospital (docs/transfer.md, issue 22).
        run: { model: 'skip', recipe: { optimizer: 'adam', learningRate: 0.004, schedule: 'cosine', size: 64, epochs: 13, batchSize: 16, augment: true, intensityAugment: true } },
      },
      comparison: { kind: 'widget', title: 'Compare your runs' },
      inside: { kind: 'widget', title: LOOK_INSIDE_TITLES.inside },
      viewer: { kind: 'widget', title: 'Every test slice' },
      overfitting: { kind: 'widget', title: 'Bonus: the block model overfitting' },
      'domain-shift': { kind: 'widget', title: 'Will it work on another scanner?' },
    },
    mainPanel: 'model-a',
    dataset: { file: 'lung-ct-128.h5', large: 'lung-ct-256.h5', trainSlices: 320 },
    // The skip model's fixed run is the one the lesson evaluates (and the command line's default model).
    defaultRunPanel: 'model-b',
  },
  translation: {
    task: 'translation',
    panels: {
      explorer: { kind: 'widget', title: 'Data explorer with registration check' },
      augmentation: { kind: 'widget', title: 'Augmentation preview' },
      model: {
        kind: 'training', title: 'Train: T1 → T2 skip model',
        run: { model: 'skip', recipe: { optimizer: 'adam', learningRate: 0.001, size: 128, epochs: 10, batchSize: 16, augment: false } },
      },
      comparison: { kind: 'widget', title: 'Compare your runs: MAE against MSE' },
      predictions: { kind: 'widget', title: 'Predictions of two runs side by side' },
      evaluation: { kind: 'widget', title: 'Evaluation on the test set' },
      viewer: { kind: 'widget', title: 'Every test slice' },
      inside: { kind: 'widget', title: LOOK_INSIDE_TITLES.inside },
      'feature-maps': { kind: 'widget', title: LOOK_INSIDE_TITLES.featureMaps },
      uncertainty: { kind: 'widget', title: LOOK_INSIDE_TITLES.uncertainty },
      'domain-shift': { kind: 'widget', title: 'Will it work on another scanner?' },
    },
    mainPanel: 'model',
    dataset: { file: 'brain-mri-128.h5', large: 'brain-mri-256.h5', trainSlices: 320 },
    defaultRunPanel: 'model',
  },
};

/** The files scripts/generate-data.ts writes into public/data/ (git-ignored, made by every build). */
export const GENERATED_DATA_FILES: readonly string[] = ['lung-ct-128.h5', 'brain-mri-128.h5', 'lung-ct-256.h5', 'brain-mri-256.h5'];

/** The folder (under public/data/) for an instructor's own data files: committed, never written by the generator. */
export const OWN_DATA_FOLDER = 'own';
