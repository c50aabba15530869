import { describe, expect, it } from 'vitest';
import { formatDuration } from '../../../src/lib/format';
import { taskDescriptor } from '../../../src/lib/tasks';
import type { BackendName } from '../../../src/lib/train/backendChoice';
import { availableSizes } from '../../../src/lib/plan/offeredSizes';
import { msPerRun } from '../../../src/lib/plan/runCost';
import { formatStep, sizeExponentFor } from '../../../src/lib/plan/stepCost';
import { chooseTrainingDefaults, isGpuBackend, type DefaultsInput, type TrainingDefaults } from '../../../src/lib/plan/trainingDefaults';

// Step times from a fast GPU to plain JavaScript, and the data of both lessons (and a 256² file).
const SPEEDS = [20, 30, 50, 80, 100, 150, 200, 300, 471, 600, 700, 900, 1300, 2000, 2800, 4000, 8000, 29_000, 44_000];
const DATA = [
  { trainCount: 1000, valCount: 150, dataSize: 128 },
  { trainCount: 320, valCount: 48, dataSize: 128 },
  { trainCount: 1299, valCount: 144, dataSize: 256 },
];
const RULES = [
  { targetMinutes: undefined, minEpochs: undefined, maxEpochs: undefined }, // the defaults: 4 minutes, 3 to 7 epochs
  ...(['segmentation', 'translation'] as const).map((task) => {
    const { minutes, minEpochs, maxEpochs } = taskDescriptor(task).firstRun;
    return { targetMinutes: minutes, minEpochs, maxEpochs };
  }),
];
const BACKENDS: BackendName[] = ['wasm', 'webgl', 'webgpu', 'cpu'];

function* cases(): Generator<DefaultsInput> {
  for (const backend of BACKENDS) for (const data of DATA) for (const rule of RULES) for (const msPerStep64 of SPEEDS) yield { msPerStep64, backend, ...data, ...rule };
}

/** What a choice costs by the cost model, with any number of epochs and size. */
function runMs(input: DefaultsInput, d: TrainingDefaults, change: Partial<{ size: number; epochs: number }> = {}): number {
  return msPerRun({
    msPerStep64: input.msPerStep64, sizeExponent: sizeExponentFor(input.backend), size: change.size ?? d.size, batchSize: d.batchSize,
    trainCount: d.trainLimit ?? input.trainCount, valCount: input.valCount!, epochs: change.epochs ?? d.epochs,
  });
}

