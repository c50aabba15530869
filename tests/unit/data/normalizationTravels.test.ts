import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkNormalizationFits, unitsOfDataset } from '../../../src/lib/data/inputUnits';
import { CT_DEFAULT_NORMALIZATION, defaultNormalizationOf, prepareDataset } from '../../../src/lib/data/prepareDataset';
import { readLessonDataset, scoredSplits } from '../../../src/lib/data/readLessonDataset';
import { buildLungDataset } from '../../../src/lib/phantoms/lungDataset';
import { buildRunModel } from '../../../src/lib/train/buildRunModel';
import { fit } from '../../../src/lib/train/fit';
import { fromLayersModelFiles, readModelMetadata, toLayersModelFiles } from '../../../src/lib/train/layersModelFiles';
import { LESSON2_ADAM } from '../../../src/lib/train/optimizerRegistry';
import { createRunConfig, taskDescriptor, type SegmentationMetrics, type TaskMetrics } from '../../../src/lib/tasks';
import { evaluateTask } from '../../../src/lib/tasks/evaluateTask';
import { useWasm } from '../train/fitTestData';

// Written by tests/fixtures/data/make_fixtures.py with h5py from the course file's test split (32×32):
// int16 HU with units = "HU" (test split only), and the same slices z-scored per slice (val split only).
const fixture = (name: string) => new Uint8Array(readFileSync(fileURLToPath(new URL(`../../fixtures/data/${name}`, import.meta.url))));

beforeAll(useWasm);

const segmentation = taskDescriptor('segmentation');

function dice(metrics: TaskMetrics): number {
  if (metrics.task !== 'segmentation') throw new Error('expected segmentation metrics');
  return (metrics as SegmentationMetrics).meanHardDice;
}

describe('the normalisation travels with the model', () => {
  it('a model trained on course CT, saved and reloaded, scores the same on an h5py HU file it never saw as on the same slices pre-z-scored', { timeout: 240_000 }, async () => {
    // The course's generator at 32×32 (its files declare units = "HU"); a seed of its own, so no fixture slice was seen.
    const course = buildLungDataset({ seed: 7, size: 32, subjects: { train: 5, val: 1, test: 1 }, slicesPerSubject: 8 });
    expect(course.attributes.units).toBe('HU');
    const normalization = defaultNormalizationOf(course);
    expect(normalization).toEqual(CT_DEFAULT_NORMALIZATION);
    const data = prepareDataset(course, { normalization, height: 32, width: 32 });
    const config = createRunConfig('segmentation', { height: 32, width: 32, epochs: 12, batchSize: 8, seed: 2, optimizer: { ...LESSON2_ADAM, learningRate: 3e-3 }, normalization });
    const trained = buildRunModel(config, segmentation);
    let files;
    try {
      await fit({ task: segmentation, model: trained, dataset: data, config });
      files = await toLayersModelFiles(trained, { task: 'segmentation', normalization, inputUnits: unitsOfDataset(course).units });
    } finally {
      trained.dispose();
    }
    // The saved model.json names its normalisation.
    expect(JSON.parse(files.modelJson).userDefinedMetadata.course).toEqual({ task: 'segmentation', normalization: { kind: 'zscore-slice' }, inputUnits: 'HU' });
    const metadata = readModelMetadata(files.modelJson);
    expect(metadata?.normalization).toEqual(normalization);

    const model = await fromLayersModelFiles(files);
    try {
      const hu = await readLessonDataset(fixture('h5py_ct_hu_test_only.h5'), { rules: segmentation.data, purpose: 'evaluate' });
      const zscored = await readLessonDataset(fixture('h5py_ct_zscored_val_only.h5'), { rules: segmentation.data, purpose: 'evaluate' });
      expect(scoredSplits(hu)).toEqual(['test']);
      expect(scoredSplits(zscored)).toEqual(['val']);
      expect(unitsOfDataset(hu)).toMatchObject({ units: 'HU', declared: true });
      expect(unitsOfDataset(zscored)).toMatchObject({ units: 'z-scored', declared: true });
      // Per-slice z-score fits both files: no warning.
      expect(checkNormalizationFits(metadata!.normalization, metadata!.inputUnits, unitsOfDataset(hu))).toBeNull();
      expect(checkNormalizationFits(metadata!.normalization, metadata!.inputUnits, unitsOfDataset(zscored))).toBeNull();

      const onHu = prepareDataset(hu, { normalization: metadata!.normalization, height: 32, width: 32 });
      const onZ = prepareDataset(zscored, { normalization: metadata!.normalization, height: 32, width: 32 });
      const diceHu = dice(await evaluateTask(model, onHu.test!, 'segmentation', { height: 32, width: 32 }));
      const diceZ = dice(await evaluateTask(model, onZ.val, 'segmentation', { height: 32, width: 32 }));
      expect(diceHu).toBeGreaterThan(0.4);
      expect(Math.abs(diceHu - diceZ)).toBeLessThan(0.03);

      // Without the saved normalisation (values as stored), the HU file is scored on raw HU: far worse.
      const raw = prepareDataset(hu, { normalization: { kind: 'none' }, height: 32, width: 32 });
      expect(dice(await evaluateTask(model, raw.test!, 'segmentation', { height: 32, width: 32 }))).toBeLessThan(diceHu - 0.2);
    } finally {
      model.dispose();
    }
  });

  it('warns, with a hint, when a model that expects Hounsfield units meets values that are not HU', async () => {
    const zscored = await readLessonDataset(fixture('h5py_ct_zscored_val_only.h5'), { rules: segmentation.data, purpose: 'evaluate' });
    const hu1000 = await readLessonDataset(fixture('h5py_ct_hu1000_test_only.h5'), { rules: segmentation.data, purpose: 'evaluate' });
    const hu = await readLessonDataset(fixture('h5py_ct_hu_test_only.h5'), { rules: segmentation.data, purpose: 'evaluate' });
    const huModel = { kind: 'hu-scale', divisor: 1000 } as const;
    const onZ = checkNormalizationFits(huModel, 'HU', unitsOfDataset(zscored));
    expect(onZ?.message).toMatch(/trained with Hounsfield units HU \/ 1000 on Hounsfield units, but this file holds already z-scored values/);
    expect(onZ?.hint).toMatch(/units = "HU"/);
    // No units attribute: the sniff sees values around −1..1, not HU.
    expect(unitsOfDataset(hu1000)).toMatchObject({ units: 'other', declared: false });
    expect(checkNormalizationFits({ kind: 'ct-window', level: -600, width: 1500 }, 'HU', unitsOfDataset(hu1000))?.message).toMatch(/values in other units/);
    expect(checkNormalizationFits(huModel, 'HU', unitsOfDataset(hu))).toBeNull();
    // The reverse: a model trained on values as stored in HU ('none'), given z-scored values.
    expect(checkNormalizationFits({ kind: 'none' }, 'HU', unitsOfDataset(zscored))?.message).toMatch(/none \(values as stored\) on Hounsfield units/);
    // A file whose attribute says HU but whose values are not.
    const lying = { ...zscored, attributes: { units: 'HU' } };
    expect(checkNormalizationFits({ kind: 'zscore-slice' }, 'HU', unitsOfDataset(lying))?.message).toMatch(/do not look like HU/);
  });
});
