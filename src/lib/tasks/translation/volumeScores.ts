/** Translation per patient: MAE, PSNR and SSIM inside the head of each test volume, from the shared volume metrics. */
import type { SplitVolumes } from '../../data/volumesOfSplit';
import { regionIntensityMetrics } from '../../losses/volumeMetrics';
import type { VolumeTable } from '../types';
import { buildVolumeTable } from '../volumeTable';

/** One patient's scores inside the head (NaN when the head mask of its slices is empty). */
export interface TranslationVolumeScore {
  label: string;
  slices: number;
  mae: number;
  /** dB. */
  psnr: number;
  ssim: number;
  /** Head voxels scored. */
  voxels: number;
}

/** Every patient's scores, and what the file does not say. */
export interface TranslationVolumes {
  volumes: TranslationVolumeScore[];
  note: string | null;
}

/**
 * Scores each volume of the split inside its head mask: `target`, `prediction` and `head` are the split's
 * [count, height, width] arrays (head > 0.5 inside), `dataRange` the intensity span for PSNR and SSIM.
 * Intensity metrics need no spacing, so every volume is scored whatever geometry the file records.
 */
export function scoreTranslationVolumes(
  target: Float32Array, prediction: Float32Array, head: Float32Array,
  { height, width, dataRange, volumes }: { height: number; width: number; dataRange: number; volumes: SplitVolumes },
): TranslationVolumes {
  const plane = height * width;
  const part = (a: Float32Array, start: number, count: number) => a.subarray(start * plane, (start + count) * plane);
  return {
    // Intensity metrics need no spacing: only a note that the patients themselves are unknown applies.
    note: volumes.volumes.length === 0 ? volumes.note : null,
    volumes: volumes.volumes.map((v) => {
      const m = regionIntensityMetrics(part(target, v.start, v.count), part(prediction, v.start, v.count), part(head, v.start, v.count), { slices: v.count, height, width, dataRange });
      return { label: v.label, slices: v.count, ...m };
    }),
  };
}

/** The per-patient table of a translation evaluation (no rows, only its note, when the file does not name its patients), or undefined without per-patient scores. */
export function translationVolumeTable(perVolume: TranslationVolumes | undefined): VolumeTable | undefined {
  if (!perVolume || (perVolume.volumes.length === 0 && !perVolume.note)) return undefined;
  const { volumes } = perVolume;
  return buildVolumeTable({
    caption: 'Per patient: MAE, PSNR and SSIM inside the head over each patient’s slices',
    volumes: volumes.map((v) => ({ label: v.label, count: v.slices })),
    columns: [
      { header: 'MAE in head (intensity)', digits: 4, values: volumes.map((v) => v.mae) },
      { header: 'PSNR in head (dB)', digits: 1, values: volumes.map((v) => v.psnr) },
      { header: 'SSIM in head', digits: 3, values: volumes.map((v) => v.ssim) },
    ],
    notes: [
      ...(perVolume.note ? [perVolume.note] : []),
      ...(volumes.some((v) => v.voxels === 0) ? ['A dash: the head mask of that patient’s slices is empty.'] : []),
    ],
  });
}
