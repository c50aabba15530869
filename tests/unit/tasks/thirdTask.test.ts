/**
 * A task is one folder: the test-only denoising task (tests/fixtures/tasks/denoising) is registered
 * and then trained, evaluated, drawn, exported and imported through the same engine the page and the
 * CLI use, with no file under src naming it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import 'fake-indexeddb/auto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createEngine } from '../../../src/lib/engine/engine';
import type { EngineApi } from '../../../src/lib/engine/protocol';
import { encodeLessonDataset } from '../../../src/lib/data/writeLessonDataset';
import { createRunConfig, isTask, registerTask, taskDescriptor, taskNames } from '../../../src/lib/tasks';
import { taskAllows } from '../../../src/course/presetFields';
import { denoising } from '../../fixtures/tasks/denoising';
import { tinyDenoisingDataset } from '../../fixtures/tasks/denoising/dataset';
import { NODE_CAPABILITIES } from '../nodeCapabilities';

const nodeCaps = NODE_CAPABILITIES;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : [path];
  });
}

describe('a third task registered from outside src', () => {
  let engine: EngineApi;

  beforeAll(async () => {
    registerTask(denoising);
    engine = createEngine();
    await engine.init({ backend: 'wasm', capabilities: nodeCaps });
  });
  afterAll(() => engine.dispose({}));

  it('is not named anywhere under src', () => {
    const naming = sourceFiles('src').filter((f) => /denois/i.test(readFileSync(f, 'latin1')));
    expect(naming).toEqual([]);
  });

  it('joins the registry, the preset checks and refuses a clash of names', () => {
    expect(isTask('denoising')).toBe(true);
    expect(taskNames()).toContain('denoising');
    expect(taskAllows('denoising').losses).toEqual(['mse', 'mae']);
    expect(taskAllows('denoising').normalizations).not.toContain('lung-window');
    registerTask(denoising);
    expect(() => registerTask({ ...denoising })).toThrow(/already registered/);
  });

  it('is inspected, loaded, trained, evaluated and drawn through the engine', async () => {
    const bytes = await encodeLessonDataset(tinyDenoisingDataset());
    const inspection = await engine.inspectDataset({ source: { bytes: bytes.slice().buffer }, label: 'denoise.h5' });
    expect(inspection.lessons.denoising.usable).toBe(true);
    expect(inspection.lessons.segmentation.usable).toBe(false);

    const summary = await engine.loadDataset({ source: { bytes: bytes.slice().buffer }, task: 'denoising', label: 'denoise.h5' });
    expect(summary.task).toBe('denoising');
    const config = createRunConfig('denoising', { height: 16, width: 16, epochs: 3, model: 'plain', seed: 5, displaySlices: [0] });
    expect(config.batchSize).toBe(4);
    const result = await engine.train({ config }, { requestId: 1, onEvent: () => undefined });
    expect(result.history).toHaveLength(3);
    expect(result.history[0].metricName).toBe('mae');
    // Its default loss (MSE) trains: the training loss falls.
    expect(result.history[2].trainLoss).toBeLessThan(result.history[0].trainLoss);

    const evaluation = await engine.evaluate({ split: 'test' });
    expect(evaluation.task).toBe('denoising');
    const printed = taskDescriptor('denoising').summarizeTest(evaluation);
    expect(printed.numbers.map((n) => n.label)).toEqual(['MSE, all 4 test slices', 'PSNR (dB)']);
    expect(printed.numbers[0].value).toBeGreaterThan(0);

    const predictions = await engine.predict({ split: 'test', indices: [0] });
    const view = denoising.renderSlice({ width: 16, height: 16, input: predictions.inputs, target: predictions.targets, output: predictions.predictions }, { threshold: 0.5, opacity: 0.5 });
    expect(view.rows[0].map((i) => i.key)).toEqual(['input', 'prediction', 'truth', 'difference']);
    expect(view.score.value).toBeCloseTo(predictions.predictions.reduce((s, p, i) => s + (p - predictions.targets[i]) ** 2, 0) / 256, 5);
  });

  it('exports and imports its model under its own name', async () => {
    const files = await engine.exportModel({});
    expect(JSON.parse(files.modelJson).userDefinedMetadata.course.task).toBe('denoising');
    const imported = await engine.importModel({ modelJson: files.modelJson, weights: files.weights.slice() });
    expect(imported.task).toBe('denoising');
  });
});
