import { describe, expect, it } from 'vitest';
import {
  allTasks, datasetRulesByTask, formatMetric, isBetter, isTask, METRICS, registerTask, taskDescriptor, taskNames, type SegmentationMetrics, type TranslationMetrics,
} from '../../../src/lib/tasks';
import { SettingsError } from '../../../src/lib/errors';
import { CT_WINDOWS, percentileRange, toGreyRgba, windowToRange, type RgbaImage } from '../../../src/lib/render';

const W = 4;
const H = 4;
// A 4×4 slice: truth covers the left half; the prediction the top-left quarter plus one wrong pixel.
const target = Float32Array.from({ length: 16 }, (_, i) => (i % W < 2 ? 1 : 0));
const output = Float32Array.from({ length: 16 }, (_, i) => ((i % W < 2 && i < 8) || i === 15 ? 0.9 : 0.1));
const input = Float32Array.from({ length: 16 }, (_, i) => -1000 + 100 * i);

describe('task descriptors', () => {
  it('lists every task under its own name, and rejects unknown names with a SettingsError', () => {
    expect(taskNames()).toEqual(['segmentation', 'translation']);
    for (const name of taskNames()) expect(taskDescriptor(name).task).toBe(name);
    expect(allTasks().map((d) => d.task)).toEqual(taskNames());
    expect(datasetRulesByTask()).toEqual({ segmentation: taskDescriptor('segmentation').data, translation: taskDescriptor('translation').data });
    expect(isTask('translation')).toBe(true);
    expect(isTask('toString')).toBe(false);
    expect(() => taskDescriptor('classification' as never)).toThrow(SettingsError);
  });

  it('registers a task once: the same descriptor again is harmless, another under a taken name or with a default loss it does not offer is refused', () => {
    const segmentation = taskDescriptor('segmentation');
    registerTask(segmentation);
    expect(taskNames()).toEqual(['segmentation', 'translation']);
    expect(() => registerTask({ ...segmentation })).toThrow(SettingsError);
    expect(taskDescriptor('segmentation')).toBe(segmentation);
    expect(() => registerTask({ ...segmentation, task: 'colourisation', defaultLoss: 'mae' })).toThrow(/default loss is 'mae'/);
    expect(isTask('colourisation')).toBe(false);
  });

  it('offers its default loss first and reports a metric with a direction', () => {
    for (const d of allTasks()) {
      expect(d.losses[0]).toBe(d.defaultLoss);
      expect(METRICS[d.epochMetric.name]).toBe(d.epochMetric);
    }
    expect(taskDescriptor('segmentation').outputActivation).toBe('sigmoid');
    expect(taskDescriptor('translation').outputActivation).toBe('linear');
    expect(taskDescriptor('segmentation').epochMetric.direction).toBe('higher');
    expect(taskDescriptor('translation').epochMetric.direction).toBe('lower');
    expect(taskDescriptor('segmentation').defaultOptimizer.kind).toBe('sgd');
    expect(taskDescriptor('translation').defaultOptimizer.kind).toBe('adam');
  });

  it('compares and prints metrics by their direction', () => {
    expect(isBetter(METRICS.hardDice, 0.8, 0.7)).toBe(true);
    expect(isBetter(METRICS.mae, 0.8, 0.7)).toBe(false);
    expect(isBetter(METRICS.mae, Number.NaN, 0.7)).toBe(false);
    expect(isBetter(METRICS.mae, 0.7, Number.NaN)).toBe(true);
    expect(formatMetric(METRICS.hardDice, 0.12345)).toBe('0.123');
    expect(formatMetric(METRICS.mae, 0.012345)).toBe('0.0123');
    expect(formatMetric(METRICS.mae, Number.NaN)).toBe('–');
  });

  it('segmentation draws overlay and error map and scores the slice by hard Dice', () => {
    const view = taskDescriptor('segmentation').renderSlice({ width: W, height: H, input, target, output }, { threshold: 0.5, opacity: 0.5 });
    // TP 4 (top-left quarter), FN 4 (bottom-left quarter), FP 1 (pixel 15): Dice 8 / 13.
    expect(view.score.value).toBeCloseTo(8 / 13, 6);
    expect(view.compact.map((i) => i.key)).toEqual(['overlay', 'errors']);
    expect(view.compact[1].label).toBe('Errors: 4 TP, 1 FP, 4 FN pixels');
    expect(view.rows.flat().every((i) => i.image.width === W && i.image.rgba.length === W * H * 4)).toBe(true);
    expect(view.scale).toBeNull();
    expect(view.legend.length).toBeGreaterThan(0);
  });

  it('segmentation draws a CT slice in Hounsfield units through the lung window', () => {
    const segmentation = taskDescriptor('segmentation');
    const lung = windowToRange(CT_WINDOWS.lung);
    expect(segmentation.inputRange(input)).toEqual(lung);
    const picture = segmentation.renderSlice({ width: W, height: H, input, target, output }, { threshold: 0.5, opacity: 0.5 }).rows[0][0];
    expect(picture.label).toBe('CT (lung window)');
    expect(picture.image).toEqual(toGreyRgba(input, W, H, lung));
  });

  it('segmentation draws a z-scored CT slice (values around 0) over its own range, not flat through the lung window', () => {
    const segmentation = taskDescriptor('segmentation');
    // The same ramp z-scored: mean 0, standard deviation 1 (about −1.6 … 1.6).
    const mean = input.reduce((s, v) => s + v, 0) / input.length;
    const std = Math.sqrt(input.reduce((s, v) => s + (v - mean) ** 2, 0) / input.length);
    const zscored = input.map((v) => (v - mean) / std);
    const greys = (image: RgbaImage) => new Set(Array.from({ length: W * H }, (_, i) => image.rgba[i * 4]));
    // Through the lung window every value around 0 HU is the same light grey: nothing to see.
    expect(greys(toGreyRgba(zscored, W, H, windowToRange(CT_WINDOWS.lung))).size).toBeLessThanOrEqual(2);
    expect(segmentation.inputRange(zscored)).toEqual(percentileRange(zscored));
    const picture = segmentation.renderSlice({ width: W, height: H, input: zscored, target, output }, { threshold: 0.5, opacity: 0.5 }).rows[0][0];
    expect(picture.label).toBe('CT (not in HU: drawn over its own range)');
    const drawn = greys(picture.image);
    expect(drawn.size).toBeGreaterThan(2);
    expect(Math.min(...drawn)).toBe(0);
    expect(Math.max(...drawn)).toBe(255);
  });

  it('translation draws prediction and absolute difference on a fixed colour scale and scores the slice by MAE', () => {
    const view = taskDescriptor('translation').renderSlice({ width: W, height: H, input, target, output }, { threshold: 0.5, opacity: 0.5 });
    const mae = output.reduce((s, v, i) => s + Math.abs(v - target[i]), 0) / 16;
    expect(view.score.value).toBeCloseTo(mae, 6);
    expect(view.rows[0].map((i) => i.key)).toEqual(['input', 'difference', 'prediction', 'truth']);
    expect(view.scale).toMatchObject({ min: 0 });
    // The same difference is coloured alike whatever the rest of the slice holds (not self-normalised).
    const other = taskDescriptor('translation').renderSlice({ width: W, height: H, input, target, output: output.map((v, i) => (i === 0 ? v : target[i])) }, { threshold: 0.5, opacity: 0.5 });
    const px = (v: typeof view) => Array.from(v.rows[0][1].image.rgba.slice(0, 4));
    expect(px(other)).toEqual(px(view));
  });

  it('summarises a test evaluation as labelled numbers, with a histogram and a typical slice only for segmentation', () => {
    const seg: SegmentationMetrics = {
      task: 'segmentation', count: 3, meanHardDice: 0.6, perSlice: [1, 0.5, 0.3], hasForeground: [0, 1, 1],
      withForeground: { count: 2, mean: 0.4 }, withoutForeground: { count: 1, mean: 1 },
    };
    const s = taskDescriptor('segmentation').summarizeTest(seg);
    expect(s.numbers.map((n) => n.label)).toEqual(['Hard Dice, all 3 test slices', 'Slices with lung (2)', 'Slices without lung (1)']);
    expect(s.numbers[0].text).toBe('0.600');
    expect(s.distribution?.values).toEqual([0.5, 0.3]);
    expect(s.typicalSlice?.index).toBe(1);
    const tr: TranslationMetrics = { task: 'translation', count: 2, mae: 0.0166, maeInHead: 0.03, psnr: 28.04, ssim: 0.9 };
    const t = taskDescriptor('translation').summarizeTest(tr);
    expect(t.numbers.map((n) => n.text)).toEqual(['0.0166', '0.0300', '28.0', '0.900']);
    expect(t.distribution).toBeNull();
    const trWithR: TranslationMetrics = { ...tr, pearsonInHead: 0.7712 };
    const withR = taskDescriptor('translation').summarizeTest(trWithR);
    expect(withR.numbers.map((n) => n.label)).toContain('Pearson r inside the head');
    expect(withR.numbers.at(-1)?.text).toBe('0.771');
    expect(() => taskDescriptor('translation').summarizeTest(seg)).toThrow(/segmentation metrics/);
  });
});
