import { renderChestCtSlice } from './chestCtSlice';
import { sampleChestCtSubjectOf } from './chestCtHospital';
import { CHEST_LEVEL_MM, chestSliceLevels } from './chestCtSubject';
import { phantomGeometryAttributes } from './geometryAttributes';
import { assertDatasetConfig, type BuildOptions, type PhantomDataset } from './phantomDataset';
import { renderSplits } from './renderSplits';
import { PROFILE_SUMMARIES, type HeldOutProfile, type PhantomProfile } from './phantomProfiles';
import type { SubjectCounts } from './subjectSplits';

/** Version of the chest-CT generator; bump it whenever its output changes. */
export const CHEST_CT_GENERATOR_VERSION = 'chest-ct-phantom/3';

/** What the mask marks; course and held-out subjects alike may have disease (chestCtVariety.ts). */
const LUNG_MASK_UNITS = 'binary mask: 1 = lung (vessels, fissures, nodules and consolidation included; trachea, bronchi, hila, gas and pleural effusion excluded)';

/** Settings of a synthetic lung-segmentation dataset. */
export interface LungDatasetConfig {
  seed: number;
  /** Image height = width in pixels (e.g. 128 or 256). */
  size: number;
  subjects: SubjectCounts;
  slicesPerSubject: number;
  /** Which hospital the subjects come from (default 'course': the lessons' files, unchanged). */
  profile?: PhantomProfile;
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
  const profile = config.profile ?? 'course';
  let lungSlices = 0;
  const { splits, extras, subjects } = renderSplits(config, options, {
    sampleSubject: (seed) => sampleChestCtSubjectOf(seed, profile),
    levels: chestSliceLevels,
    renderSlice: (subject, z, opts) => {
      const slice = renderChestCtSlice(subject, z, opts);
      return { x: slice.hu, y: slice.mask, labels: slice.labels, lungFraction: slice.lungFraction };
    },
  }, (slice) => { if (slice.lungFraction > 0) lungSlices++; });
  const fovs = subjects.map((s) => s.fovMm);
  const fovMin = Math.min(...fovs);
  const fovMax = Math.max(...fovs);
  const dataset: PhantomDataset = {
    height: size,
    width: size,
    train: splits.train,
    val: splits.val,
    test: splits.test,
    attributes: {
      description: 'Synthetic axial chest-CT slices (x) with binary lung masks (y), left and right lung together.',
      // Machine-readable: the course picks the input normalisation from it (defaultNormalization).
      units: 'HU',
      xUnits: 'Hounsfield units (integers, clipped below at -1024)',
      yUnits: LUNG_MASK_UNITS,
      normalisation: 'none stored; the course normalises at load time (per-slice z-score by default, see docs/normalization.md)',
      pixelSizeMmMin: fovMin / size,
      pixelSizeMmMax: fovMax / size,
      // Per subject and per slice, so that per-patient metrics (HD95) are measured in millimetres.
      ...phantomGeometryAttributes({ subjects, extras, size, levelMm: CHEST_LEVEL_MM }),
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
  if (profile !== 'course') Object.assign(dataset.attributes, heldOutLungAttributes(profile));
  if (options.keepExtras) dataset.extras = extras;
  return dataset;
}

/** What a held-out lung file's attributes say beyond the course's: its profile, what differs, and the mask's rule for disease. */
function heldOutLungAttributes(profile: HeldOutProfile): Record<string, string> {
  return {
    profile,
    profileDiffers: PROFILE_SUMMARIES[profile].lungCt,
    generator: `${CHEST_CT_GENERATOR_VERSION}+${profile}`,
    heldOut: 'held-out test set for docs/transfer.md: no lesson trains on it',
  };
}
