import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { runTrainCli } from '../../../scripts/trainCli';
import { describeSettings } from '../../../scripts/trainDefaults';
import { LESSON_CATALOG } from '../../../src/course/catalog';
import { loadCourseConfig } from '../../../src/course/load';
import { writeLessonDataset } from '../../../src/lib/data/writeLessonDataset';
import type { Task } from '../../../src/lib/data/types';
import { REQUEST_TYPES, type EngineApi, type TrainParams } from '../../../src/lib/engine/protocol';
import { defaultRun } from '../../../src/lib/plan/defaultRun';
import { estimateDeviceSpeed } from '../../../src/lib/plan/deviceSpeed';
import { offeredSizes } from '../../../src/lib/plan/offeredSizes';
import { runConfigOfSettings } from '../../../src/lib/plan/runConfigOfSettings';
import { createRunConfig, intensityAugmentOf, taskDescriptor } from '../../../src/lib/tasks';
import { runStartLines } from '../../../scripts/trainOutput';
import type { FitResult, ModelKind } from '../../../src/lib/train/types';
import { tinySegmentationDataset } from '../client/tinyDataset';

// --defaults must train exactly what the lesson page starts with: the page's props come from
// src/course (courseLesson(…).trainingPanel(…), as the MDX spreads them) and the page's speed estimate.
const dir = mkdtempSync(join(tmpdir(), 'train-defaults-'));
const data = join(dir, 'tiny.h5');
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let course: typeof import('../../../src/course/course');
beforeAll(async () => {
  await writeLessonDataset(data, tinySegmentationDataset());
  vi.stubGlobal('__COURSE__', await loadCourseConfig(process.cwd()));
  course = await import('../../../src/course/course');
});

let out: string[] = [];
afterEach(() => vi.restoreAllMocks());

interface FakeFile { task: Task; counts: [number, number, number]; size: number; test?: Record<string, number>; table?: Record<string, number> }

/** An engine that loads a file of the given split counts, records the train request and returns made-up numbers. */
function fakeEngine(file: FakeFile, seen: { params?: TrainParams }): EngineApi {
  const unexpected = Object.fromEntries(REQUEST_TYPES.map((type) => [type, async () => { throw new Error(`unexpected request ${type}`); }]));
  const [train, val, test] = file.counts;
  const result: FitResult = { history: [], stoppedEarly: false, reason: 'completed', paramCount: 1, backend: 'wasm', durationMs: 1 };
  return {
    ...(unexpected as unknown as EngineApi),
    init: async () => ({ backend: 'wasm', tfjsVersion: '9.9.9', threads: 2 }) as never,
    // Masks fit both lessons' rules; images only translation's.
    inspectDataset: async () => ({ lessons: { segmentation: { usable: file.task === 'segmentation' }, translation: { usable: true } } }) as never,
    loadDataset: async () => ({
      task: file.task, height: file.size, width: file.size, attributes: {}, normalization: { kind: 'zscore-slice' }, units: 'HU', unitsDeclared: true, scoredSplits: ['test'],
      splits: [{ split: 'train', count: train }, { split: 'val', count: val }, { split: 'test', count: test }],
    }) as never,
    async train(params) {
      seen.params = params;
      return result;
    },
    evaluate: async () => ({ task: file.task, count: test, ...file.test, normalization: { kind: 'zscore-slice' } }) as never,
    lookupBaseline: async () => ({ height: file.size, width: file.size, bins: 256, trainCount: train, scores: { test: { task: file.task, count: test, ...file.table } } }) as never,
    dispose: async () => null,
  };
}

async function cli(file: FakeFile, ...argv: string[]): Promise<TrainParams> {
  out = [];
  vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void out.push(args.join(' ')));
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
  const seen: { params?: TrainParams } = {};
  expect(await runTrainCli(['--data', data, ...argv], { createEngine: () => fakeEngine(file, seen) })).toBe(0);
  return seen.params!;
}

