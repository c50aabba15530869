/** Segmentation per patient: 3-D Dice and HD95 (mm) of each test volume, from the shared volume metrics. */
import type { SplitVolumes } from '../../data/volumesOfSplit';
import { dice3d, hausdorff95 } from '../../losses/volumeMetrics';
import type { VolumeTable } from '../types';
import { buildVolumeTable } from '../volumeTable';

/** One patient's scores. */
export interface SegmentationVolumeScore {
  label: string;
  slices: number;
  dice: number;
  /** 95th-percentile Hausdorff distance, mm: NaN when the reference or the prediction is empty, null when the file gives no geometry. */
  hd95: number | null;
}

/** Every patient's scores, and why some are missing. */
export interface SegmentationVolumes {
  volumes: SegmentationVolumeScore[];
  note: string | null;
}

/**
 * Scores each volume of the split: `target` and `prediction` are the split's [count, height, width]
 * arrays (values > 0.5 inside). Separate slices (a phantom's) are measured in-plane at their levels;
 * a contiguous stack in 3-D at its slice spacing.
 */
export function scoreSegmentationVolumes(
  target: Float32Array, prediction: Float32Array, { height, width, volumes }: { height: number; width: number; volumes: SplitVolumes },
): SegmentationVolumes {
  const plane = height * width;
  return {
    note: volumes.note,
    volumes: volumes.volumes.map((v) => {
      const t = target.subarray(v.start * plane, (v.start + v.count) * plane);
      const p = prediction.subarray(v.start * plane, (v.start + v.count) * plane);
      const g = v.geometry;
      const hd95 = g
        ? hausdorff95(t, p, { slices: v.count, height, width, rowSpacing: g.rowSpacingMm, columnSpacing: g.columnSpacingMm, slicePositions: g.slicePositionsMm }, { inPlane: g.separateSlices })
        : null;
      return { label: v.label, slices: v.count, dice: dice3d(t, p), hd95 };
    }),
  };
}

/** The per-patient table of a segmentation evaluation (no rows, only its note, when the file does not name its patients), or undefined without per-patient scores. */
export function segmentationVolumeTable(perVolume: SegmentationVolumes | undefined): VolumeTable | undefined {
  if (!perVolume || (perVolume.volumes.length === 0 && !perVolume.note)) return undefined;
  const { volumes } = perVolume;
  const known = volumes.some((v) => v.hd95 !== null);
  const notes: string[] = [];
  if (perVolume.note) notes.push(known || volumes.length === 0 ? perVolume.note : `HD95 is unknown for this file. ${perVolume.note}`);
  if (volumes.some((v) => v.hd95 !== null && Number.isNaN(v.hd95))) notes.push('A dash under HD95: the reference or the prediction of that patient is empty, so no distance exists.');
  return buildVolumeTable({
    caption: `Per patient: 3-D Dice${known ? ' and 95th-percentile Hausdorff distance (HD95)' : ''} over each patient’s slices`,
    volumes: volumes.map((v) => ({ label: v.label, count: v.slices })),
    columns: [
      { header: '3-D Dice', digits: 3, values: volumes.map((v) => v.dice) },
      ...(known ? [{ header: 'HD95 (mm)', digits: 1, values: volumes.map((v) => v.hd95 ?? Number.NaN) }] : []),
    ],
    notes,
  });
}
