import { encodeLessonDataset } from '../data/writeLessonDataset';
import { DatasetFormatError, SettingsError } from '../errors';
import { taskDescriptor } from '../tasks';
import { voxelOrientation } from '../volumes/orientation';
import type { Volume } from '../volumes/types';
import { volumesToLessonDataset } from '../volumes/volumesToLessonDataset';
import type { EngineApi } from './protocol';
import { readVolumeFiles } from './readVolumeFiles';
import { handOver } from './transfer';

/** The lessons' slice size, used when an import names none. */
export const DEFAULT_IMPORT_SIZE = 128;

/**
 * Refuses a mask as a translation target: resampled to the lesson's size its slices would no longer be
 * 0/1 only, so the lesson's own check on the file (assertContinuousTargets) would not catch it.
 */
function assertImageTarget(target: Volume): void {
  const { data } = target;
  for (let v = 0; v < data.length; v++) if (data[v] !== 0 && data[v] !== 1) return;
  throw new DatasetFormatError(
    `Expected ${target.source.files[0] ?? 'the target'} to be an image for image-to-image translation, but it holds only 0 and 1, like a segmentation mask.`,
    'Pass the target image (for example the T2-weighted scan) with --target, or import the mask for the segmentation lesson with --task segmentation --mask.',
  );
}

/**
 * The request that turns real scans into a lesson file: reads the image and the target, builds the
 * dataset by the task's rules (a binary-target task reads the target as a mask) and encodes it as HDF5.
 */
export function volumeMethods(options: { maxVolumeBytes?: number } = {}): Pick<EngineApi, 'importVolumes'> {
  return {
    async importVolumes({ image, target, task, size = DEFAULT_IMPORT_SIZE, label, imageSeries, targetSeries }) {
      const descriptor = taskDescriptor(task);
      const kind = descriptor.data.targets === 'binary' ? 'mask' : 'image';
      if (label !== undefined && kind !== 'mask') {
        throw new SettingsError(`A label picks a structure out of a mask; the ${task} lesson's targets are images.`, 'Leave --label out for this task.');
      }
      const budget = options.maxVolumeBytes === undefined ? {} : { maxBytes: options.maxVolumeBytes };
      const imageRead = readVolumeFiles(image, { role: 'image', units: descriptor.hounsfieldInput ? 'HU' : null, ...budget, ...(imageSeries === undefined ? {} : { seriesInstanceUid: imageSeries }) });
      const targetRead = readVolumeFiles(target, { role: kind === 'mask' ? 'mask' : 'target image', units: null, ...budget, ...(targetSeries === undefined ? {} : { seriesInstanceUid: targetSeries }) });
      const imageVolume = imageRead.volume;
      const targetVolume = targetRead.volume;
      if (kind === 'image') assertImageTarget(targetVolume);
      const dataset = volumesToLessonDataset({ image: imageVolume, target: targetVolume, kind, size, consumeTarget: true, ...(label === undefined ? {} : { label }), ...budget });
      const bytes = await encodeLessonDataset(dataset);
      return {
        // A new array the caller owns: a worker moves it to the page instead of copying it.
        bytes: handOver(bytes),
        summary: {
          task,
          size,
          counts: { train: dataset.train.count, val: dataset.val.count, test: dataset.test?.count ?? 0 },
          orientation: { image: voxelOrientation(imageVolume.affine).codes, target: voxelOrientation(targetVolume.affine).codes },
          warnings: dataset.warnings ?? [],
          series: { image: imageRead.series, target: targetRead.series },
        },
      };
    },
  };
}
