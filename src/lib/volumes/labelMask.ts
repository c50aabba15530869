/** A binary mask from a label map: the structure a segmentation lesson learns. */
import { DatasetFormatError } from '../errors';
import type { Volume } from './types';
import { volumeLabel } from './volumeLabel';

/** How many distinct values an error message lists before it only counts them. */
const MAX_LISTED_LABELS = 20;

export interface LabelMaskOptions {
  /** Keep voxels equal to this value; default: every non-zero voxel (all labels together). */
  label?: number;
  /** Write the mask over the label map's own array (a reader's copy nobody else holds): no second copy of a large scan. */
  inPlace?: boolean;
}

/** The distinct values of `data`, sorted, stopping once there are more than `limit`. */
function distinctValues(data: Float32Array, limit: number): { values: number[]; more: boolean } {
  const seen = new Set<number>();
  for (let v = 0; v < data.length; v++) {
    seen.add(data[v]);
    if (seen.size > limit) return { values: [...seen].sort((a, b) => a - b), more: true };
  }
  return { values: [...seen].sort((a, b) => a - b), more: false };
}

/**
 * A 0/1 mask on the label map's grid: 1 where the voxel is non-zero (default) or equals `label`. Throws a
 * DatasetFormatError naming the labels present when `label` does not occur. NaN counts as background.
 * The caller owns the new volume; `labels` is not changed unless `inPlace` (then checked before it is overwritten).
 */
export function labelMask(labels: Volume, options: LabelMaskOptions = {}): Volume {
  const { label } = options;
  const source = labels.data;
  const isOn = (value: number) => (label === undefined ? value !== 0 && !Number.isNaN(value) : value === label);
  let found = 0;
  for (let v = 0; v < source.length; v++) if (isOn(source[v])) found++;
  if (label !== undefined && found === 0) {
    const { values, more } = distinctValues(source, MAX_LISTED_LABELS);
    const present = values.filter((v) => v !== 0);
    const listed = more ? `more than ${MAX_LISTED_LABELS} distinct values (${present.slice(0, 5).join(', ')}, …), so it may be an image rather than a label map` : present.length > 0 ? `the labels ${present.join(', ')}` : 'only 0 (no structure at all)';
    throw new DatasetFormatError(
      `Expected the label ${label} in ${volumeLabel(labels)}, but it holds ${listed}.`,
      present.length > 0 ? 'Choose one of the labels it holds, or leave the label out to use every non-zero voxel.' : 'Choose the mask file that belongs to this scan.',
    );
  }
  const data = options.inPlace ? source : new Float32Array(source.length);
  for (let v = 0; v < source.length; v++) data[v] = isOn(source[v]) ? 1 : 0;
  return { ...labels, data, units: null, warnings: [...labels.warnings] };
}