describe('chooseTrainingDefaults', () => {
  it('states the estimate of the run it chose, by the cost model', () => {
    for (const input of cases()) expect(chooseTrainingDefaults(input).estimatedMs).toBeCloseTo(runMs(input, chooseTrainingDefaults(input)), 6);
  });

  it('on every slice, fits the budget, uses the largest size that allows the least epochs and as many epochs as fit', () => {
    let checked = 0;
    for (const input of cases()) {
      const d = chooseTrainingDefaults(input);
      const budgetMs = (input.targetMinutes ?? 4) * 60_000;
      const minEpochs = input.minEpochs ?? 3;
      const maxEpochs = input.maxEpochs ?? 7;
      if (d.trainLimit !== undefined || d.epochs < minEpochs) continue;
      checked++;
      expect(d.estimatedMs).toBeLessThanOrEqual(budgetMs);
      expect(d.epochs).toBeLessThanOrEqual(maxEpochs);
      // One epoch more would not fit (unless the rule's maximum stopped it).
      if (d.epochs < maxEpochs) expect(runMs(input, d, { epochs: d.epochs + 1 })).toBeGreaterThan(budgetMs);
      // The next larger size the device and data offer does not allow the least epochs.
      const sizes = availableSizes({ dataSize: input.dataSize!, gpu: isGpuBackend(input.backend) });
      const larger = sizes.find((size) => size > d.size);
      if (larger !== undefined) expect(runMs(input, d, { size: larger, epochs: minEpochs })).toBeGreaterThan(budgetMs);
    }
    expect(checked).toBeGreaterThan(50);
  });

  it('on a device too slow for two epochs, trains 3 epochs on whole batches of a subset that fits (or one batch)', () => {
    let checked = 0;
    for (const input of cases()) {
      const d = chooseTrainingDefaults(input);
      if (d.trainLimit === undefined) continue;
      checked++;
      expect(d.epochs).toBe(3);
      expect(d.trainLimit).toBeLessThanOrEqual(input.trainCount);
      expect(d.trainLimit).toBeGreaterThanOrEqual(Math.min(input.trainCount, d.batchSize));
      if (d.trainLimit > d.batchSize) {
        expect(d.trainLimit % d.batchSize).toBe(0);
        expect(d.estimatedMs).toBeLessThanOrEqual((input.targetMinutes ?? 4) * 60_000);
      }
      expect(d.explanation).toContain(`on the first ${d.trainLimit} training slices`);
    }
    expect(checked).toBeGreaterThan(5);
  });

  it('gives a faster device never a smaller first run: no smaller size, and at the same size no fewer epochs × slices', () => {
    for (const backend of BACKENDS) for (const data of DATA) for (const rule of RULES) {
      const runs = [...SPEEDS].reverse().map((msPerStep64) => chooseTrainingDefaults({ msPerStep64, backend, ...data, ...rule }));
      for (let i = 1; i < runs.length; i++) {
        const [slower, faster] = [runs[i - 1], runs[i]];
        expect(faster.size).toBeGreaterThanOrEqual(slower.size);
        const work = (d: TrainingDefaults) => d.epochs * (d.trainLimit ?? data.trainCount);
        if (faster.size === slower.size) expect(work(faster)).toBeGreaterThanOrEqual(work(slower));
      }
    }
  });

  it('trains GPUs with batches of 32 and CPUs with 16, never above the data\'s size, 256 only on a GPU', () => {
    for (const input of cases()) {
      const d = chooseTrainingDefaults(input);
      expect(d.batchSize).toBe(isGpuBackend(input.backend) ? 32 : 16);
      expect(d.size).toBeLessThanOrEqual(input.dataSize!);
      if (!isGpuBackend(input.backend)) expect(d.size).toBeLessThanOrEqual(128);
    }
  });

  it('explains the speed, the epoch times at every size and the choice, and says when the speed is an estimate', () => {
    const input: DefaultsInput = { msPerStep64: 471, backend: 'wasm', trainCount: 320, valCount: 48, dataSize: 128 };
    const d = chooseTrainingDefaults(input);
    expect(d.explanation).toMatch(new RegExp(`^Your device runs one training step of 16 slices at 64×64 in ${formatStep(471)} \\(an estimate`));
    expect(d.explanation).toContain(`One pass over the 320 training slices would take about `);
    for (const size of availableSizes({ dataSize: 128, gpu: false })) expect(d.explanation).toContain(` at ${size}×${size}`);
    expect(d.explanation).toContain(`So we picked ${d.size}×${d.size}, ${d.epochs} epochs and batches of 16: about ${formatDuration(d.estimatedMs)} in all.`);
    expect(chooseTrainingDefaults({ ...input, measured: true }).explanation).not.toContain('estimate');
  });

  it('closes with the lesson\'s sentence when it gives one', () => {
    const input: DefaultsInput = { msPerStep64: 900, backend: 'wasm', trainCount: 1000, valCount: 150 };
    expect(chooseTrainingDefaults({ ...input, comparison: 'The original trained at 256×256.' }).explanation).toMatch(/ The original trained at 256×256\.$/);
    expect(chooseTrainingDefaults(input).explanation).toMatch(/in all\.$/);
  });

  it('counts an eighth of the training slices for validation when the data does not say', () => {
    const input: DefaultsInput = { msPerStep64: 900, backend: 'wasm', trainCount: 1000 };
    expect(chooseTrainingDefaults(input)).toEqual(chooseTrainingDefaults({ ...input, valCount: 125 }));
  });
});
