import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import 'fake-indexeddb/auto';
import { createEngine } from '../../../src/lib/engine/engine';
import type { EngineApi } from '../../../src/lib/engine/protocol';
import type { BackendCapabilities } from '../../../src/lib/train/backendChoice';
import { createRunConfig } from '../../../src/lib/tasks';
import type { SegmentationMetrics } from '../../../src/lib/tasks/segmentation/evaluation';
import { encodeLessonDataset } from '../../../src/lib/data/writeLessonDataset';
import type { LessonDataset, SplitArrays } from '../../../src/lib/data/types';
import { toLayersModelFiles } from '../../../src/lib/train/layersModelFiles';
import { tinySegmentationDataset } from '../client/tinyDataset';

const nodeCaps: BackendCapabilities = {
  webgpuAdapter: false, webgpuSmokeTestPassed: null, webgl2: false, webglRenderer: null, webglFloat32RenderTarget: false,
  wasm: true, wasmSimd: true, crossOriginIsolated: false, hardwareConcurrency: 2,
};

async function startWith(data: LessonDataset, task: string): Promise<EngineApi> {
  const engine = createEngine();
  await engine.init({ backend: 'wasm', capabilities: nodeCaps });
  const bytes = await encodeLessonDataset(data);
  await engine.loadDataset({ source: { bytes: bytes.slice().buffer }, task, label: `${task}.h5` });
  return engine;
}

/** The tiny disc dataset stored as CT in Hounsfield units (background −900 HU, discs −200 HU). */
function inHounsfield(data: LessonDataset): LessonDataset {
  const hu = (s: SplitArrays): SplitArrays => ({ ...s, x: s.x.map((v) => v * 1000 - 1000) });
  return { ...data, train: hu(data.train), val: hu(data.val), test: hu(data.test!), attributes: { ...data.attributes, units: 'HU' } };
}

