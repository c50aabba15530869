import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildRunModel } from '../../../src/lib/train/buildRunModel';
import { fit } from '../../../src/lib/train/fit';
import { MIN_TIMED_STEPS } from '../../../src/lib/train/eta';
import { createRunConfig, taskDescriptor, type SegmentationMetrics, type TaskMetrics } from '../../../src/lib/tasks';
import { evaluateTask } from '../../../src/lib/tasks/evaluateTask';
import type { RunConfig, TrainingEvent } from '../../../src/lib/train/types';
import { normalizeDataset } from '../../../src/lib/data/normalizeDataset';
import { buildLungDataset } from '../../../src/lib/phantoms/lungDataset';
import { discDataset, useWasm } from './fitTestData';

beforeAll(useWasm);

const SIZE = 16;
const data = discDataset({ size: SIZE, train: 24, val: 8, test: 8, seed: 7 });

function segmentationMetrics(metrics: TaskMetrics): SegmentationMetrics {
  if (metrics.task !== 'segmentation') throw new Error('expected segmentation metrics');
  return metrics as SegmentationMetrics;
}

function tinyConfig(overrides: Partial<RunConfig> = {}): RunConfig {
  // Lesson 1's SGD (lr 0.05, Nesterov, clip 0.5) is the default for segmentation.
  return createRunConfig('segmentation', { height: SIZE, width: SIZE, epochs: 3, batchSize: 8, seed: 3, ...overrides });
}

