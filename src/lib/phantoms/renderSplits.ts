import { SPLIT_NAMES, type SplitArrays, type SplitName } from '../data/types';
import { deriveSeed } from '../random';
import type { BuildOptions, SliceExtras } from './phantomDataset';
import { subjectSeedsBySplit, type SubjectCounts } from './subjectSplits';

/** One rendered slice as the split builder stores it: input, target, labels, and an optional third image. */
export interface StoredSlice {
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  labels: Uint8Array;
  /** Kept only with `keepExtras` (the brain phantom's PD-weighted image). */
  extra?: ArrayLike<number>;
}

/** How one phantom makes subjects, picks their levels and renders a slice. */
export interface PhantomRenderer<Subject, Slice extends StoredSlice> {
  sampleSubject(seed: number): Subject;
  levels(seed: number, count: number): number[];
  renderSlice(subject: Subject, z: number, options: { size: number; sliceSeed: number }): Slice;
}

/** What every split holds after rendering, plus every subject for the builder's statistics. */
export interface RenderedSplits<Subject> {
  splits: Record<SplitName, SplitArrays>;
  extras: Record<SplitName, SliceExtras>;
  /** Per split, the extra images ([count, size, size]); empty arrays without `keepExtras`. */
  extraImages: Record<SplitName, Float32Array>;
  subjects: Subject[];
}

/**
 * Renders `slicesPerSubject` slices of every subject of every split (subjects split by seed range)
 * into new [count, size, size, 1] arrays the caller owns. `onSlice` sees each slice as it is made.
 */
export function renderSplits<Subject, Slice extends StoredSlice>(
  config: { seed: number; size: number; subjects: SubjectCounts; slicesPerSubject: number },
  options: BuildOptions,
  renderer: PhantomRenderer<Subject, Slice>,
  onSlice?: (slice: Slice) => void,
): RenderedSplits<Subject> {
  const { size, slicesPerSubject } = config;
  const seeds = subjectSeedsBySplit(config.seed, config.subjects);
  const total = SPLIT_NAMES.reduce((sum, s) => sum + seeds[s].length * slicesPerSubject, 0);
  const pixels = size * size;
  const keep = options.keepExtras === true;
  const splits = {} as Record<SplitName, SplitArrays>;
  const extras = {} as Record<SplitName, SliceExtras>;
  const extraImages = {} as Record<SplitName, Float32Array>;
  const subjects: Subject[] = [];
  let done = 0;
  for (const split of SPLIT_NAMES) {
    const count = seeds[split].length * slicesPerSubject;
    const x = new Float32Array(count * pixels);
    const y = new Float32Array(count * pixels);
    const images = new Float32Array(keep ? count * pixels : 0);
    const extra: SliceExtras = { labels: new Uint8Array(keep ? count * pixels : 0), z: new Float32Array(count), subject: new Int32Array(count) };
    let index = 0;
    seeds[split].forEach((subjectSeed, subjectIndex) => {
      const subject = renderer.sampleSubject(subjectSeed);
      subjects.push(subject);
      renderer.levels(subjectSeed, slicesPerSubject).forEach((z, k) => {
        const slice = renderer.renderSlice(subject, z, { size, sliceSeed: deriveSeed(subjectSeed, `slice:${k}`) });
        x.set(slice.x, index * pixels);
        y.set(slice.y, index * pixels);
        if (keep) {
          extra.labels.set(slice.labels, index * pixels);
          if (slice.extra) images.set(slice.extra, index * pixels);
        }
        extra.z[index] = z;
        extra.subject[index] = subjectIndex;
        index++;
        onSlice?.(slice);
        options.onEvent?.({ type: 'slice-done', done: ++done, total });
      });
    });
    splits[split] = { x, y, count };
    extras[split] = extra;
    extraImages[split] = images;
  }
  return { splits, extras, extraImages, subjects };
}
