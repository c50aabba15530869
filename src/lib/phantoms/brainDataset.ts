import { TARGET_SCALE_PERCENTILE, stridedPercentile } from '../data/targetScale';
import { SPLIT_NAMES } from '../data/types';
import { renderBrainMriSlice } from './brainMriSlice';
import { sampleBrainMriSubjectOf } from './brainMriHospital';
import { BRAIN_LEVEL_MM, brainSliceLevels } from './brainMriSubject';
import { phantomGeometryAttributes } from './geometryAttributes';
import { assertDatasetConfig, type BuildOptions, type PhantomDataset } from './phantomDataset';
import { renderSplits } from './renderSplits';
import { PROFILE_SUMMARIES, type PhantomProfile } from './phantomProfiles';
import type { SubjectCounts } from './subjectSplits';

/** Version of the brain-MRI generator; bump it whenever its output changes (2: the course's wider scanner and head variety, issue 22). */
export const BRAIN_MRI_GENERATOR_VERSION = 'brain-mri-phantom/2';

/** Percentile of the training split's signal that the file's scale maps to 1 (brighter pixels clip to 1). */
export const SCALE_PERCENTILE = TARGET_SCALE_PERCENTILE;

/** Settings of a synthetic T1→T2 translation dataset. */
export interface BrainDatasetConfig {
  seed: number;
  size: number;
  subjects: SubjectCounts;
  slicesPerSubject: number;
  /** Which hospital the subjects come from (default 'course': the lessons' files, unchanged). */
  profile?: PhantomProfile;
}

/** The course file's factors: every 7th value's percentile (the estimate the file has always used). */
const percentile = (values: Float32Array, p: number) => stridedPercentile(values, p, 7);

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
  const profile = config.profile ?? 'course';
  const { splits, extras, extraImages: pd, subjects } = renderSplits(config, options, {
    sampleSubject: (seed) => sampleBrainMriSubjectOf(seed, profile),
    levels: brainSliceLevels,
    renderSlice: (subject, z, opts) => {
      const slice = renderBrainMriSlice(subject, z, opts);
      return { x: slice.t1w, y: slice.t2w, labels: slice.labels, extra: slice.pdw };
    },
  });
  const fovs = subjects.map((s) => s.fovMm);
  const fovMin = Math.min(...fovs);
  const fovMax = Math.max(...fovs);
  const field3 = subjects.filter((s) => s.field === 3).length;
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
      // Per subject and per slice, so that per-patient metrics (HD95) are measured in millimetres.
      ...phantomGeometryAttributes({ subjects, extras, size, levelMm: BRAIN_LEVEL_MM }),
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
  if (profile !== 'course') {
    Object.assign(dataset.attributes, {
      profile, profileDiffers: PROFILE_SUMMARIES[profile].brainMri, generator: `${BRAIN_MRI_GENERATOR_VERSION}+${profile}`,
      fieldStrengthsT: [...new Set(subjects.map((s) => s.field))].sort().join(','),
      heldOut: 'held-out test set for docs/transfer.md: no lesson trains on it; scaled by its own training split like any file',
    });
  }
  if (options.keepExtras) dataset.extras = extras;
  return dataset;
}
