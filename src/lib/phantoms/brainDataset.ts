import { SPLIT_NAMES, type SplitArrays, type SplitName } from '../data/types';
import { deriveSeed } from '../random';
import { renderBrainMriSlice } from './brainMriSlice';
import { brainSliceLevels, sampleBrainMriSubject } from './brainMriSubject';
import { assertDatasetConfig, type BuildOptions, type PhantomDataset, type SliceExtras } from './phantomDataset';
import { subjectSeedsBySplit, type SubjectCounts } from './subjectSplits';

/** Version of the brain-MRI generator; bump it whenever its output changes. */
export const BRAIN_MRI_GENERATOR_VERSION = 'brain-mri-phantom/1';

/** Percentile of the training split's signal that the file's scale maps to 1 (brighter pixels clip to 1). */
export const SCALE_PERCENTILE = 99.95;

/** Settings of a synthetic T1→T2 translation dataset. */
export interface BrainDatasetConfig {
  seed: number;
  size: number;
  subjects: SubjectCounts;
  slicesPerSubject: number;
}

/** Value at percentile p (0–100) of every `stride`-th element (a cheap, deterministic estimate). */
function percentile(values: Float32Array, p: number, stride = 7): number {
  const sample = new Float32Array(Math.ceil(values.length / stride));
  for (let k = 0, s = 0; k < values.length; k += stride) sample[s++] = values[k];
  sample.sort();
  return sample[Math.min(sample.length - 1, Math.floor((p / 100) * sample.length))];
}

function scaleInPlace(values: Float32Array, divisor: number): void {
  const inv = 1 / divisor;
  for (let k = 0; k < values.length; k++) {
    const v = values[k] * inv;
    values[k] = v > 1 ? 1 : v;
  }
}

/**
 * Builds the lesson-2 dataset: paired axial brain slices, x = T1-weighted and y = T2-weighted
 * ([N, size, size, 1] each), split by subject. Both are Rician magnitudes divided by one fixed
 * factor per contrast for the whole file (the training split's 99.95th percentile) and clipped
 * to [0, 1], like the original's BraTS slices scaled to [0, 1]. Deterministic; the caller owns the arrays.
 */
export function buildBrainDataset(config: BrainDatasetConfig, options: BuildOptions = {}): PhantomDataset {
  assertDatasetConfig(config, 'brain dataset');
  const { size, slicesPerSubject } = config;
  const seeds = subjectSeedsBySplit(config.seed, config.subjects);
  const total = SPLIT_NAMES.reduce((sum, s) => sum + seeds[s].length * slicesPerSubject, 0);
  const pixels = size * size;
  const splits = {} as Record<SplitName, SplitArrays>;
  const extras = {} as Record<SplitName, SliceExtras>;
  const pd = {} as Record<SplitName, Float32Array>;
  let done = 0;
  let fovMin = Infinity;
  let fovMax = -Infinity;
  let field3 = 0;
  for (const split of SPLIT_NAMES) {
    const count = seeds[split].length * slicesPerSubject;
    const x = new Float32Array(count * pixels);
    const y = new Float32Array(count * pixels);
    pd[split] = new Float32Array(options.keepExtras ? count * pixels : 0);
    const extra: SliceExtras = { labels: new Uint8Array(options.keepExtras ? count * pixels : 0), z: new Float32Array(count), subject: new Int32Array(count) };
    let index = 0;
    seeds[split].forEach((subjectSeed, subjectIndex) => {
      const subject = sampleBrainMriSubject(subjectSeed);
      fovMin = Math.min(fovMin, subject.fovMm);
      fovMax = Math.max(fovMax, subject.fovMm);
      if (subject.field === 3) field3++;
      brainSliceLevels(subjectSeed, slicesPerSubject).forEach((z, k) => {
        const slice = renderBrainMriSlice(subject, z, { size, sliceSeed: deriveSeed(subjectSeed, `slice:${k}`) });
        x.set(slice.t1w, index * pixels);
        y.set(slice.t2w, index * pixels);
        if (options.keepExtras) {
          extra.labels.set(slice.labels, index * pixels);
          pd[split].set(slice.pdw, index * pixels);
        }
        extra.z[index] = z;
        extra.subject[index] = subjectIndex;
        index++;
        options.onEvent?.({ type: 'slice-done', done: ++done, total });
      });
    });
    splits[split] = { x, y, count };
    extras[split] = extra;
  }
  const scaleT1w = percentile(splits.train.x, SCALE_PERCENTILE);
  const scaleT2w = percentile(splits.train.y, SCALE_PERCENTILE);
  const scalePdw = options.keepExtras && pd.train.length > 0 ? percentile(pd.train, SCALE_PERCENTILE) : 1;
  for (const split of SPLIT_NAMES) {
    scaleInPlace(splits[split].x, scaleT1w);
    scaleInPlace(splits[split].y, scaleT2w);
    if (options.keepExtras) {
      scaleInPlace(pd[split], scalePdw);
      extras[split].pdw = pd[split];
    }
  }
  const dataset: PhantomDataset = {
    height: size,
    width: size,
    train: splits.train,
    val: splits.val,
    test: splits.test,
    attributes: {
      description: 'Synthetic paired axial brain MRI: x = T1-weighted spin echo, y = T2-weighted turbo spin echo of the same anatomy.',
      xUnits: `T1w magnitude (spin-echo signal, PD-relative) divided by scaleT1w and clipped to [0, 1]`,
      yUnits: `T2w magnitude (spin-echo signal, PD-relative) divided by scaleT2w and clipped to [0, 1]`,
      normalisation: `one fixed factor per contrast for the whole file: the training split's ${SCALE_PERCENTILE}th percentile`,
      scaleT1w,
      scaleT2w,
      noise: 'Rician, independent per contrast; independent bias fields; background is not 0',
      pixelSizeMmMin: fovMin / size,
      pixelSizeMmMax: fovMax / size,
      generator: BRAIN_MRI_GENERATOR_VERSION,
      seed: config.seed,
      subjectsTrain: config.subjects.train,
      subjectsVal: config.subjects.val,
      subjectsTest: config.subjects.test,
      subjects3T: field3,
      slicesTrain: splits.train.count,
      slicesVal: splits.val.count,
      slicesTest: splits.test.count,
      slicesPerSubject,
      splitBy: 'subject (disjoint subject-id ranges)',
    },
  };
  if (options.keepExtras) dataset.extras = extras;
  return dataset;
}