describe('fit', () => {
  it('lowers the loss and raises hard Dice on held-back lung-phantom slices, reporting plain-data events', async () => {
    // 32×32 chest-CT phantoms, split by subject: 18 train, 6 val, 6 test slices; HU / 1000 as input.
    const lungs = normalizeDataset(
      buildLungDataset({ seed: 1, size: 32, subjects: { train: 3, val: 1, test: 1 }, slicesPerSubject: 6 }),
      { kind: 'hu-scale' },
    );
    const config = createRunConfig('segmentation', { height: 32, width: 32, epochs: 8, batchSize: 4, seed: 3, displaySlices: [0, 5] });
    const model = buildRunModel(config, taskDescriptor(config.task));
    const events: TrainingEvent[] = [];
    try {
      const before = segmentationMetrics(await evaluateTask(model, lungs.test!, 'segmentation', { height: 32, width: 32 }));
      const result = await fit({ task: taskDescriptor(config.task), model, dataset: lungs, config, onEvent: (e) => events.push(e) });
      const after = segmentationMetrics(await evaluateTask(model, lungs.test!, 'segmentation', { height: 32, width: 32 }));

      expect(result.stoppedEarly).toBe(false);
      expect(result.reason).toBe('completed');
      expect(result.history.map((h) => h.epoch)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
      expect(result.history[7].trainLoss).toBeLessThan(result.history[0].trainLoss - 0.05);
      expect(result.history[7].valLoss).toBeLessThan(result.history[0].valLoss - 0.05);
      expect(after.meanHardDice).toBeGreaterThan(before.meanHardDice + 0.15);
      expect(after.withForeground.mean).toBeGreaterThan(0.2);

      const start = events[0];
      expect(start.type).toBe('run-start');
      if (start.type === 'run-start') {
        expect(start).toMatchObject({ paramCount: 190_771, stepsPerEpoch: 5, trainCount: 18, valCount: 6, startEpoch: 0, backend: 'wasm' });
      }
      const batches = events.filter((e) => e.type === 'batch-end');
      expect(batches).toHaveLength(40);
      const epochEnds = events.filter((e) => e.type === 'epoch-end');
      expect(epochEnds.map((e) => e.epoch)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
      // The epoch's train loss is the mean of its batch losses; the running average ends there.
      const epoch0 = batches.filter((e) => e.epoch === 0);
      const mean0 = epoch0.reduce((sum, e) => sum + (e.type === 'batch-end' ? e.loss : 0), 0) / 5;
      expect(result.history[0].trainLoss).toBeCloseTo(mean0, 6);
      expect(result.history[0].runningLosses[4]).toBeCloseTo(mean0, 6);
      for (const e of epochEnds) if (e.type === 'epoch-end') expect(e.etaMs).not.toBeNull();
      // The time-left estimate rides on every batch too: unknown until the warm-up batch and MIN_TIMED_STEPS more, then a number, as is the measured step.
      const batchEtas = batches.map((e) => (e.type === 'batch-end' ? e.etaMs : undefined));
      expect(batchEtas.slice(0, MIN_TIMED_STEPS).every((t) => t === null)).toBe(true);
      expect(batchEtas.slice(MIN_TIMED_STEPS).every((t) => typeof t === 'number' && t >= 0)).toBe(true);
      const steps = batches.map((e) => (e.type === 'batch-end' ? e.msPerStep : undefined));
      expect(steps.slice(0, MIN_TIMED_STEPS).every((t) => t === null)).toBe(true);
      expect(steps.slice(MIN_TIMED_STEPS).every((t) => typeof t === 'number' && t > 0)).toBe(true);
      const lastEnd = epochEnds[7];
      expect(lastEnd.type === 'epoch-end' && lastEnd.etaMs).toBe(0);

      const predictions = events.filter((e) => e.type === 'predictions');
      expect(predictions).toHaveLength(8);
      const shown = predictions[7].type === 'predictions' ? predictions[7].slices : [];
      expect(shown.map((sl) => sl.index)).toEqual([0, 5]);
      expect(shown[1].prediction).toBeInstanceOf(Float32Array);
      expect(shown[1].prediction).toHaveLength(32 * 32);
      expect(Array.from(shown[1].target)).toEqual(Array.from(lungs.val.y.subarray(5 * 32 * 32, 6 * 32 * 32)));
      // Events must survive postMessage: structuredClone keeps them intact.
      expect(structuredClone(events.at(-1))).toEqual(events.at(-1));
      expect(events.at(-1)?.type).toBe('run-end');
    } finally {
      model.dispose();
    }
  });

  it('leaks no tensors: the count is flat across epochs and back to the start afterwards', async () => {
    const config = tinyConfig({ epochs: 3, displaySlices: [1] });
    const model = buildRunModel(config, taskDescriptor(config.task));
    try {
      const start = tf.memory().numTensors;
      const atEpochEnd: number[] = [];
      await fit({ task: taskDescriptor(config.task), model, dataset: data, config, onEvent: (e) => e.type === 'epoch-end' && atEpochEnd.push(tf.memory().numTensors) });
      expect(atEpochEnd).toHaveLength(3);
      expect(new Set(atEpochEnd).size).toBe(1);
      expect(tf.memory().numTensors).toBe(start);
    } finally {
      model.dispose();
    }
  });

  it('with augmentation also leaks nothing and validates on unaugmented data', async () => {
    const augment = { rotationRange: 10, shearRange: 5, widthShiftRange: 0.1, heightShiftRange: 0.1, zoomRange: [0.9, 1.1] as [number, number], horizontalFlip: true, verticalFlip: false, fillMode: 'nearest' as const, cval: 0 };
    const config = tinyConfig({ epochs: 2, augment });
    const model = buildRunModel(config, taskDescriptor(config.task));
    try {
      const start = tf.memory().numTensors;
      const result = await fit({ task: taskDescriptor(config.task), model, dataset: data, config });
      expect(tf.memory().numTensors).toBe(start);
      // Validation is deterministic on unaugmented data: re-validating the final model gives the last valLoss.
      const again = segmentationMetrics(await evaluateTask(model, data.val, 'segmentation', { height: SIZE, width: SIZE }));
      expect(again.meanHardDice).toBeCloseTo(result.history[1].valMetric, 6);
    } finally {
      model.dispose();
    }
  });

  it('gives the same first-epoch losses for the same seed and backend, and different ones for another seed', async () => {
    const losses = async (seed: number) => {
      const config = tinyConfig({ epochs: 1, seed });
      const model = buildRunModel(config, taskDescriptor(config.task));
      const batch: number[] = [];
      try {
        const result = await fit({ task: taskDescriptor(config.task), model, dataset: data, config, onEvent: (e) => e.type === 'batch-end' && batch.push(e.loss) });
        return { batch, valLoss: result.history[0].valLoss };
      } finally {
        model.dispose();
      }
    };
    const a = await losses(11);
    const b = await losses(11);
    const c = await losses(12);
    expect(a.batch).toHaveLength(3);
    expect(b).toEqual(a);
    expect(c.batch).not.toEqual(a.batch);
  });
});
