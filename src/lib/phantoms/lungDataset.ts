import { SPLIT_NAMES, type SplitArrays, type SplitName } from '../data/types';
import { deriveSeed } from '../random';
import { renderChestCtSlice } from './chestCtSlice';
import { chestSliceLevels, sampleChestCtSubject } from './chestCtSubject';
import { assertDatasetConfig, type BuildOptions, type PhantomDataset, type SliceExtras } from './phantomDataset';
import { subjectSeedsBySplit, type SubjectCounts } from './subjectSplits';

/** Version of the chest-CT generator; bump it whenever its output changes. */
export const CHEST_CT_GENERATOR_VERSION = 'chest-ct-phantom/1';

/** Settings of a synthetic lung-segmentation dataset. */
export interface LungDatasetConfig {
  seed: number;
  /** Image height = width in pixels (e.g. 128 or 256). */
  size: number;
  subjects: SubjectCounts;
  slicesPerSubject: number;
}

/**
 * Builds the lesson-1 dataset: axial chest-CT slices x (HU, [N, size, size, 1]) and binary lung
 * masks y (0/1, same shape), split by subject. Deterministic in `config`; the caller owns the arrays.
 */
export function buildLungDataset(
  config: LungDatasetConfig,
  options: BuildOptions = {},
): PhantomDataset {
  assertDatasetConfig(config, 'lung dataset');
  const { size, slicesPerSubject } = config;
  const seeds = subjectSeedsBySplit(config.seed, config.subjects);
  const total = SPLIT_NAMES.reduce((sum, s) => sum + seeds[s].length * slicesPerSubject, 0);
  const pixels = size * size;
  const splits = {} as Record<SplitName, SplitArrays>;
  const extras = {} as Record<SplitName, SliceExtras>;
  let done = 0;
  let fovMin = Infinity;
  let fovMax = -Infinity;
  let lungSlices = 0;
  for (const split of SPLIT_NAMES) {
    const count = seeds[split].length * slicesPerSubject;
    const x = new Float32Array(count * pixels);
    const y = new Float32Array(count * pixels);
    const extra: SliceExtras = { labels: new Uint8Array(options.keepExtras ? count * pixels : 0), z: new Float32Array(count), subject: new Int32Array(count) };
    let index = 0;
    seeds[split].forEach((subjectSeed, subjectIndex) => {
      const subject = sampleChestCtSubject(subjectSeed);
      fovMin = Math.min(fovMin, subject.fovMm);
      fovMax = Math.max(fovMax, subject.fovMm);
      const levels = chestSliceLevels(subjectSeed, slicesPerSubject);
      levels.forEach((z, k) => {
        const slice = renderChestCtSlice(subject, z, { size, sliceSeed: deriveSeed(subjectSeed, `slice:${k}`) });
        x.set(slice.hu, index * pixels);
        for (let p = 0; p < pixels; p++) y[index * pixels + p] = slice.mask[p];
        if (slice.lungFraction > 0) lungSlices++;
        if (options.keepExtras) extra.labels.set(slice.labels, index * pixels);
        extra.z[index] = z;
        extra.subject[index] = subjectIndex;
        index++;
        options.onEvent?.({ type: 'slice-done', done: ++done, total });
      });
    });
    splits[split] = { x, y, count };
    extras[split] = extra;
  }
  const dataset: PhantomDataset = {
    height: size,
    width: size,
    train: splits.train,
    val: splits.val,
    test: splits.test,
    attributes: {
      description: 'Synthetic axial chest-CT slices (x) with binary lung masks (y), left and right lung together.',
      xUnits: 'Hounsfield units (integers, clipped below at -1024)',
      yUnits: 'binary mask: 1 = lung (vessels and fissures included; trachea, bronchi, hila, gas excluded)',
      normalisation: 'none stored; the lessons normalise at load time (e.g. per-slice z-score)',
      pixelSizeMmMin: fovMin / size,
      pixelSizeMmMax: fovMax / size,
      generator: CHEST_CT_GENERATOR_VERSION,
      seed: config.seed,
      subjectsTrain: config.subjects.train,
      subjectsVal: config.subjects.val,
      subjectsTest: config.subjects.test,
      slicesTrain: splits.train.count,
      slicesVal: splits.val.count,
      slicesTest: splits.test.count,
      slicesPerSubject,
      slicesWithLung: lungSlices,
      splitBy: 'subject (disjoint subject-id ranges)',
    },
  };
  if (options.keepExtras) dataset.extras = extras;
  return dataset;
}
