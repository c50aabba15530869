/** Synthetic chest-CT and brain-MRI phantoms: seeded generators, lesson datasets and rule baselines. */
export { buildLungDataset, CHEST_CT_GENERATOR_VERSION, type LungDatasetConfig } from './lungDataset';
export { buildBrainDataset, BRAIN_MRI_GENERATOR_VERSION, type BrainDatasetConfig } from './brainDataset';
export type { BuildOptions, BuildProgress, PhantomDataset, SliceExtras } from './phantomDataset';
export { sampleChestCtSubject, chestSliceLevels, type ChestCtSubject } from './chestCtSubject';
export { renderChestCtSlice, type ChestCtSlice } from './chestCtSlice';
export { CT_LABELS } from './chestCtTissues';
export { sampleBrainMriSubject, brainSliceLevels, type BrainMriSubject } from './brainMriSubject';
export { renderBrainMriSlice, type BrainMriSlice } from './brainMriSlice';
export { MR_LABELS, RELAXATION, spinEchoSignal } from './brainMriTissues';
export { subjectSeedsBySplit, SPLIT_ID_BASE, type SubjectCounts } from './subjectSplits';
export { lutBaseline, sliceDice, thresholdComponentsDice, thresholdDice, type LutBaselineResult, type SegmentationBaselineResult } from './baselines';