describe('the domain-shift request on a trained segmentation model', () => {
  let engine: EngineApi;

  beforeAll(async () => {
    engine = await startWith(tinySegmentationDataset(), 'segmentation');
    await engine.train({ config: createRunConfig('segmentation', { height: 16, width: 16, epochs: 12, batchSize: 2, model: 'skip', seed: 3, optimizer: { kind: 'adam', learningRate: 0.01 } }) });
  });
  afterAll(() => engine.dispose({}));

  it('gives exactly the evaluation’s test metric at no shift, for every kind', async () => {
    const evaluation = (await engine.evaluate({ split: 'test' })) as SegmentationMetrics;
    for (const [kind, none] of [['noise', 0], ['contrast', 0], ['bias', 0], ['blur', 0], ['lowRes', 1], ['gamma', 1]] as const) {
      const curve = await engine.shiftCurve({ kind, strengths: [none] });
      expect(curve.split).toBe('test');
      expect(curve.count).toBe(2);
      expect(curve.points[0].metrics.meanHardDice).toBe(evaluation.meanHardDice);
    }
  });

  it('scores strong noise lower than none, the same on every request (fixed seed)', async () => {
    const first = await engine.shiftCurve({ kind: 'noise', strengths: [0, 0.5, 2] });
    const again = await engine.shiftCurve({ kind: 'noise', strengths: [0, 0.5, 2] });
    expect(again.points).toEqual(first.points);
    const dice = first.points.map((p) => p.metrics.meanHardDice);
    expect(dice[0]).toBeGreaterThan(0.5);
    expect(dice[2]).toBeLessThan(dice[0]);
    // Another seed draws other noise.
    const other = await engine.shiftCurve({ kind: 'noise', strengths: [2], seed: 99 });
    expect(other.points[0].metrics.meanHardDice).not.toBe(dice[2]);
  });

  it('keeps a per-slice z-scored model blind to contrast and brightness', async () => {
    const curve = await engine.shiftCurve({ kind: 'contrast', strengths: [0, 0.5, 1] });
    const [none, ...shifted] = curve.points.map((p) => p.metrics.meanHardDice);
    for (const d of shifted) expect(d).toBeCloseTo(none, 2);
  });

  it('shows one slice before and after the shift with the model’s output on it', async () => {
    const none = await engine.shiftCurve({ kind: 'noise', strengths: [], example: { strength: 0 } });
    expect(none.points).toEqual([]);
    const ex = none.example!;
    expect(ex.before).toHaveLength(16 * 16);
    expect(Array.from(ex.after)).toEqual(Array.from(ex.before));
    const noisy = (await engine.shiftCurve({ kind: 'noise', strengths: [], example: { strength: 0.5, index: ex.index } })).example!;
    expect(Array.from(noisy.before)).toEqual(Array.from(ex.before));
    expect(noisy.after.some((v, i) => Math.abs(v - ex.before[i]) > 1e-3)).toBe(true);
    expect(Array.from(noisy.target)).toEqual(Array.from(ex.target));
    // The example is the slice with the most lung.
    const sums = [0, 1].map((i) => tinySegmentationDataset().test!.y.subarray(i * 256, (i + 1) * 256).reduce((a, b) => a + b, 0));
    expect(ex.index).toBe(sums[1] > sums[0] ? 1 : 0);
  });

  it('refuses the HU offset on a file that is not in Hounsfield units, and unknown strengths', async () => {
    await expect(engine.shiftCurve({ kind: 'huOffset', strengths: [0] })).rejects.toThrow(/needs inputs in Hounsfield units/);
    await expect(engine.shiftCurve({ kind: 'lowRes', strengths: [0.5] })).rejects.toThrow(/lowRes strength/);
  });

  it('leaks no tensors', async () => {
    await engine.shiftCurve({ kind: 'blur', strengths: [0, 1] });
    const before = tf.memory().numTensors;
    for (const kind of ['noise', 'bias', 'blur', 'lowRes', 'gamma', 'contrast'] as const) {
      await engine.shiftCurve({ kind, strengths: [kind === 'lowRes' || kind === 'gamma' ? 2 : 0.5], example: { strength: kind === 'lowRes' || kind === 'gamma' ? 2 : 0.5 } });
    }
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('the HU offset', () => {
  let engine: EngineApi;
  beforeAll(async () => {
    engine = await startWith(inHounsfield(tinySegmentationDataset()), 'segmentation');
    await engine.train({ config: createRunConfig('segmentation', { height: 16, width: 16, epochs: 2, batchSize: 2, model: 'skip', seed: 3 }) });
  });
  afterAll(() => engine.dispose({}));

  it('adds absolute HU to the stored slices, which a per-slice z-score then removes', async () => {
    const curve = await engine.shiftCurve({ kind: 'huOffset', strengths: [0, 200], example: { strength: 200 } });
    const [none, shifted] = curve.points.map((p) => p.metrics.meanHardDice);
    expect(shifted).toBeCloseTo(none, 3);
    const ex = curve.example!;
    ex.after.forEach((v, i) => expect(v - ex.before[i]).toBeCloseTo(200, 2));
  });
});

describe('a controlled translation case', () => {
  let engine: EngineApi;
  beforeAll(async () => {
    // Target = the input z-scored per slice, and a model that passes its (z-scored) input through: no error without a shift.
    const base = tinySegmentationDataset();
    const z = (s: SplitArrays): SplitArrays => {
      const y = new Float32Array(s.x.length);
      for (let k = 0; k < s.count; k++) {
        const slice = s.x.subarray(k * 256, (k + 1) * 256);
        const mean = slice.reduce((a, b) => a + b, 0) / 256;
        const std = Math.sqrt(slice.reduce((a, b) => a + (b - mean) ** 2, 0) / 256);
        slice.forEach((v, i) => (y[k * 256 + i] = (v - mean) / std));
      }
      return { ...s, y };
    };
    // scaleTarget 1: the file says its targets are in target units already, so the loader leaves them as they are.
    engine = await startWith({ ...base, attributes: { ...base.attributes, scaleTarget: 1 }, train: z(base.train), val: z(base.val), test: z(base.test!) }, 'translation');
    const identity = tf.sequential({ layers: [tf.layers.conv2d({ inputShape: [16, 16, 1], filters: 1, kernelSize: 1, useBias: false, kernelInitializer: 'ones', activation: 'linear' })] });
    const files = await toLayersModelFiles(identity, { task: 'translation', normalization: { kind: 'zscore-slice' }, inputUnits: 'other' });
    identity.dispose();
    await engine.importModel(files);
  });
  afterAll(() => engine.dispose({}));

  it('grows the MAE inside the head with every step of noise, from zero at none', async () => {
    const curve = await engine.shiftCurve({ kind: 'noise', strengths: [0, 0.05, 0.1, 0.2, 0.4] });
    const mae = curve.points.map((p) => p.metrics.maeInHead);
    expect(mae[0]).toBeCloseTo(0, 5);
    for (let i = 1; i < mae.length; i++) expect(mae[i]).toBeGreaterThan(mae[i - 1]);
    expect(Object.keys(curve.points[0].metrics).sort()).toEqual(['maeInHead', 'ssim']);
  });
});