/** What the page's panel starts with for this file: the same inputs usePanelSettings gives defaultRun. */
function pageSettings(lesson: string, panel: string, model: ModelKind, file: FakeFile) {
  const props = course.courseLesson(lesson).trainingPanel(panel);
  const [trainCount, valCount] = file.counts;
  return defaultRun({
    speed: estimateDeviceSpeed({ backend: 'wasm', threads: 2, webglRenderer: null }), task: taskDescriptor(file.task), model, trainCount, valCount, dataSize: file.size,
    ...(props.recipe ? { recipe: props.recipe } : {}), courseTrainCount: props.courseTrainCount, preset: props.preset,
    sizes: offeredSizes({ dataSize: file.size, realGpu: false, largeDataFile: props.largeDataFile, learnerFile: false }),
  });
}

// No test split: the defaults read the training and validation counts only.
const COURSE_CT: FakeFile = { task: 'segmentation', counts: [320, 48, 0], size: 128 };

describe('npm run train -- --defaults', () => {
  it('trains the settings the lesson page starts with for the course file, printed first', async () => {
    const params = await cli(COURSE_CT, '--defaults');
    const page = pageSettings('segmentation', 'model-b', 'skip', COURSE_CT);
    expect(page.rule).toBe('recipe');
    expect(page.settings).toMatchObject({ model: 'skip', optimizer: 'adam', learningRate: 0.004, schedule: 'cosine', size: 64, epochs: 13, batchSize: 16, seed: 42, augment: true, intensityAugment: true });
    expect(params.config).toEqual(runConfigOfSettings(page.settings, { task: 'segmentation', displaySlices: [] }));
    expect(params.config.intensityAugment).toEqual(intensityAugmentOf('segmentation'));
    expect(out[0]).toBe('Task: segmentation (--task not given; from the file: its targets are 0/1 masks)');
    expect(out[1]).toBe('Defaults of the lesson page for segmentation (lesson segmentation, panel model-b):');
    expect(out).toContain(`  settings: ${describeSettings(page.settings)}`);
    expect(out.find((l) => l.startsWith('  rule: '))).toMatch(/fixed recipe/);
    expect(out.find((l) => l.startsWith('  speed assumed: '))).toMatch(/0\.3 s \(wasm, 2 threads: the page's estimate/);
    expect(out.some((l) => l.startsWith('Explicit flags'))).toBe(false);
  });

  it('takes the panel of --model (the timed rule for model A′) and says which rule applied', async () => {
    const params = await cli(COURSE_CT, '--defaults', '--model', 'plain');
    const page = pageSettings('segmentation', 'model-a', 'plain', COURSE_CT);
    expect(page.rule).toBe('timed');
    expect(params.config).toEqual(runConfigOfSettings(page.settings, { task: 'segmentation', displaySlices: [] }));
    expect(params.config).toMatchObject({ model: 'plain', optimizer: { kind: 'sgd' } });
    expect(out.find((l) => l.startsWith('  rule: '))).toMatch(/timed first-run rule/);
  });

  it('lets explicit flags override single settings, and says so', async () => {
    const params = await cli(COURSE_CT, '--defaults', '--epochs', '2', '--lr', '0.01', '--seed', '7');
    const page = pageSettings('segmentation', 'model-b', 'skip', COURSE_CT).settings;
    expect(params.config).toEqual(runConfigOfSettings({ ...page, epochs: 2, learningRate: 0.01, seed: 7 }, { task: 'segmentation', displaySlices: [] }));
    expect(out).toContain('  --epochs overrides epochs: 13 → 2');
    expect(out).toContain('  --lr overrides learningRate: 0.004 → 0.01');
    expect(out).toContain('  --seed overrides seed: 42 → 7');
  });

  it('turns intensity augmentation on with --intensity-augment, with the task\'s own changes (translation: no gamma or contrast)', async () => {
    const file: FakeFile = { task: 'translation', counts: [320, 48, 0], size: 128 };
    const params = await cli(file, '--defaults', '--task', 'translation', '--intensity-augment');
    const page = pageSettings('translation', 'model', 'skip', file).settings;
    expect(page.intensityAugment).toBe(false);
    expect(params.config).toEqual(runConfigOfSettings({ ...page, intensityAugment: true }, { task: 'translation', displaySlices: [] }));
    expect(params.config.intensityAugment).toEqual(intensityAugmentOf('translation'));
    expect(params.config.intensityAugment?.gamma.probability).toBe(0);
    expect(out).toContain('  --intensity-augment overrides intensityAugment: false → true');
    expect(out.find((l) => l.startsWith('  settings: '))).toContain('augmentation off, intensity augmentation off, normalisation');
    // Without --defaults the flag gives the same configuration.
    expect((await cli(file, '--task', 'translation', '--intensity-augment')).config.intensityAugment).toEqual(intensityAugmentOf('translation'));
    expect((await cli(file, '--task', 'translation')).config).not.toHaveProperty('intensityAugment');
  });

  it('names the intensity changes in the run line, and nothing when they are off', () => {
    const config = createRunConfig('translation', { height: 16, width: 16, intensityAugment: intensityAugmentOf('translation') });
    const start = { type: 'run-start' as const, backend: 'wasm', paramCount: 1, config, stepsPerEpoch: 1, trainCount: 2, valCount: 1, startEpoch: 0 };
    expect(runStartLines(start, 'other')[0]).toMatch(/seed 1, intensity-augmented \(bias, blur, lowRes, noise\)$/);
    expect(runStartLines({ ...start, config: { ...config, intensityAugment: null } }, 'other')[0]).toMatch(/seed 1$/);
  });

  it('sizes a learner\'s small translation file by steps, as the page does', async () => {
    const small: FakeFile = { task: 'translation', counts: [39, 5, 6], size: 128 };
    const params = await cli(small, '--defaults', '--task', 'translation');
    const page = pageSettings('translation', 'model', 'skip', small);
    expect(params.config).toEqual(runConfigOfSettings(page.settings, { task: 'translation', displaySlices: [] }));
    expect(params.config.epochs).toBeGreaterThan(10);
    expect(out.find((l) => l.startsWith('  why: '))).toContain('sized by steps');
  });

  it('without --task, takes the task from the file: images as targets mean translation, masks segmentation', async () => {
    const small: FakeFile = { task: 'translation', counts: [39, 5, 6], size: 128 };
    const params = await cli(small, '--defaults');
    expect(params.config.task).toBe('translation');
    expect(out).toContain('Task: translation (--task not given; from the file: it fits only translation)');
    expect(params.config).toEqual(runConfigOfSettings(pageSettings('translation', 'model', 'skip', small).settings, { task: 'translation', displaySlices: [] }));
    expect((await cli(COURSE_CT, '--defaults')).config.task).toBe('segmentation');
    expect(out).toContain('Task: segmentation (--task not given; from the file: its targets are 0/1 masks)');
    await cli(small, '--defaults', '--task', 'translation');
    expect(out.some((l) => l.startsWith('Task: '))).toBe(false);
  });

  it('the lessons\' panels train the model the catalog names (the MDX props and the catalog agree)', () => {
    for (const [lesson, entry] of Object.entries(LESSON_CATALOG)) {
      const mdx = readFileSync(join('src/content/lessons', `${lesson}.mdx`), 'utf8');
      for (const [panel, spec] of Object.entries(entry.panels)) {
        if (spec.kind !== 'training' || !spec.run) continue;
        const line = mdx.split('\n').find((l) => l.includes(`trainingPanel('${panel}')`));
        expect(line, `${lesson} ${panel}`).toContain(`model="${spec.run.model}"`);
        expect(line).not.toContain('recipe=');
      }
    }
  });
});

describe('the command line\'s summary says when a run has not beaten the baseline', () => {
  const metrics = (mae: number) => ({ mae, maeInHead: mae * 2, psnr: 30 - mae * 100, ssim: 0.9 - mae });
  it('names the lost metrics and what to try; nothing when the run won', async () => {
    const lost: FakeFile = { task: 'translation', counts: [39, 5, 6], size: 128, test: metrics(0.0455), table: metrics(0.0319) };
    await cli(lost, '--task', 'translation', '--epochs', '1');
    const sentence = out.find((l) => l.startsWith('This run has not beaten'));
    expect(sentence).toMatch(/lookup table T1 → T2 on any of its metrics on the test slices: MAE 0\.0455 against its 0\.0319 \(lower is better\)/);
    expect(sentence).toMatch(/try more optimisation steps .* another learning rate/);
    await cli({ ...lost, test: metrics(0.02) }, '--task', 'translation', '--epochs', '1');
    expect(out.some((l) => l.startsWith('This run has not beaten'))).toBe(false);
  });
});
